import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/modules/auth/password.js';
import {
  anonymous,
  asTelegram,
  newTelegramId,
  seedUser,
  startTestSystem,
  withToken,
  type Caller,
  type TestSystem,
} from '../harness.js';

let t: TestSystem;
let owner: Caller;

beforeAll(async () => {
  t = await startTestSystem({ env: { PUBLIC_URL: 'https://helpdesk.example.com' } });
  owner = await staff('OWNER', 'auth_owner');
});
afterAll(async () => {
  await t?.stop();
});

const MINUTE = 60_000;

/** A staff member (or anyone) reachable through the bot. */
async function staff(role: string, username: string, extra: { accountId?: string } = {}): Promise<Caller> {
  const telegramId = newTelegramId();
  await seedUser(t, { role, username, telegramId, ...extra });
  return asTelegram(t, { id: telegramId, username });
}

const userId = async (username: string) =>
  (await t.sql<{ id: string }>('SELECT id FROM app_user WHERE lower(username) = lower($1)', [username]))[0]!.id;

/** POSTs GraphQL and keeps the response headers (cookies). */
async function post(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { res, body: (await res.json()) as { data?: any; errors?: Array<{ extensions?: any; message: string }> } };
}

const LINK = 'mutation { createLoginLink { url expiresAt } }';
const USE_LINK = `mutation ($token: String!) {
  signInWithLink(token: $token) {
    __typename
    ... on Session { token expiresAt user { id role username } }
    ... on LoginLinkInvalid { reason }
  }
}`;
const SIGN_IN = `mutation ($u: String!, $p: String!) {
  signIn(username: $u, password: $p) {
    __typename
    ... on Session { token expiresAt user { id role } }
    ... on TooManyAttempts { retryAfterSeconds }
  }
}`;
const SET_PASSWORD = `mutation ($n: String!, $c: String) {
  setMyPassword(newPassword: $n, currentPassword: $c) { __typename ... on User { id hasPassword } }
}`;
const VIEWER = '{ viewer { __typename ... on User { id role } } }';

async function loginLink(as: Caller): Promise<string> {
  const r = await t.ok(LINK, {}, as);
  return new URL(r.createLoginLink.url).searchParams.get('token')!;
}

async function sessionFor(as: Caller): Promise<string> {
  const r = await t.ok(USE_LINK, { token: await loginLink(as) }, anonymous);
  expect(r.signInWithLink.__typename).toBe('Session');
  return r.signInWithLink.token;
}

describe('one-time login links', () => {
  it('an owner gets a link to the admin panel via the bot; only its hash is stored', async () => {
    const r = await t.ok(LINK, {}, owner);
    const url = new URL(r.createLoginLink.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://helpdesk.example.com/login');
    const token = url.searchParams.get('token')!;
    expect(token).toMatch(/^itsl_[A-Za-z0-9_-]{43}$/);
    expect(new Date(r.createLoginLink.expiresAt).getTime() - t.clock.now().getTime()).toBe(10 * MINUTE);
    const stored = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM login_link WHERE token_hash = $1', [
      token,
    ]);
    expect(stored).toEqual([{ n: 0 }]);
  });

  it('signs in once; a second use is refused as USED; the session is a secure httpOnly cookie too', async () => {
    const token = await loginLink(owner);
    const first = await post(USE_LINK, { token });
    const session = first.body.data.signInWithLink;
    expect(session).toMatchObject({ __typename: 'Session', user: { role: 'OWNER', username: 'auth_owner' } });
    expect(session.token).toMatch(/^itss_/);
    const cookie = first.res.headers.get('set-cookie')!;
    expect(cookie).toContain(`itsupport_session=${session.token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(new RegExp(`Max-Age=${7 * 24 * 3600}`));
    const second = await t.ok(USE_LINK, { token });
    expect(second.signInWithLink).toEqual({ __typename: 'LoginLinkInvalid', reason: 'USED' });
  });

  it('expires after 10 minutes', async () => {
    const token = await loginLink(owner);
    t.clock.advance(10 * MINUTE);
    const r = await t.ok(USE_LINK, { token });
    expect(r.signInWithLink).toEqual({ __typename: 'LoginLinkInvalid', reason: 'EXPIRED' });
  });

  it('works just before it expires', async () => {
    const token = await loginLink(owner);
    t.clock.advance(10 * MINUTE - 1000);
    const r = await t.ok(USE_LINK, { token });
    expect(r.signInWithLink.__typename).toBe('Session');
  });

  it('an unknown or malformed token is UNKNOWN', async () => {
    for (const token of ['itsl_nope', 'garbage', 'x'.repeat(5000)]) {
      const r = await t.ok(USE_LINK, { token });
      expect(r.signInWithLink).toEqual({ __typename: 'LoginLinkInvalid', reason: 'UNKNOWN' });
    }
  });

  it('of simultaneous uses of one link exactly one gets a session', async () => {
    const token = await loginLink(owner);
    const id = await userId('auth_owner');
    const [before] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM web_session WHERE user_id = $1', [id]);
    const results = await Promise.all(Array.from({ length: 8 }, () => t.ok(USE_LINK, { token })));
    const kinds = results.map((r) => r.signInWithLink.__typename).sort();
    expect(kinds.filter((k) => k === 'Session')).toHaveLength(1);
    expect(results.filter((r) => r.signInWithLink.reason === 'USED')).toHaveLength(7);
    const [after] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM web_session WHERE user_id = $1', [id]);
    expect(after!.n - before!.n).toBe(1);
  });

  it('managers get links; clients, contractors, strangers, sessions and anonymous callers do not', async () => {
    const manager = await staff('MANAGER', 'auth_manager_link');
    expect((await t.ok(LINK, {}, manager)).createLoginLink.url).toContain('/login?token=itsl_');
    const contractor = await staff('CONTRACTOR', 'auth_contractor_link');
    expect((await t.gql(LINK, {}, contractor)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const stranger = asTelegram(t, { id: newTelegramId(), username: 'auth_nobody' });
    expect((await t.gql(LINK, {}, stranger)).errors?.[0]?.extensions?.code).toBe('UNKNOWN_TELEGRAM_USER');
    expect((await t.gql(LINK, {}, anonymous)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const session = await sessionFor(owner);
    expect((await t.gql(LINK, {}, withToken(session))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a link of a user who is no longer staff signs nobody in', async () => {
    const manager = await staff('MANAGER', 'auth_demoted_mgr');
    const token = await loginLink(manager);
    await t.sql(`UPDATE app_user SET role = 'CONTRACTOR' WHERE username = 'auth_demoted_mgr'`);
    const r = await t.ok(USE_LINK, { token });
    expect(r.signInWithLink).toEqual({ __typename: 'LoginLinkInvalid', reason: 'UNKNOWN' });
  });
});

describe('sessions', () => {
  it('the session works as a cookie and as a bearer token', async () => {
    const token = await sessionFor(owner);
    const id = await userId('auth_owner');
    const byCookie = await post(VIEWER, {}, { cookie: `other=1; itsupport_session=${token}` });
    expect(byCookie.body.data.viewer).toEqual({ __typename: 'User', id, role: 'OWNER' });
    const byBearer = await t.ok(VIEWER, {}, withToken(token));
    expect(byBearer.viewer).toEqual({ __typename: 'User', id, role: 'OWNER' });
  });

  it('signOut revokes the session and clears the cookie', async () => {
    const token = await sessionFor(owner);
    const out = await post('mutation { signOut }', {}, { cookie: `itsupport_session=${token}` });
    expect(out.body.data.signOut).toBe(true);
    expect(out.res.headers.get('set-cookie')).toMatch(/itsupport_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await t.ok(VIEWER, {}, withToken(token))).viewer.__typename).toBe('Anonymous');
    const [row] = await t.sql<{ revoked: boolean }>(
      `SELECT revoked_at IS NOT NULL AS revoked FROM web_session WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [token],
    );
    expect(row!.revoked).toBe(true);
    // Signing out again with the dead cookie still clears it and changes nothing.
    expect((await post('mutation { signOut }', {}, { cookie: `itsupport_session=${token}` })).body.data.signOut).toBe(
      false,
    );
  });

  it('R-USR-3 a deactivated manager’s session stops working at once', async () => {
    const manager = await staff('MANAGER', 'auth_leaving_mgr');
    const token = await sessionFor(manager);
    expect((await t.ok(VIEWER, {}, withToken(token))).viewer.role).toBe('MANAGER');
    const id = await userId('auth_leaving_mgr');
    const r = await t.ok(`mutation ($id: ID!) { deactivateUser(id: $id) { __typename } }`, { id }, owner);
    expect(r.deactivateUser.__typename).toBe('UserDeactivated');
    expect((await t.ok(VIEWER, {}, withToken(token))).viewer.__typename).toBe('Anonymous');
    expect((await t.gql('{ users { totalCount } }', {}, withToken(token))).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('a session ends after SESSION_TTL_HOURS', async () => {
    const token = await sessionFor(owner);
    t.clock.advance(7 * 24 * 3_600_000 - 1000);
    expect((await t.ok(VIEWER, {}, withToken(token))).viewer.__typename).toBe('User');
    t.clock.advance(1000);
    expect((await t.ok(VIEWER, {}, withToken(token))).viewer.__typename).toBe('Anonymous');
  });

  it('mySessions lists the caller’s sessions and revokeSession ends one; others’ sessions are not found', async () => {
    const a = await sessionFor(owner);
    const b = await sessionFor(owner);
    const list = await t.ok('{ mySessions { id current } }', {}, withToken(a));
    const current = list.mySessions.filter((s: { current: boolean }) => s.current);
    expect(current).toHaveLength(1);
    const [bRow] = await t.sql<{ id: string }>(
      `SELECT id FROM web_session WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [b],
    );
    expect(list.mySessions.map((s: { id: string }) => s.id)).toContain(bRow!.id);
    const manager = await staff('MANAGER', 'auth_other_mgr');
    const r = await t.gql('mutation ($id: ID!) { revokeSession(id: $id) }', { id: bRow!.id }, manager);
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(
      (await t.ok('mutation ($id: ID!) { revokeSession(id: $id) }', { id: bRow!.id }, withToken(a))).revokeSession,
    ).toBe(true);
    expect((await t.ok(VIEWER, {}, withToken(b))).viewer.__typename).toBe('Anonymous');
  });
});

describe('password sign-in', () => {
  it('an owner sets a password in the bot and signs in with it (username case and @ do not matter)', async () => {
    const as = await staff('OWNER', 'auth_pw_owner');
    const set = await t.ok(SET_PASSWORD, { n: 'correct horse battery' }, as);
    expect(set.setMyPassword).toMatchObject({ __typename: 'User', hasPassword: true });
    const [row] = await t.sql<{ password_hash: string }>(
      `SELECT password_hash FROM app_user WHERE username = 'auth_pw_owner'`,
    );
    expect(row!.password_hash).toMatch(/^\$2[aby]\$12\$/);
    const r = await post(SIGN_IN, { u: '@Auth_PW_Owner', p: 'correct horse battery' });
    expect(r.body.data.signIn).toMatchObject({ __typename: 'Session', user: { role: 'OWNER' } });
    expect(r.res.headers.get('set-cookie')).toContain(`itsupport_session=${r.body.data.signIn.token}`);
    expect((await t.ok(VIEWER, {}, withToken(r.body.data.signIn.token))).viewer.role).toBe('OWNER');
    const [attempt] = await t.sql<{ succeeded: boolean }>(
      `SELECT succeeded FROM login_attempt WHERE username = 'Auth_PW_Owner' ORDER BY id DESC LIMIT 1`,
    );
    expect(attempt!.succeeded).toBe(true);
  });

  it('a wrong password, an unknown user and a user without a password get InvalidCredentials', async () => {
    const as = await staff('MANAGER', 'auth_pw_wrong');
    await t.ok(SET_PASSWORD, { n: 'manager password 1' }, as);
    await staff('MANAGER', 'auth_no_password');
    for (const [u, p] of [
      ['auth_pw_wrong', 'manager password 2'],
      ['auth_nobody_here', 'manager password 1'],
      ['auth_no_password', 'manager password 1'],
      ['', 'manager password 1'],
    ]) {
      const r = await t.ok(SIGN_IN, { u, p });
      expect(r.signIn.__typename).toBe('InvalidCredentials');
    }
  });

  it('clients and contractors cannot get sessions, even with a password hash', async () => {
    const [tariff] = await t.sql<{ id: string }>(
      `INSERT INTO tariff (name, reaction_time_minutes) VALUES ('Auth tariff', 60) RETURNING id`,
    );
    const [account] = await t.sql<{ id: string }>(
      `INSERT INTO client_account (name, tariff_id) VALUES ('Auth client', $1) RETURNING id`,
      [tariff!.id],
    );
    const hash = await hashPassword('client password 1');
    for (const [role, username] of [
      ['CLIENT', 'auth_client_pw'],
      ['CONTRACTOR', 'auth_contr_pw'],
    ] as const) {
      const as = await staff(role, username, role === 'CLIENT' ? { accountId: account!.id } : {});
      await t.sql('UPDATE app_user SET password_hash = $1 WHERE username = $2', [hash, username]);
      expect((await t.ok(SIGN_IN, { u: username, p: 'client password 1' })).signIn.__typename).toBe(
        'InvalidCredentials',
      );
      expect((await t.gql(LINK, {}, as)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await t.gql(SET_PASSWORD, { n: 'client password 2' }, as)).errors?.[0]?.extensions?.code).toBe(
        'FORBIDDEN',
      );
      // Even a link row made behind the API's back signs nobody in.
      await t.sql(
        `INSERT INTO login_link (token_hash, user_id, expires_at)
         SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex'), id, $3 FROM app_user WHERE username = $2`,
        [`itsl_forged_${username}`, username, new Date(t.clock.now().getTime() + 24 * 60 * MINUTE)],
      );
      expect((await t.ok(USE_LINK, { token: `itsl_forged_${username}` })).signInWithLink.reason).toBe('UNKNOWN');
    }
    const [n] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM web_session s JOIN app_user u ON u.id = s.user_id WHERE u.role IN ('CLIENT', 'CONTRACTOR')`,
    );
    expect(n!.n).toBe(0);
  });

  it('is throttled after 5 failures within 15 minutes, even with the right password, and recovers after', async () => {
    const as = await staff('MANAGER', 'auth_pw_throttle');
    await t.ok(SET_PASSWORD, { n: 'the right password' }, as);
    for (let i = 0; i < 5; i++) {
      t.clock.advance(MINUTE);
      expect((await t.ok(SIGN_IN, { u: 'auth_pw_throttle', p: `wrong guess ${i}` })).signIn.__typename).toBe(
        'InvalidCredentials',
      );
    }
    const [before] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM login_attempt WHERE username = 'auth_pw_throttle'`,
    );
    const blocked = await t.ok(SIGN_IN, { u: 'AUTH_PW_THROTTLE', p: 'the right password' });
    // The first failure was 4 minutes ago: the window opens in 11 minutes.
    expect(blocked.signIn).toEqual({ __typename: 'TooManyAttempts', retryAfterSeconds: 11 * 60 });
    const [after] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM login_attempt WHERE lower(username) = 'auth_pw_throttle'`,
    );
    expect(after!.n).toBe(before!.n); // refused attempts do not prolong the lock-out
    t.clock.advance(11 * MINUTE - 1000);
    expect((await t.ok(SIGN_IN, { u: 'auth_pw_throttle', p: 'the right password' })).signIn.__typename).toBe(
      'TooManyAttempts',
    );
    t.clock.advance(1000);
    expect((await t.ok(SIGN_IN, { u: 'auth_pw_throttle', p: 'the right password' })).signIn.__typename).toBe('Session');
  });

  it('a success resets the count of failures but keeps the history', async () => {
    const as = await staff('MANAGER', 'auth_pw_reset');
    await t.ok(SET_PASSWORD, { n: 'reset password 1' }, as);
    const fail = async () =>
      expect((await t.ok(SIGN_IN, { u: 'auth_pw_reset', p: 'nope nope nope' })).signIn.__typename).toBe(
        'InvalidCredentials',
      );
    for (let i = 0; i < 4; i++) await fail();
    expect((await t.ok(SIGN_IN, { u: 'auth_pw_reset', p: 'reset password 1' })).signIn.__typename).toBe('Session');
    for (let i = 0; i < 4; i++) await fail();
    expect((await t.ok(SIGN_IN, { u: 'auth_pw_reset', p: 'reset password 1' })).signIn.__typename).toBe('Session');
    const [n] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM login_attempt WHERE username = 'auth_pw_reset'`,
    );
    expect(n!.n).toBe(10);
  });

  it('parallel guesses cannot exceed the limit', async () => {
    const as = await staff('MANAGER', 'auth_pw_parallel');
    await t.ok(SET_PASSWORD, { n: 'parallel password' }, as);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.ok(SIGN_IN, { u: 'auth_pw_parallel', p: `guess number ${i}` })),
    );
    const kinds = results.map((r) => r.signIn.__typename);
    expect(kinds.filter((k) => k === 'InvalidCredentials')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'TooManyAttempts')).toHaveLength(5);
  });

  it('setMyPassword names the allowed length; over a session it needs the current password and ends other sessions', async () => {
    const as = await staff('MANAGER', 'auth_pw_change');
    for (const n of ['short', 'x'.repeat(201)]) {
      const r = await t.gql(SET_PASSWORD, { n }, as);
      expect(r.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'newPassword',
        min: 10,
        max: 200,
      });
    }
    expect((await t.sql(`SELECT password_hash FROM app_user WHERE username = 'auth_pw_change'`))[0]).toEqual({
      password_hash: null,
    });
    await t.ok(SET_PASSWORD, { n: 'first password 1' }, as);
    const s1 = await sessionFor(as);
    const s2 = await sessionFor(as);
    const wrong = await t.ok(SET_PASSWORD, { n: 'second password 2', c: 'not the one' }, withToken(s1));
    expect(wrong.setMyPassword.__typename).toBe('InvalidCredentials');
    const missing = await t.ok(SET_PASSWORD, { n: 'second password 2' }, withToken(s1));
    expect(missing.setMyPassword.__typename).toBe('InvalidCredentials');
    const ok = await t.ok(SET_PASSWORD, { n: 'second password 2', c: 'first password 1' }, withToken(s1));
    expect(ok.setMyPassword.__typename).toBe('User');
    expect((await t.ok(VIEWER, {}, withToken(s1))).viewer.__typename).toBe('User');
    expect((await t.ok(VIEWER, {}, withToken(s2))).viewer.__typename).toBe('Anonymous');
    expect((await t.ok(SIGN_IN, { u: 'auth_pw_change', p: 'first password 1' })).signIn.__typename).toBe(
      'InvalidCredentials',
    );
    expect((await t.ok(SIGN_IN, { u: 'auth_pw_change', p: 'second password 2' })).signIn.__typename).toBe('Session');
    const audit = await t.sql(`SELECT action FROM audit_log WHERE entity_id = $1`, [await userId('auth_pw_change')]);
    expect(audit).toContainEqual({ action: 'user.password_set' });
  });

  it('refuses a 1 MB password with BAD_USER_INPUT', async () => {
    const r = await t.gql(SIGN_IN, { u: 'auth_pw_owner', p: 'x'.repeat(1_000_000) });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
  });
});
