import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anonymous,
  asTelegram,
  newTelegramId,
  startTestSystem,
  type Caller,
  type GqlResult,
  type TestSystem,
} from '../harness.js';
import { countRows, seedAccount, seedBranch, seedCaller, seedOrder, seedTariff, setLastName } from '../seed.js';

let t: TestSystem;
let owner: Caller;
let ownerId: string;
let manager: Caller;
let tariffId: string;

beforeAll(async () => {
  t = await startTestSystem();
  const o = await seedCaller(t, { role: 'OWNER' });
  owner = o.as;
  ownerId = o.id;
  manager = (await seedCaller(t, { role: 'MANAGER' })).as;
  tariffId = await seedTariff(t, { name: 'Base', ordersPerPeriod: 5, canPinContractors: true });
});
afterAll(async () => {
  await t?.stop();
});

const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
const field = (r: GqlResult) => r.errors?.[0]?.extensions?.field;
const tables = ['client_account', 'branch', 'pinned_contractor', 'audit_log', 'tariff'];
const counts = async () => Object.fromEntries(await Promise.all(tables.map(async (n) => [n, await countRows(t, n)])));

const ACCOUNT_FIELDS = `id name status contactEmail timeZone createdAt tariff { id name }`;
const CREATE_ACCOUNT = `mutation ($input: CreateAccountInput!) {
  createAccount(input: $input) {
    __typename
    ... on ClientAccount { ${ACCOUNT_FIELDS} }
    ... on AccountNameTaken { name existing { id } }
  }
}`;
const UPDATE_ACCOUNT = `mutation ($id: ID!, $input: UpdateAccountInput!) {
  updateAccount(id: $id, input: $input) {
    __typename
    ... on ClientAccount { ${ACCOUNT_FIELDS} }
    ... on AccountNameTaken { name existing { id } }
  }
}`;
const ACCOUNT = `query ($id: ID!) {
  account(id: $id) {
    ${ACCOUNT_FIELDS}
    members { id firstName }
    branches { id parentId kind name }
    pinnedContractors { id }
    usage { used allowed open maxOpen periodStart periodEnd }
  }
}`;
const CREATE_BRANCH = `mutation ($accountId: ID!, $input: CreateBranchInput!) {
  createBranch(accountId: $accountId, input: $input) {
    __typename
    ... on Branch { id name kind code address active parentId parent { id } }
    ... on BranchCodeTaken { takenCode existing { id } }
    ... on InvalidBranchParent { reason }
  }
}`;
const UPDATE_BRANCH = `mutation ($id: ID!, $input: UpdateBranchInput!) {
  updateBranch(id: $id, input: $input) {
    __typename
    ... on Branch { id name kind code parentId }
    ... on BranchCodeTaken { takenCode existing { id } }
    ... on InvalidBranchParent { reason }
  }
}`;
const PIN = `mutation ($c: ID!, $a: ID) {
  pinContractor(contractorId: $c, accountId: $a) {
    __typename
    ... on ClientAccount { id pinnedContractors { id } }
    ... on PinningNotAllowed { tariffName message }
    ... on ContractorNotEligible { reason }
  }
}`;
const UNPIN = `mutation ($c: ID!, $a: ID) { unpinContractor(contractorId: $c, accountId: $a) { id pinnedContractors { id } } }`;
const MY_CONTRACTORS = `{
  myContractors {
    pinned ordersDone ordersInProgress lastWorkedAt
    contractor { id firstName lastName username telegramId displayName }
  }
}`;

async function createAccount(input: Record<string, unknown>) {
  const r = await t.ok(CREATE_ACCOUNT, { input: { tariffId, ...input } }, owner);
  expect(r.createAccount.__typename).toBe('ClientAccount');
  return r.createAccount as { id: string; name: string };
}

async function createBranch(accountId: string, input: Record<string, unknown>) {
  return (await t.ok(CREATE_BRANCH, { accountId, input }, owner)).createBranch;
}

describe('client accounts', () => {
  it('R-ACC-1 an owner creates an account with name, tariff, status, e-mail and time zone, audited', async () => {
    const r = await t.ok(
      CREATE_ACCOUNT,
      {
        input: {
          name: '  Romashka LLC ',
          tariffId,
          contactEmail: 'it@romashka.example',
          timeZone: 'Asia/Yekaterinburg',
        },
      },
      owner,
    );
    expect(r.createAccount).toMatchObject({
      __typename: 'ClientAccount',
      name: 'Romashka LLC',
      status: 'ACTIVE',
      contactEmail: 'it@romashka.example',
      timeZone: 'Asia/Yekaterinburg',
      tariff: { id: tariffId, name: 'Base' },
    });
    const audit = await t.sql('SELECT action, actor_id FROM audit_log WHERE entity_id = $1', [r.createAccount.id]);
    expect(audit).toEqual([{ action: 'account.created', actor_id: ownerId }]);
  });

  it('R-ACC-1 an account shows its members, branches, pinned contractors and usage; members see it too', async () => {
    const { id } = await createAccount({ name: 'Members & Co' });
    const alice = await seedCaller(t, { role: 'CLIENT', accountId: id, firstName: 'Alice' });
    await seedCaller(t, { role: 'CLIENT', accountId: id, firstName: 'Bob' });
    // Bob joined after Alice (members are listed in joining order; one millisecond apart is no order at all).
    await t.sql(
      `UPDATE app_user SET active = false, created_at = (SELECT created_at + interval '1 second' FROM app_user WHERE id = $2)
        WHERE first_name = 'Bob' AND account_id = $1`,
      [id, alice.id],
    );
    const branch = await seedBranch(t, { accountId: id, kind: 'BRANCH', name: 'Main office' });
    await seedOrder(t, { accountId: id, authorId: alice.id });
    await seedOrder(t, { accountId: id, authorId: alice.id, status: 'CANCELLED' });

    const r = await t.ok(ACCOUNT, { id }, manager);
    expect(r.account).toMatchObject({
      id,
      name: 'Members & Co',
      members: [{ id: alice.id, firstName: 'Alice' }],
      branches: [{ id: branch, parentId: null, kind: 'BRANCH', name: 'Main office' }],
      pinnedContractors: [],
      usage: { used: 1, allowed: 5, open: 1, maxOpen: 3 },
    });
    const withInactive = await t.ok(
      `query ($id: ID!) { account(id: $id) { members(includeInactive: true) { firstName active } } }`,
      { id },
      owner,
    );
    expect(withInactive.account.members).toEqual([
      { firstName: 'Alice', active: true },
      { firstName: 'Bob', active: false },
    ]);
    const own = await t.ok(`{ myAccount { id members { id } usage { used } } }`, {}, alice.as);
    expect(own.myAccount).toEqual({ id, members: [{ id: alice.id }], usage: { used: 1 } });
    const viaId = await t.ok(ACCOUNT, { id }, alice.as);
    expect(viaId.account.id).toBe(id);
    const me = await t.ok(`{ viewer { ... on User { account { id } branch { id } } } }`, {}, alice.as);
    expect(me.viewer).toEqual({ account: { id }, branch: null });
  });

  it('R-ACC-1 names are unique case-insensitively: AccountNameTaken, nothing written', async () => {
    const first = await createAccount({ name: 'Unique Name Ltd' });
    const before = await counts();
    const r = await t.ok(CREATE_ACCOUNT, { input: { name: 'unique name LTD', tariffId } }, owner);
    expect(r.createAccount).toEqual({
      __typename: 'AccountNameTaken',
      name: 'unique name LTD',
      existing: { id: first.id },
    });
    const other = await createAccount({ name: 'Other Name Ltd' });
    const after = await counts();
    const u = await t.ok(UPDATE_ACCOUNT, { id: other.id, input: { name: 'UNIQUE NAME LTD' } }, owner);
    expect(u.updateAccount.__typename).toBe('AccountNameTaken');
    expect(await counts()).toEqual(after);
    expect(after.client_account).toBe(before.client_account + 1);
  });

  it('R-ACC-1 an owner updates an account and switches it off and on; staff list and filter accounts', async () => {
    const a = await createAccount({ name: 'Filter Target Ltd', contactEmail: 'a@b.example' });
    const u = await t.ok(
      UPDATE_ACCOUNT,
      { id: a.id, input: { name: 'Filter Target Group', contactEmail: '', timeZone: 'Europe/Samara' } },
      owner,
    );
    expect(u.updateAccount).toMatchObject({
      name: 'Filter Target Group',
      contactEmail: null,
      timeZone: 'Europe/Samara',
    });
    const off = await t.ok(
      `mutation ($id: ID!) { setAccountStatus(id: $id, status: INACTIVE) { status } }`,
      { id: a.id },
      owner,
    );
    expect(off.setAccountStatus.status).toBe('INACTIVE');
    const list = await t.ok(
      `{ accounts(filter: { status: INACTIVE, search: "target" }) { totalCount nodes { id } } }`,
      {},
      manager,
    );
    expect(list.accounts).toEqual({ totalCount: 1, nodes: [{ id: a.id }] });
    const page1 = await t.ok(
      `{ accounts(first: 2) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`,
      {},
      manager,
    );
    const page2 = await t.ok(
      `query ($after: String) { accounts(first: 2, after: $after) { nodes { id } } }`,
      { after: page1.accounts.pageInfo.endCursor },
      manager,
    );
    expect(page1.accounts.pageInfo.hasNextPage).toBe(true);
    const ids = [...page1.accounts.nodes, ...page2.accounts.nodes].map((n: { id: string }) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    const byTariff = await t.ok(
      `query ($t: ID!) { accounts(filter: { tariffId: $t }) { totalCount } }`,
      { t: tariffId },
      manager,
    );
    expect(byTariff.accounts.totalCount).toBeGreaterThanOrEqual(4);
    const on = await t.ok(
      `mutation ($id: ID!) { setAccountStatus(id: $id, status: ACTIVE) { status } }`,
      { id: a.id },
      owner,
    );
    expect(on.setAccountStatus.status).toBe('ACTIVE');
  });

  it('R-ACC-1 bad input gets a typed error naming the field, and nothing is written', async () => {
    const retired = await seedTariff(t, { active: false });
    const a = await createAccount({ name: 'Bad Input Target' });
    const before = await counts();
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ name: '', tariffId }, 'BAD_USER_INPUT', 'name'],
      [{ name: '  ', tariffId }, 'BAD_USER_INPUT', 'name'],
      [{ name: 'x'.repeat(1_000_000), tariffId }, 'BAD_USER_INPUT', 'name'],
      [{ name: 'Ok', tariffId, contactEmail: 'not-an-email' }, 'BAD_USER_INPUT', 'contactEmail'],
      [{ name: 'Ok', tariffId, timeZone: 'Mars/Olympus' }, 'BAD_USER_INPUT', 'timeZone'],
      [{ name: 'Ok', tariffId: retired }, 'BAD_USER_INPUT', 'tariffId'],
      [{ name: 'Ok', tariffId: '00000000-0000-0000-0000-000000000009' }, 'NOT_FOUND', ''],
      [{ name: 'Ok', tariffId: 'not-a-uuid' }, 'NOT_FOUND', ''],
    ];
    for (const [input, expected, name] of cases) {
      const r = await t.gql(CREATE_ACCOUNT, { input }, owner);
      expect(code(r), JSON.stringify(input).slice(0, 80)).toBe(expected);
      if (name) expect(String(field(r))).toContain(name);
    }
    const upd = await t.gql(UPDATE_ACCOUNT, { id: a.id, input: { name: 'y'.repeat(201) } }, owner);
    expect(code(upd)).toBe('BAD_USER_INPUT');
    for (const id of ['00000000-0000-0000-0000-000000000009', 'nope']) {
      expect(code(await t.gql(UPDATE_ACCOUNT, { id, input: { name: 'Z' } }, owner))).toBe('NOT_FOUND');
      expect(code(await t.gql(ACCOUNT, { id }, owner))).toBe('NOT_FOUND');
      expect(code(await t.gql(CREATE_BRANCH, { accountId: id, input: { kind: 'ZONE', name: 'Z' } }, owner))).toBe(
        'NOT_FOUND',
      );
    }
    expect(await counts()).toEqual(before);
  });

  it('a client cannot read another account (NOT_FOUND) nor manage accounts or tariffs (FORBIDDEN)', async () => {
    const mine = await seedAccount(t, { tariffId });
    const theirs = await seedAccount(t, { tariffId });
    const client = await seedCaller(t, { role: 'CLIENT', accountId: mine });
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const before = await counts();
    expect(code(await t.gql(ACCOUNT, { id: theirs }, client.as))).toBe('NOT_FOUND');
    expect(code(await t.gql('{ accounts { totalCount } }', {}, client.as))).toBe('FORBIDDEN');
    expect(code(await t.gql(ACCOUNT, { id: mine }, contractor.as))).toBe('FORBIDDEN');
    expect(code(await t.gql(CREATE_ACCOUNT, { input: { name: 'Mine now', tariffId } }, client.as))).toBe('FORBIDDEN');
    expect(code(await t.gql(CREATE_ACCOUNT, { input: { name: 'Mine now', tariffId } }, manager))).toBe('FORBIDDEN');
    expect(
      code(
        await t.gql(
          `mutation { createTariff(input: { name: "Free", reactionTimeMinutes: 1, canPinContractors: true, canSeeContractorContacts: true, price: "0" }) { __typename } }`,
          {},
          client.as,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(code(await t.gql(CREATE_BRANCH, { accountId: mine, input: { kind: 'ZONE', name: 'Z' } }, client.as))).toBe(
      'FORBIDDEN',
    );
    expect(code(await t.gql(UNPIN, { c: contractor.id, a: theirs }, client.as))).toBe('NOT_FOUND');
    expect(code(await t.gql(ACCOUNT, { id: mine }, anonymous))).toBe('UNAUTHENTICATED');
    const stranger = asTelegram(t, { id: newTelegramId() });
    expect(code(await t.gql('{ myAccount { id } }', {}, stranger))).toBe('UNKNOWN_TELEGRAM_USER');
    expect(code(await t.gql('{ myAccount { id } }', {}, manager))).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('R-ACC-1 someone outside the account who reaches it through a user sees no members, e-mail or tariff', async () => {
    const accountId = await seedAccount(t, { tariffId });
    await t.sql(`UPDATE client_account SET contact_email = 'secret@x.example' WHERE id = $1`, [accountId]);
    const client = await seedCaller(t, { role: 'CLIENT', accountId, firstName: 'Cleo' });
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const r = await t.ok(
      `query ($id: ID!) { user(id: $id) { account { id name contactEmail tariff { id } members { id } pinnedContractors { id } usage { used } } } }`,
      { id: client.id },
      owner,
    );
    expect(r.user.account).toMatchObject({ id: accountId, contactEmail: 'secret@x.example', tariff: { id: tariffId } });
    expect(r.user.account.members).toEqual([{ id: client.id }]);
    // The contractor sees the account's name through the client, never its details.
    const self = await t.ok(`{ viewer { ... on User { account { id } } } }`, {}, contractor.as);
    expect(self.viewer.account).toBeNull();
  });
});

describe('branch tree', () => {
  it('R-ACC-2 builds zone → branch → department; navigation by parent, children and rootBranches', async () => {
    const { id } = await createAccount({ name: 'Tree Holding' });
    const zone = await createBranch(id, { kind: 'ZONE', name: 'Ural', code: 'URL' });
    expect(zone).toMatchObject({ __typename: 'Branch', kind: 'ZONE', code: 'URL', active: true, parent: null });
    const branch = await createBranch(id, {
      kind: 'BRANCH',
      name: 'Yekaterinburg',
      parentId: zone.id,
      address: 'Lenina 1',
    });
    expect(branch).toMatchObject({ parentId: zone.id, parent: { id: zone.id }, address: 'Lenina 1' });
    const dept = await createBranch(id, { kind: 'DEPARTMENT', name: 'Accounting', parentId: branch.id });
    const skip = await createBranch(id, { kind: 'DEPARTMENT', name: 'Warehouse', parentId: zone.id });
    expect(skip.__typename).toBe('Branch');
    const r = await t.ok(
      `query ($id: ID!) { account(id: $id) { rootBranches { name children { name children { name account { id } } } } } }`,
      { id },
      manager,
    );
    expect(r.account.rootBranches).toEqual([
      {
        name: 'Ural',
        children: [
          { name: 'Warehouse', children: [] },
          { name: 'Yekaterinburg', children: [{ name: 'Accounting', account: { id } }] },
        ],
      },
    ]);
    const member = await seedCaller(t, { role: 'CLIENT', accountId: id, branchId: dept.id });
    const me = await t.ok(`{ viewer { ... on User { branch { name parent { name } } } } }`, {}, member.as);
    expect(me.viewer.branch).toEqual({ name: 'Accounting', parent: { name: 'Yekaterinburg' } });
  });

  it('R-ACC-2 a child must sit strictly below its parent; a refused placement changes nothing', async () => {
    const { id } = await createAccount({ name: 'Strict Levels' });
    const zone = await createBranch(id, { kind: 'ZONE', name: 'North' });
    const branch = await createBranch(id, { kind: 'BRANCH', name: 'Office', parentId: zone.id });
    const dept = await createBranch(id, { kind: 'DEPARTMENT', name: 'IT', parentId: branch.id });
    const before = await counts();
    for (const [kind, parentId] of [
      ['BRANCH', branch.id],
      ['ZONE', zone.id],
      ['BRANCH', dept.id],
      ['DEPARTMENT', dept.id],
    ]) {
      const r = await createBranch(id, { kind, name: 'Bad', parentId });
      expect(r.__typename, `${kind} under ${parentId}`).toBe('InvalidBranchParent');
      expect(r.reason).toMatch(/cannot sit under/);
    }
    expect(await counts()).toEqual(before);
  });

  it('R-ACC-2 a parent from another account is not found; codes are unique within an account', async () => {
    const a = await createAccount({ name: 'Codes A' });
    const b = await createAccount({ name: 'Codes B' });
    const zoneB = await createBranch(b.id, { kind: 'ZONE', name: 'B zone', code: 'HQ' });
    const before = await counts();
    const foreign = await t.gql(
      CREATE_BRANCH,
      { accountId: a.id, input: { kind: 'BRANCH', name: 'X', parentId: zoneB.id } },
      owner,
    );
    expect(code(foreign)).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
    const hqA = await createBranch(a.id, { kind: 'ZONE', name: 'A zone', code: 'HQ' });
    expect(hqA.__typename).toBe('Branch');
    const dup = await createBranch(a.id, { kind: 'BRANCH', name: 'Again', code: 'hq' });
    expect(dup).toEqual({ __typename: 'BranchCodeTaken', takenCode: 'hq', existing: { id: hqA.id } });
  });

  it('R-ACC-2 moving a node under its own descendant is refused; moving and re-levelling work', async () => {
    const { id } = await createAccount({ name: 'Moving Parts' });
    const zone = await createBranch(id, { kind: 'ZONE', name: 'Z1' });
    const zone2 = await createBranch(id, { kind: 'ZONE', name: 'Z2' });
    const branch = await createBranch(id, { kind: 'BRANCH', name: 'B1', parentId: zone.id });
    const dept = await createBranch(id, { kind: 'DEPARTMENT', name: 'D1', parentId: branch.id });
    const snapshot = () =>
      t.sql('SELECT id, parent_id, kind, name FROM branch WHERE account_id = $1 ORDER BY name', [id]);
    const before = await snapshot();
    const auditBefore = await countRows(t, 'audit_log');

    const cycle = await t.ok(UPDATE_BRANCH, { id: zone.id, input: { parentId: dept.id, kind: 'DEPARTMENT' } }, owner);
    expect(cycle.updateBranch.__typename).toBe('InvalidBranchParent');
    const self = await t.ok(UPDATE_BRANCH, { id: branch.id, input: { parentId: branch.id } }, owner);
    expect(self.updateBranch).toMatchObject({
      __typename: 'InvalidBranchParent',
      reason: expect.stringMatching(/descendant/),
    });
    const relevel = await t.ok(UPDATE_BRANCH, { id: branch.id, input: { kind: 'DEPARTMENT' } }, owner);
    expect(relevel.updateBranch).toMatchObject({
      __typename: 'InvalidBranchParent',
      reason: expect.stringMatching(/below it/),
    });
    expect(await snapshot()).toEqual(before);
    expect(await countRows(t, 'audit_log')).toBe(auditBefore);

    const moved = await t.ok(UPDATE_BRANCH, { id: branch.id, input: { parentId: zone2.id, name: 'B1 moved' } }, owner);
    expect(moved.updateBranch).toMatchObject({ __typename: 'Branch', parentId: zone2.id, name: 'B1 moved' });
    const top = await t.ok(UPDATE_BRANCH, { id: dept.id, input: { moveToTop: true, kind: 'ZONE' } }, owner);
    expect(top.updateBranch).toMatchObject({ parentId: null, kind: 'ZONE' });
    const off = await t.ok(
      `mutation ($id: ID!) { setBranchActive(id: $id, active: false) { active } }`,
      { id: zone.id },
      owner,
    );
    expect(off.setBranchActive.active).toBe(false);
    const active = await t.ok(
      `query ($id: ID!) { account(id: $id) { branches(includeInactive: false) { name } } }`,
      { id },
      owner,
    );
    expect(active.account.branches.map((b: { name: string }) => b.name).sort()).toEqual(['B1 moved', 'D1', 'Z2']);
  });

  it('R-ACC-2 bad branch input is refused with the field named', async () => {
    const { id } = await createAccount({ name: 'Branch Inputs' });
    const before = await counts();
    for (const [input, name] of [
      [{ kind: 'ZONE', name: '' }, 'name'],
      [{ kind: 'ZONE', name: 'x'.repeat(1_000_000) }, 'name'],
      [{ kind: 'ZONE', name: 'Ok', code: 'c'.repeat(33) }, 'code'],
      [{ kind: 'ZONE', name: 'Ok', address: 'a'.repeat(501) }, 'address'],
    ] as const) {
      const r = await t.gql(CREATE_BRANCH, { accountId: id, input }, owner);
      expect(code(r)).toBe('BAD_USER_INPUT');
      expect(String(field(r))).toContain(name);
    }
    const bad = await t.gql(
      CREATE_BRANCH,
      { accountId: id, input: { kind: 'ZONE', name: 'Ok', parentId: 'nope' } },
      owner,
    );
    expect(code(bad)).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
  });
});

describe('pinned contractors and contacts', () => {
  async function setup(tariff: { canPinContractors: boolean; canSeeContractorContacts: boolean }) {
    const tid = await seedTariff(t, tariff);
    const accountId = await seedAccount(t, { tariffId: tid });
    const client = await seedCaller(t, { role: 'CLIENT', accountId, firstName: 'Client' });
    const worked = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Ivan', username: `ivan_${newTelegramId()}` });
    await setLastName(t, worked.id, 'Petrov');
    const holding = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Oleg' });
    const stranger = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Stas' });
    await seedOrder(t, { accountId, authorId: client.id, status: 'DONE', contractorId: worked.id });
    await seedOrder(t, { accountId, authorId: client.id, status: 'DONE', contractorId: worked.id });
    await seedOrder(t, { accountId, authorId: client.id, status: 'IN_PROGRESS', contractorId: holding.id });
    // Worked for another account only.
    const other = await seedAccount(t, { tariffId: tid });
    const otherClient = await seedCaller(t, { role: 'CLIENT', accountId: other });
    await seedOrder(t, { accountId: other, authorId: otherClient.id, status: 'DONE', contractorId: stranger.id });
    return { tid, accountId, client, worked, holding, stranger, other };
  }

  it('R-ACC-4 a client pins a contractor who worked for it, once (idempotent), and unpins', async () => {
    const s = await setup({ canPinContractors: true, canSeeContractorContacts: false });
    const r = await t.ok(PIN, { c: s.worked.id }, s.client.as);
    expect(r.pinContractor).toEqual({
      __typename: 'ClientAccount',
      id: s.accountId,
      pinnedContractors: [{ id: s.worked.id }],
    });
    const holding = await t.ok(PIN, { c: s.holding.id, a: s.accountId }, s.client.as);
    expect(holding.pinContractor.pinnedContractors).toHaveLength(2);
    const auditBefore = await countRows(t, 'audit_log');
    const twice = await t.ok(PIN, { c: s.worked.id }, s.client.as);
    expect(twice.pinContractor.pinnedContractors).toHaveLength(2);
    expect(
      await t.sql('SELECT count(*)::int AS n FROM pinned_contractor WHERE account_id = $1', [s.accountId]),
    ).toEqual([{ n: 2 }]);
    expect(await countRows(t, 'audit_log')).toBe(auditBefore);
    const [pin] = await t.sql(
      'SELECT pinned_by_id FROM pinned_contractor WHERE account_id = $1 AND contractor_id = $2',
      [s.accountId, s.worked.id],
    );
    expect(pin).toEqual({ pinned_by_id: s.client.id });
    const un = await t.ok(UNPIN, { c: s.worked.id }, s.client.as);
    expect(un.unpinContractor.pinnedContractors).toEqual([{ id: s.holding.id }]);
    const again = await t.ok(UNPIN, { c: s.worked.id }, s.client.as);
    expect(again.unpinContractor.pinnedContractors).toEqual([{ id: s.holding.id }]);
  });

  it('R-ACC-4 a client cannot pin a contractor who never worked for it; a non-contractor is not found', async () => {
    const s = await setup({ canPinContractors: true, canSeeContractorContacts: false });
    const before = await counts();
    const r = await t.ok(PIN, { c: s.stranger.id }, s.client.as);
    expect(r.pinContractor).toEqual({
      __typename: 'ContractorNotEligible',
      reason: expect.stringMatching(/has not worked/),
    });
    // For a client, a user who is not a contractor does not exist here, like an unknown id.
    expect(code(await t.gql(PIN, { c: s.client.id }, s.client.as))).toBe('NOT_FOUND');
    await t.sql('UPDATE app_user SET active = false WHERE id = $1', [s.holding.id]);
    const inactive = await t.ok(PIN, { c: s.holding.id }, s.client.as);
    expect(inactive.pinContractor.__typename).toBe('ContractorNotEligible');
    expect(code(await t.gql(PIN, { c: 'not-a-uuid' }, s.client.as))).toBe('NOT_FOUND');
    expect(code(await t.gql(PIN, { c: '00000000-0000-0000-0000-000000000001' }, s.client.as))).toBe('NOT_FOUND');
    expect(code(await t.gql(PIN, { c: s.worked.id, a: s.other }, s.client.as))).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);
  });

  it('R-ACC-4 pinning is refused when the tariff does not allow it, for clients and staff alike', async () => {
    const s = await setup({ canPinContractors: false, canSeeContractorContacts: false });
    const before = await counts();
    const r = await t.ok(PIN, { c: s.worked.id }, s.client.as);
    expect(r.pinContractor).toMatchObject({ __typename: 'PinningNotAllowed', tariffName: expect.any(String) });
    const staff = await t.ok(PIN, { c: s.worked.id, a: s.accountId }, manager);
    expect(staff.pinContractor.__typename).toBe('PinningNotAllowed');
    expect(await counts()).toEqual(before);
  });

  it('R-ACC-4 staff pin any active contractor for a named account; contractors may not pin', async () => {
    const s = await setup({ canPinContractors: true, canSeeContractorContacts: false });
    const missing = await t.gql(PIN, { c: s.stranger.id }, manager);
    expect(code(missing)).toBe('BAD_USER_INPUT');
    expect(field(missing)).toBe('accountId');
    const r = await t.ok(PIN, { c: s.stranger.id, a: s.accountId }, manager);
    expect(r.pinContractor.pinnedContractors).toEqual([{ id: s.stranger.id }]);
    expect(code(await t.gql(PIN, { c: s.worked.id, a: s.accountId }, s.worked.as))).toBe('FORBIDDEN');
    const un = await t.ok(UNPIN, { c: s.stranger.id, a: s.accountId }, owner);
    expect(un.unpinContractor.pinnedContractors).toEqual([]);
  });

  it('R-ACC-5 without the contacts option a client sees contractors who worked for it by first name only', async () => {
    const s = await setup({ canPinContractors: true, canSeeContractorContacts: false });
    await t.ok(PIN, { c: s.worked.id }, s.client.as);
    const r = await t.ok(MY_CONTRACTORS, {}, s.client.as);
    const byId = new Map(r.myContractors.map((c: { contractor: { id: string } }) => [c.contractor.id, c]));
    expect(byId.size).toBe(2);
    expect(byId.has(s.stranger.id)).toBe(false);
    expect(byId.get(s.worked.id)).toMatchObject({
      pinned: true,
      ordersDone: 2,
      ordersInProgress: 0,
      contractor: { firstName: 'Ivan', lastName: null, username: null, telegramId: null, displayName: 'Ivan' },
    });
    expect(byId.get(s.holding.id)).toMatchObject({ pinned: false, ordersDone: 0, ordersInProgress: 1 });
    // Also when reached through the account's pinned list.
    const pinned = await t.ok('{ myAccount { pinnedContractors { displayName lastName username } } }', {}, s.client.as);
    expect(pinned.myAccount.pinnedContractors).toEqual([{ displayName: 'Ivan', lastName: null, username: null }]);
  });

  it('R-ACC-5 with the contacts option the client sees names and Telegram contacts; staff always do', async () => {
    const s = await setup({ canPinContractors: false, canSeeContractorContacts: true });
    const r = await t.ok(MY_CONTRACTORS, {}, s.client.as);
    const ivan = r.myContractors.find((c: { contractor: { id: string } }) => c.contractor.id === s.worked.id);
    expect(ivan.contractor).toEqual({
      id: s.worked.id,
      firstName: 'Ivan',
      lastName: 'Petrov',
      username: expect.stringMatching(/^ivan_/),
      telegramId: s.worked.telegramId,
      displayName: 'Ivan Petrov',
    });
    const staff = await t.ok(
      `query ($id: ID!) { account(id: $id) { workedContractors { contractor { lastName telegramId } } } }`,
      { id: s.accountId },
      manager,
    );
    expect(staff.account.workedContractors).toContainEqual({
      contractor: { lastName: 'Petrov', telegramId: s.worked.telegramId },
    });
  });

  it('R-BIL-4 an owner changes a client’s tariff: the limit and contact rule follow at once, audited', async () => {
    const s = await setup({ canPinContractors: false, canSeeContractorContacts: false });
    const richer = await seedTariff(t, {
      ordersPerPeriod: null,
      canSeeContractorContacts: true,
      canPinContractors: true,
    });
    const before = await t.ok('{ myAccount { usage { allowed used } } }', {}, s.client.as);
    expect(before.myAccount.usage).toMatchObject({ allowed: 10, used: 3 });
    const CHANGE = `mutation ($a: ID!, $t: ID!) { changeAccountTariff(accountId: $a, tariffId: $t) { id tariff { id } usage { allowed } } }`;
    expect(code(await t.gql(CHANGE, { a: s.accountId, t: richer }, manager))).toBe('FORBIDDEN');
    expect(code(await t.gql(CHANGE, { a: s.accountId, t: richer }, s.client.as))).toBe('FORBIDDEN');
    const r = await t.ok(CHANGE, { a: s.accountId, t: richer }, owner);
    expect(r.changeAccountTariff).toEqual({ id: s.accountId, tariff: { id: richer }, usage: { allowed: null } });
    const after = await t.ok(MY_CONTRACTORS, {}, s.client.as);
    const ivan = after.myContractors.find((c: { contractor: { id: string } }) => c.contractor.id === s.worked.id);
    expect(ivan.contractor.lastName).toBe('Petrov');
    expect((await t.ok(PIN, { c: s.worked.id }, s.client.as)).pinContractor.__typename).toBe('ClientAccount');
    const audit = await t.sql<{ data: Record<string, string> }>(
      `SELECT data FROM audit_log WHERE entity_id = $1 AND action = 'account.tariffChanged'`,
      [s.accountId],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ from: s.tid, tariffId: richer });

    const retired = await seedTariff(t, { active: false });
    const dbBefore = await counts();
    const refused = await t.gql(CHANGE, { a: s.accountId, t: retired }, owner);
    expect(code(refused)).toBe('BAD_USER_INPUT');
    expect(field(refused)).toBe('tariffId');
    expect(code(await t.gql(CHANGE, { a: s.accountId, t: 'nope' }, owner))).toBe('NOT_FOUND');
    expect(code(await t.gql(CHANGE, { a: 'nope', t: richer }, owner))).toBe('NOT_FOUND');
    expect(await counts()).toEqual(dbBefore);
    const [row] = await t.sql('SELECT tariff_id FROM client_account WHERE id = $1', [s.accountId]);
    expect(row).toEqual({ tariff_id: richer });
  });
});
