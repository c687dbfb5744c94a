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

let t: TestSystem;
let owner: Caller;
let manager: Caller;
let clientA: Caller;
let accountA: string;
let accountB: string;
let invoiceA: string;
let invoiceB: string;

const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  t = await startTestSystem();
  const [tariff] = await t.sql<{ id: string }>(
    `INSERT INTO tariff (name, reaction_time_minutes) VALUES ('Std', 60) RETURNING id`,
  );
  [{ id: accountA }] = (await t.sql<{ id: string }>(
    `INSERT INTO client_account (name, tariff_id) VALUES ('A', $1) RETURNING id`,
    [tariff!.id],
  )) as [{ id: string }];
  [{ id: accountB }] = (await t.sql<{ id: string }>(
    `INSERT INTO client_account (name, tariff_id) VALUES ('B', $1) RETURNING id`,
    [tariff!.id],
  )) as [{ id: string }];
  const now = t.clock.now();
  const insert = (account: string, issuedDaysAgo: number) =>
    t.sql<{ id: string }>(
      `INSERT INTO invoice (account_id, tariff_id, period_start, period_end, amount, issued_at) VALUES ($1, $2, $3, $4, '1500.00', $5) RETURNING id`,
      [
        account,
        tariff!.id,
        new Date(now.getTime() - 40 * DAY),
        new Date(now.getTime() - 10 * DAY),
        new Date(now.getTime() - issuedDaysAgo * DAY),
      ],
    );
  invoiceA = (await insert(accountA, 10))[0]!.id;
  invoiceB = (await insert(accountB, 2))[0]!.id;
  const o = newTelegramId();
  const m = newTelegramId();
  const c = newTelegramId();
  await seedUser(t, { role: 'OWNER', telegramId: o });
  await seedUser(t, { role: 'MANAGER', telegramId: m });
  await seedUser(t, { role: 'CLIENT', telegramId: c, accountId: accountA });
  owner = asTelegram(t, { id: o });
  manager = asTelegram(t, { id: m });
  clientA = asTelegram(t, { id: c });
});
afterAll(async () => {
  await t?.stop();
});

const LIST = '{ invoices(first: 50) { totalCount nodes { id amount status overdue dueAt account { id } } } }';

describe('R-BIL-3 invoices', () => {
  it('R-BIL-3 staff read every invoice; overdue follows PAYMENT_GRACE_DAYS', async () => {
    const r = await t.ok(LIST, {}, manager);
    expect(r.invoices.totalCount).toBe(2);
    const byId = Object.fromEntries(r.invoices.nodes.map((n: { id: string }) => [n.id, n]));
    expect(byId[invoiceA]).toMatchObject({
      amount: '1500.00',
      status: 'UNPAID',
      overdue: true,
      account: { id: accountA },
    });
    expect(byId[invoiceB]).toMatchObject({ overdue: false });
    const overdue = await t.ok('{ invoices(filter: { overdue: true }) { nodes { id } } }', {}, manager);
    expect(overdue.invoices.nodes).toEqual([{ id: invoiceA }]);
  });

  it('R-BIL-3 a client sees only its own account’s invoices; another account’s id is not found', async () => {
    const r = await t.ok(LIST, {}, clientA);
    expect(r.invoices.nodes.map((n: { id: string }) => n.id)).toEqual([invoiceA]);
    const other = await t.gql('query($id: ID!) { invoice(id: $id) { id } }', { id: invoiceB }, clientA);
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const filtered = await t.ok(
      'query($a: ID!) { invoices(filter: { accountId: $a }) { totalCount } }',
      { a: accountB },
      clientA,
    );
    expect(filtered.invoices.totalCount).toBe(0);
  });

  it('R-BIL-3 an owner marks an invoice paid with date and note, once', async () => {
    const q = `mutation($id: ID!, $on: String!, $note: String) { markInvoicePaid(id: $id, paidOn: $on, note: $note) {
      __typename ... on Invoice { status paidOn paymentNote overdue } ... on InvoiceAlreadyPaid { invoice { paidOn } } } }`;
    const r = await t.ok(q, { id: invoiceA, on: '2026-11-20', note: 'PP 123' }, owner);
    expect(r.markInvoicePaid).toEqual({
      __typename: 'Invoice',
      status: 'PAID',
      paidOn: '2026-11-20',
      paymentNote: 'PP 123',
      overdue: false,
    });
    const again = await t.ok(q, { id: invoiceA, on: '2026-11-21' }, owner);
    expect(again.markInvoicePaid).toEqual({ __typename: 'InvoiceAlreadyPaid', invoice: { paidOn: '2026-11-20' } });
    expect(await t.sql(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'invoice.paid'`)).toEqual([{ n: 1 }]);
  });

  it('R-BIL-3 bad dates, long notes, unknown ids and non-owners change nothing', async () => {
    const before = await t.sql('SELECT id, status, paid_on FROM invoice ORDER BY id');
    const q =
      'mutation($id: ID!, $on: String!, $note: String) { markInvoicePaid(id: $id, paidOn: $on, note: $note) { __typename } }';
    const cases: Array<[Record<string, unknown>, Caller, string]> = [
      [{ id: invoiceB, on: '2026-02-30' }, owner, 'BAD_USER_INPUT'],
      [{ id: invoiceB, on: 'yesterday' }, owner, 'BAD_USER_INPUT'],
      [{ id: invoiceB, on: '2026-11-20', note: 'n'.repeat(1024 * 1024) }, owner, 'BAD_USER_INPUT'],
      [{ id: '5b4c9c1e-0000-4000-8000-000000000000', on: '2026-11-20' }, owner, 'NOT_FOUND'],
      [{ id: 'not-an-id', on: '2026-11-20' }, owner, 'NOT_FOUND'],
      [{ id: invoiceB, on: '2026-11-20' }, manager, 'FORBIDDEN'],
      [{ id: invoiceB, on: '2026-11-20' }, clientA, 'FORBIDDEN'],
      [{ id: invoiceB, on: '2026-11-20' }, withToken('itsk_nope_nope'), 'UNAUTHENTICATED'],
    ];
    for (const [vars, as, code] of cases) {
      const r = await t.gql(q, vars, as);
      expect(r.errors?.[0]?.extensions?.code, JSON.stringify(vars).slice(0, 80)).toBe(code);
    }
    expect(await t.sql('SELECT id, status, paid_on FROM invoice ORDER BY id')).toEqual(before);
  });
});
