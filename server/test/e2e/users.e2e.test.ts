import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asTelegram,
  newTelegramId,
  seedUser,
  startTestSystem,
  withToken,
  type Caller,
  type TestSystem,
} from '../harness.js';
import { seedOrder } from '../seed.js';

let t: TestSystem;
let owner: Caller;
let ownerId: string;
let accountId: string;

const USER = '__typename ... on User { id role username active deactivatedAt }';

beforeAll(async () => {
  t = await startTestSystem();
  const tg = newTelegramId();
  ownerId = await seedUser(t, { role: 'OWNER', telegramId: tg, username: 'main_owner' });
  owner = asTelegram(t, { id: tg });
  const [tariff] = await t.sql<{ id: string }>(
    `INSERT INTO tariff (name, reaction_time_minutes) VALUES ('Basic', 60) RETURNING id`,
  );
  const [account] = await t.sql<{ id: string }>(
    `INSERT INTO client_account (name, tariff_id) VALUES ('Acme', $1) RETURNING id`,
    [tariff!.id],
  );
  accountId = account!.id;
});
afterAll(async () => {
  await t?.stop();
});

const addUser = (input: Record<string, unknown>, as = owner) =>
  t.gql(
    `mutation($input: AddUserInput!) { addUser(input: $input) { ${USER} ... on UsernameTaken { takenUsername existing { id active } } } }`,
    { input },
    as,
  );

describe('users and roles', () => {
  it('R-USR-1 an owner pre-registers users of every role by @username; they link on first contact', async () => {
    for (const [role, username] of [
      ['CONTRACTOR', '@Contractor_One'],
      ['MANAGER', 'manager_one'],
      ['OWNER', 'owner_two'],
    ] as const) {
      const r = await addUser({ role, username });
      expect(r.data.addUser).toMatchObject({
        __typename: 'User',
        role,
        username: username.replace('@', ''),
        active: true,
      });
    }
    const client = await addUser({ role: 'CLIENT', username: 'client_one', accountId });
    expect(client.data.addUser).toMatchObject({ __typename: 'User', role: 'CLIENT' });
    const tg = newTelegramId();
    const me = await t.ok(
      '{ viewer { ... on User { id role } } }',
      {},
      asTelegram(t, { id: tg, username: 'CLIENT_ONE' }),
    );
    expect(me.viewer).toEqual({ id: client.data.addUser.id, role: 'CLIENT' });
  });

  it('R-USR-1 usernames are unique case-insensitively; a deactivated holder is reported, not duplicated', async () => {
    const before = await t.sql('SELECT count(*)::int AS n FROM app_user');
    const r = await addUser({ role: 'CONTRACTOR', username: 'CONTRACTOR_ONE' });
    expect(r.data.addUser).toMatchObject({
      __typename: 'UsernameTaken',
      takenUsername: 'CONTRACTOR_ONE',
      existing: { active: true },
    });
    expect(await t.sql('SELECT count(*)::int AS n FROM app_user')).toEqual(before);
  });

  it('R-USR-1 a CLIENT needs an existing account; bad input is refused and nothing is stored', async () => {
    const before = await t.sql('SELECT count(*)::int AS n FROM app_user');
    const noAccount = await addUser({ role: 'CLIENT', username: 'client_two' });
    expect(noAccount.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accountId' });
    const unknownAccount = await addUser({
      role: 'CLIENT',
      username: 'client_two',
      accountId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownAccount.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const notUuid = await addUser({ role: 'CLIENT', username: 'client_two', accountId: 'drop table' });
    expect(notUuid.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const cyrillic = await addUser({ role: 'MANAGER', username: 'менеджер_1' });
    expect(cyrillic.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const huge = await addUser({ role: 'MANAGER', username: 'valid_name', firstName: 'x'.repeat(1024 * 1024) });
    expect(huge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const wrongType = await t.gql(
      'mutation { addUser(input: { role: PRESIDENT, username: "valid_name" }) { __typename } }',
      {},
      owner,
    );
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await t.sql('SELECT count(*)::int AS n FROM app_user')).toEqual(before);
  });

  it('R-USR-2 one role per user: only owners add users; a manager is refused', async () => {
    const tg = newTelegramId();
    await seedUser(t, { role: 'MANAGER', telegramId: tg });
    const r = await addUser({ role: 'CONTRACTOR', username: 'sneaky_one' }, asTelegram(t, { id: tg }));
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    expect(await t.sql(`SELECT count(*)::int AS n FROM app_user WHERE username = 'sneaky_one'`)).toEqual([{ n: 0 }]);
  });

  it('R-USR-2 an owner can do what a manager can: list users', async () => {
    const r = await t.ok(
      '{ users(first: 100, filter: { roles: [OWNER] }) { totalCount nodes { username } } }',
      {},
      owner,
    );
    expect(r.users.nodes.map((n: { username: string }) => n.username)).toEqual(
      expect.arrayContaining(['main_owner', 'owner_two']),
    );
  });

  it('R-USR-3 users are deactivated, never deleted, and can be reactivated', async () => {
    const added = await addUser({ role: 'MANAGER', username: 'temp_manager' });
    const id = added.data.addUser.id;
    const off = await t.ok(
      `mutation($id: ID!) { deactivateUser(id: $id) { __typename ... on UserDeactivated { releasedOrders user { active deactivatedAt } } } }`,
      { id },
      owner,
    );
    expect(off.deactivateUser).toMatchObject({
      __typename: 'UserDeactivated',
      releasedOrders: 0,
      user: { active: false },
    });
    const again = await t.ok(`mutation($id: ID!) { deactivateUser(id: $id) { __typename } }`, { id }, owner);
    expect(again.deactivateUser.__typename).toBe('UserStateUnchanged');
    expect(await t.sql('SELECT count(*)::int AS n FROM app_user WHERE id = $1', [id])).toEqual([{ n: 1 }]);
    const on = await t.ok(`mutation($id: ID!) { reactivateUser(id: $id) { ${USER} } }`, { id }, owner);
    expect(on.reactivateUser).toMatchObject({ __typename: 'User', active: true, deactivatedAt: null });
  });

  it('R-USR-3 the last active owner cannot be deactivated or demoted, and nobody deactivates themselves', async () => {
    const DEACTIVATE = `mutation($id: ID!) { deactivateUser(id: $id) {
      __typename ... on OwnerRequired { message } ... on CannotDeactivateSelf { message } } }`;
    // Not the last owner yet (owner_two is active): deactivating oneself is its own outcome.
    const self = await t.ok(DEACTIVATE, { id: ownerId }, owner);
    expect(self.deactivateUser).toEqual({ __typename: 'CannotDeactivateSelf', message: expect.any(String) });
    const [other] = await t.sql<{ id: string }>(`SELECT id FROM app_user WHERE username = 'owner_two'`);
    await t.ok(DEACTIVATE, { id: other!.id }, owner);
    // The last owner, deactivated by an integration (not themselves): an owner is required.
    const keyCaller = withToken(
      (await t.ok(`mutation { createApiKey(name: "users", scopes: [USERS_WRITE]) { secret } }`, {}, owner)).createApiKey
        .secret,
    );
    const last = await t.ok(DEACTIVATE, { id: ownerId }, keyCaller);
    expect(last.deactivateUser).toEqual({ __typename: 'OwnerRequired', message: expect.any(String) });
    expect(await t.sql(`SELECT active FROM app_user WHERE id = $1`, [ownerId])).toEqual([{ active: true }]);
    const demote = await t.ok(
      `mutation($id: ID!) { updateUser(id: $id, input: { role: MANAGER }) { __typename } }`,
      { id: ownerId },
      owner,
    );
    expect(demote.updateUser.__typename).toBe('OwnerRequired');
    expect(await t.sql(`SELECT role FROM app_user WHERE id = $1`, [ownerId])).toEqual([{ role: 'OWNER' }]);
  });

  it('R-USR-2 a contractor holding orders in work keeps the role: BAD_USER_INPUT with reason CONTRACTOR_HOLDS_ORDERS', async () => {
    const id = await seedUser(t, { role: 'CONTRACTOR', telegramId: newTelegramId() });
    await seedOrder(t, { accountId, authorId: id, status: 'IN_PROGRESS', contractorId: id });
    const r = await t.gql(
      `mutation($id: ID!) { updateUser(id: $id, input: { role: MANAGER }) { __typename } }`,
      { id },
      owner,
    );
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'role',
      reason: 'CONTRACTOR_HOLDS_ORDERS',
      ordersInWork: 1,
    });
    expect(await t.sql(`SELECT role FROM app_user WHERE id = $1`, [id])).toEqual([{ role: 'CONTRACTOR' }]);
  });

  it('R-ORD-3 a contractor’s category list holds at most 100 ids; repeats count once', async () => {
    const id = await seedUser(t, { role: 'CONTRACTOR', telegramId: newTelegramId() });
    const [category] = await t.sql<{ id: string }>(`SELECT id FROM category WHERE code = 'IT_HELP'`);
    const SET = `mutation($id: ID!, $ids: [ID!]!) { updateUser(id: $id, input: { categoryIds: $ids }) { __typename } }`;
    const long = await t.gql(SET, { id, ids: Array(101).fill(category!.id) }, owner);
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'categoryIds', max: 100 });
    expect(await t.sql('SELECT count(*)::int AS n FROM contractor_category WHERE contractor_id = $1', [id])).toEqual([
      { n: 0 },
    ]);
    const full = await t.ok(SET, { id, ids: Array(100).fill(category!.id) }, owner);
    expect(full.updateUser.__typename).toBe('User');
    expect(await t.sql('SELECT count(*)::int AS n FROM contractor_category WHERE contractor_id = $1', [id])).toEqual([
      { n: 1 },
    ]);
  });

  it('R-USR-4 history keys on internal ids: changing a username keeps the id', async () => {
    const added = await addUser({ role: 'CONTRACTOR', username: 'rename_me' });
    const r = await t.ok(
      `mutation($id: ID!) { updateUser(id: $id, input: { username: "renamed_now" }) { ${USER} } }`,
      { id: added.data.addUser.id },
      owner,
    );
    expect(r.updateUser).toMatchObject({ id: added.data.addUser.id, username: 'renamed_now' });
  });

  it('a user remembers its language for every front-end', async () => {
    const tg = newTelegramId();
    await seedUser(t, { role: 'CONTRACTOR', telegramId: tg });
    const r = await t.ok('mutation { setMyLanguage(language: EN) { language } }', {}, asTelegram(t, { id: tg }));
    expect(r.setMyLanguage.language).toBe('EN');
    expect(await t.sql(`SELECT language FROM app_user WHERE telegram_id = $1`, [tg])).toEqual([{ language: 'en' }]);
  });

  it('a client sees itself and its colleagues, not other users', async () => {
    const tg = newTelegramId();
    const clientId = await seedUser(t, { role: 'CLIENT', telegramId: tg, accountId });
    const as = asTelegram(t, { id: tg });
    expect((await t.ok('query($id: ID!) { user(id: $id) { id } }', { id: clientId }, as)).user.id).toBe(clientId);
    const r = await t.gql('query($id: ID!) { user(id: $id) { id } }', { id: ownerId }, as);
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const list = await t.gql('{ users { totalCount } }', {}, as);
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
