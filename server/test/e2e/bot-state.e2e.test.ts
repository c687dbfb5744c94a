/**
 * PRODUCT.md §11: the bot's state (chat sessions, offer cards, blocked chats) is kept by the server, so every bot
 * instance sees the same and an instance taking over continues a conversation where another left it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, asTelegram, newTelegramId, startTestSystem, type TestSystem } from '../harness.js';
import { apiKeyCaller } from '../orders.helpers.js';
import { seedCaller } from '../seed.js';
import { botService, errorCode } from '../live.helpers.js';

const READ = `query ($store: String!, $key: String!) { botState(store: $store, key: $key) }`;
const WRITE = `mutation ($store: String!, $key: String!, $value: JSONObject!) {
  writeBotState(store: $store, key: $key, value: $value)
}`;
const DELETE = `mutation ($store: String!, $key: String!) { deleteBotState(store: $store, key: $key) }`;

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem({ env: { JOBS_ENABLED: 'false' } });
});
afterAll(() => t?.stop());

const rows = () =>
  t.sql<{ store: string; key: string; value: string }>(`SELECT store, key, value FROM bot_state ORDER BY 1, 2`);

describe('bot state kept by the server (§11)', () => {
  it('§11 a value written by one bot instance is read back as written, replaced, and deleted', async () => {
    const bot = botService(t);
    // What a person may type into a draft, kept exactly: quotes, emoji, a NUL character, nested values.
    const draft = { step: 'description', draft: { text: 'Принтер "HP" \u0000 не печатает 🖨️', items: [{ n: 2 }] } };
    expect(await t.ok(READ, { store: 'sessions', key: '1001' }, bot)).toEqual({ botState: null });
    expect(await t.ok(WRITE, { store: 'sessions', key: '1001', value: draft }, bot)).toEqual({ writeBotState: true });
    expect(await t.ok(READ, { store: 'sessions', key: '1001' }, bot)).toEqual({ botState: draft });
    // Another store, same key: separate.
    await t.ok(WRITE, { store: 'offer-cards', key: '1001', value: { messageId: 7 } }, bot);
    await t.ok(WRITE, { store: 'sessions', key: '1001', value: { step: 'done' } }, bot);
    expect(await t.ok(READ, { store: 'sessions', key: '1001' }, bot)).toEqual({ botState: { step: 'done' } });
    expect(await t.ok(READ, { store: 'offer-cards', key: '1001' }, bot)).toEqual({ botState: { messageId: 7 } });
    expect(await t.ok(DELETE, { store: 'sessions', key: '1001' }, bot)).toEqual({ deleteBotState: true });
    expect(await t.ok(DELETE, { store: 'sessions', key: '1001' }, bot)).toEqual({ deleteBotState: false });
    expect(await t.ok(READ, { store: 'sessions', key: '1001' }, bot)).toEqual({ botState: null });
    expect((await rows()).map((r) => [r.store, r.key])).toEqual([['offer-cards', '1001']]);
  });

  it('§11 only the bot service itself: not a person through the bot, not staff, not an API key, not anonymous', async () => {
    const bot = botService(t);
    await t.ok(WRITE, { store: 'sessions', key: '2002', value: { secret: 'draft' } }, bot);
    const owner = await seedCaller(t, { role: 'OWNER' });
    const callers = [
      { caller: asTelegram(t, { id: owner.telegramId }), code: 'FORBIDDEN' },
      { caller: asTelegram(t, { id: newTelegramId() }), code: 'FORBIDDEN' },
      { caller: owner.as, code: 'FORBIDDEN' },
      { caller: await apiKeyCaller(t, ['ORDERS_READ', 'ORDERS_WRITE']), code: 'FORBIDDEN' },
      { caller: anonymous, code: 'UNAUTHENTICATED' },
    ];
    for (const { caller, code } of callers) {
      for (const [query, variables] of [
        [READ, { store: 'sessions', key: '2002' }],
        [WRITE, { store: 'sessions', key: '2002', value: { secret: 'overwritten' } }],
        [DELETE, { store: 'sessions', key: '2002' }],
      ] as const) {
        const r = await t.gql(query, variables, caller);
        expect(Object.values(r.data ?? {}).filter((v) => v !== null)).toEqual([]);
        expect(errorCode(r.errors ?? [])).toBe(code);
      }
    }
    expect(await t.ok(READ, { store: 'sessions', key: '2002' }, bot)).toEqual({ botState: { secret: 'draft' } });
  });

  it('§11 bad store names, keys and values are refused with BAD_USER_INPUT and change nothing', async () => {
    const bot = botService(t);
    await t.ok(WRITE, { store: 'sessions', key: '3003', value: { kept: true } }, bot);
    const before = await rows();
    const bad: Array<[string, Record<string, unknown>, string]> = [
      [WRITE, { store: 'Sessions', key: '3003', value: {} }, 'store'],
      [WRITE, { store: '../etc', key: '3003', value: {} }, 'store'],
      [WRITE, { store: 'x'.repeat(41), key: '3003', value: {} }, 'store'],
      [WRITE, { store: 'sessions', key: '', value: {} }, 'key'],
      [WRITE, { store: 'sessions', key: 'k'.repeat(201), value: {} }, 'key'],
      [WRITE, { store: 'sessions', key: '3003', value: { text: 'x'.repeat(64 * 1024) } }, 'value'],
      [READ, { store: '', key: '3003' }, 'store'],
      [DELETE, { store: 'sessions', key: '' }, 'key'],
    ];
    for (const [query, variables, field] of bad) {
      const r = await t.gql(query, variables, bot);
      expect(errorCode(r.errors ?? [])).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions?.field).toBe(field);
    }
    // Not an object: the JSONObject scalar refuses it before anything runs.
    const notObject = await t.gql(WRITE, { store: 'sessions', key: '3003', value: [1, 2] }, bot);
    expect(errorCode(notObject.errors ?? [])).toBe('BAD_USER_INPUT');
    expect(await rows()).toEqual(before);
  });
});
