import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anonymous,
  asTelegram,
  newTelegramId,
  seedUser,
  startTestSystem,
  type Caller,
  type TestSystem,
} from '../harness.js';
import { seedAccount, seedCaller } from '../seed.js';

let t: TestSystem;
let owner: Caller;
let manager: Caller;

const UPDATE = `mutation($key: String!, $value: String!) { updateSetting(key: $key, value: $value) {
  __typename ... on Setting { key value isDefault } ... on SettingValueRejected { key message allowed } } }`;

beforeAll(async () => {
  t = await startTestSystem();
  const o = newTelegramId();
  const m = newTelegramId();
  await seedUser(t, { role: 'OWNER', telegramId: o });
  await seedUser(t, { role: 'MANAGER', telegramId: m });
  owner = asTelegram(t, { id: o });
  manager = asTelegram(t, { id: m });
});
afterAll(async () => {
  await t?.stop();
});

describe('§9 settings', () => {
  it('§9 lists every setting with its default and range', async () => {
    const r = await t.ok(
      '{ settings { key value defaultValue isDefault min max type description descriptionRu } }',
      {},
      manager,
    );
    const byKey = Object.fromEntries(r.settings.map((s: { key: string }) => [s.key, s]));
    expect(Object.keys(byKey)).toHaveLength(11);
    expect(byKey.ASSIGNED_CONTRACTORS_TIME_LIMIT).toMatchObject({ value: '20', isDefault: true, min: '1', max: '100' });
    expect(byKey.BILLING_DAY).toMatchObject({ value: '1', min: '1', max: '28', type: 'INTEGER' });
    expect(byKey.ORDER_RATE).toMatchObject({ value: '500', type: 'MONEY' });
    expect(byKey.TIMEZONE).toMatchObject({ value: 'Europe/Moscow', type: 'TIME_ZONE', min: null });
    expect(byKey.MAX_ESTIMATE_HOURS).toMatchObject({ value: '24', max: '720' });
  });

  it('§9 a valid value is stored and audited', async () => {
    const r = await t.ok(UPDATE, { key: 'BILLING_DAY', value: '15' }, owner);
    expect(r.updateSetting).toEqual({ __typename: 'Setting', key: 'BILLING_DAY', value: '15', isDefault: false });
    expect(await t.sql(`SELECT value FROM setting WHERE key = 'BILLING_DAY'`)).toEqual([{ value: '15' }]);
    expect(
      await t.sql(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'setting.updated' AND entity_id = 'BILLING_DAY'`,
      ),
    ).toEqual([{ n: 1 }]);
  });

  it('§9 an invalid value is refused with the allowed range and changes nothing', async () => {
    const before = await t.sql('SELECT key, value FROM setting ORDER BY key');
    for (const [key, value] of [
      ['BILLING_DAY', '29'],
      ['BILLING_DAY', 'x'],
      ['ASSIGNED_CONTRACTORS_TIME_LIMIT', '101'],
      ['ORDER_RATE', '-5'],
      ['TIMEZONE', 'Nowhere/City'],
      ['MAX_ESTIMATE_HOURS', '0'],
      ['NO_SUCH_KEY', '1'],
      ['ORDER_RATE', '9'.repeat(1024 * 1024)],
    ]) {
      const r = await t.ok(UPDATE, { key, value }, owner);
      expect(r.updateSetting.__typename).toBe('SettingValueRejected');
    }
    const day = await t.ok(UPDATE, { key: 'BILLING_DAY', value: '29' }, owner);
    expect(day.updateSetting).toEqual({
      __typename: 'SettingValueRejected',
      key: 'BILLING_DAY',
      message: 'BILLING_DAY must be a whole number from 1 to 28',
      allowed: '1..28',
    });
    expect(await t.sql('SELECT key, value FROM setting ORDER BY key')).toEqual(before);
  });

  it('§9 only owners change settings; managers read them', async () => {
    const r = await t.gql(UPDATE, { key: 'ORDER_RATE', value: '700' }, manager);
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await t.sql(`SELECT count(*)::int AS n FROM setting WHERE key = 'ORDER_RATE'`)).toEqual([{ n: 0 }]);
  });

  it('R-BIL-1 every signed-in caller reads billingTimeZone, the TIMEZONE setting; nobody signed out does', async () => {
    const accountId = await seedAccount(t);
    const client = await seedCaller(t, { role: 'CLIENT', accountId });
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const callers = [client.as, contractor.as, manager, owner];
    for (const as of callers)
      expect(await t.ok('{ billingTimeZone }', {}, as)).toEqual({ billingTimeZone: 'Europe/Moscow' });

    await t.ok(UPDATE, { key: 'TIMEZONE', value: 'Asia/Vladivostok' }, owner);
    for (const as of callers)
      expect(await t.ok('{ billingTimeZone }', {}, as)).toEqual({ billingTimeZone: 'Asia/Vladivostok' });
    const signedOut = await t.gql('{ billingTimeZone }', {}, anonymous);
    expect(signedOut.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
