import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asTelegram, newTelegramId, seedUser, startTestSystem, type TestSystem } from '../harness.js';

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(async () => {
  await t?.stop();
});

describe('server foundation', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('marks every GraphQL answer as never to be stored (answers are private to their caller)', async () => {
    for (const query of ['{ viewer { __typename } }', '{ nothingHere }']) {
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('tells an anonymous caller who it is', async () => {
    const r = await t.ok('{ viewer { __typename } }');
    expect(r.viewer.__typename).toBe('Anonymous');
  });

  it('R-USR-1 refuses an unknown Telegram person politely, storing nothing', async () => {
    const before = await t.sql('SELECT count(*)::int AS n FROM app_user');
    const tg = { id: newTelegramId(), username: 'stranger_one' };
    const r = await t.ok(
      '{ viewer { __typename ... on UnknownPerson { telegramId deactivated contactHint } } }',
      {},
      asTelegram(t, tg),
    );
    expect(r.viewer).toMatchObject({ __typename: 'UnknownPerson', telegramId: tg.id, deactivated: false });
    expect(r.viewer.contactHint).toMatch(/manager|owner/);
    expect(await t.sql('SELECT count(*)::int AS n FROM app_user')).toEqual(before);
  });

  it('R-USR-1 links a pre-registered @username to the Telegram id on first contact (case-insensitive)', async () => {
    const id = await seedUser(t, { role: 'MANAGER', username: 'Pre_Registered' });
    const tg = { id: newTelegramId(), username: 'pre_registered', firstName: 'Olga' };
    const r = await t.ok('{ viewer { __typename ... on User { id role firstName } } }', {}, asTelegram(t, tg));
    expect(r.viewer).toEqual({ __typename: 'User', id, role: 'MANAGER', firstName: 'Olga' });
    const [row] = await t.sql<{ telegram_id: string }>('SELECT telegram_id FROM app_user WHERE id = $1', [id]);
    expect(row!.telegram_id).toBe(tg.id);
  });

  it('R-USR-4 a renamed Telegram username keeps the same user and history', async () => {
    const tgId = newTelegramId();
    const id = await seedUser(t, { role: 'CONTRACTOR', username: 'old_name_1', telegramId: tgId });
    const r = await t.ok(
      '{ viewer { ... on User { id username } } }',
      {},
      asTelegram(t, { id: tgId, username: 'new_name_1' }),
    );
    expect(r.viewer).toEqual({ id, username: 'new_name_1' });
    expect(await t.sql('SELECT count(*)::int AS n FROM app_user WHERE id = $1', [id])).toEqual([{ n: 1 }]);
  });

  it('R-USR-3 a deactivated person is refused like a stranger, but told they are deactivated', async () => {
    const tgId = newTelegramId();
    await seedUser(t, { role: 'CONTRACTOR', telegramId: tgId, active: false });
    const r = await t.ok(
      '{ viewer { __typename ... on UnknownPerson { deactivated } } }',
      {},
      asTelegram(t, { id: tgId }),
    );
    expect(r.viewer).toEqual({ __typename: 'UnknownPerson', deactivated: true });
  });

  it('names the field and rule of invalid input, with the request id', async () => {
    const owner = await seedUser(t, { role: 'OWNER', telegramId: newTelegramId() });
    const [o] = await t.sql<{ telegram_id: string }>('SELECT telegram_id FROM app_user WHERE id = $1', [owner]);
    const as = asTelegram(t, { id: o!.telegram_id });
    const r = await t.gql('mutation { addUser(input: { role: MANAGER, username: "ab" }) { __typename } }', {}, as);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions?.field).toBe('username');
    expect(r.errors?.[0]?.message).toMatch(/5–32/);
    expect(r.errors?.[0]?.extensions?.requestId).toBeTruthy();
  });

  it('masks an internal failure as INTERNAL_SERVER_ERROR with the request id, revealing nothing of it', async () => {
    const owner = await seedUser(t, { role: 'OWNER', telegramId: newTelegramId() });
    const [o] = await t.sql<{ telegram_id: string }>('SELECT telegram_id FROM app_user WHERE id = $1', [owner]);
    // A real fault below the service: the table it reads is gone for a moment.
    await t.sql('ALTER TABLE setting RENAME TO setting_away');
    try {
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-request-id': 'req-fault-1',
          ...asTelegram(t, { id: o!.telegram_id }).headers,
        },
        body: JSON.stringify({ query: '{ settings { key } }' }),
      });
      const body = await res.text();
      expect(JSON.parse(body).errors).toEqual([
        {
          message: 'Internal server error',
          path: ['settings'],
          locations: [{ line: 1, column: 3 }],
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-fault-1' },
        },
      ]);
      expect(body).not.toMatch(/setting_away|relation|SELECT|stack/i);
      expect(res.headers.get('x-request-id')).toBe('req-fault-1');
    } finally {
      await t.sql('ALTER TABLE setting_away RENAME TO setting');
    }
  });
});

describe('§11 a server that runs the jobs', () => {
  let withJobs: TestSystem | undefined;
  afterAll(async () => {
    await withJobs?.stop();
  });

  it('§11 is ready only while its jobs run, and alive throughout', async () => {
    withJobs = await startTestSystem({ env: { JOBS_ENABLED: 'true' } });
    const ready = await fetch(`${withJobs.url}/readyz`);
    expect(ready.status).toBe(200);
    await withJobs.system.jobs.stop();
    const stopped = await fetch(`${withJobs.url}/readyz`);
    expect(stopped.status).toBe(503);
    expect(await stopped.json()).toEqual({ status: 'not ready' });
    expect((await fetch(`${withJobs.url}/healthz`)).status).toBe(200);
  });
});
