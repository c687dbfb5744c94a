/**
 * The staff dashboard, the at-risk list, contractors with their load and the audit log, read from the report
 * world (test/reports.helpers.ts): at Mar 3 13:56 o5 is NEW with its not-taken warning fired (R-SLA-2) and
 * o6 is in work past its estimate (R-SLA-4).
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../harness.js';
import { code, ORDERS } from '../orders.helpers.js';
import { seedCaller, seedContractorCategories, seedSetting } from '../seed.js';
import { at, seedReportWorld, type ReportWorld } from '../reports.helpers.js';

let t: TestSystem;
let w: ReportWorld;

const DASHBOARD = `query ($days: Int!) {
  dashboard(days: $days) {
    asOf newOrders inProgress atRisk breachedOpen doneToday createdToday periodStart periodEnd
    days { day start created done }
    sla { orders takenInTimeShare doneInTimeShare breaches }
  }
}`;

const CONTRACTORS = `query ($filter: ContractorLoadFilter) {
  contractors(filter: $filter) { activeOrders capacity free contractor { id username displayName } }
}`;

const CONTRACTOR_CATEGORIES = `{ contractors { contractor { id } categories { id code } } }`;

beforeAll(async () => {
  t = await startTestSystem();
  w = await seedReportWorld(t);
});
afterAll(async () => {
  await t?.stop();
});

describe('dashboard', () => {
  it('R-SLA-2 R-SLA-4 counters: NEW, in work, at risk (warned, not breached), breached, done and created today', async () => {
    const d = (await t.ok(DASHBOARD, { days: 3 }, w.manager.as)).dashboard;
    expect(d).toMatchObject({
      asOf: '2027-03-03T13:56:00.000Z',
      newOrders: 1,
      inProgress: 1,
      atRisk: 1,
      breachedOpen: 1,
      doneToday: 1,
      createdToday: 4,
      periodStart: '2027-03-01T00:00:00.000Z',
      periodEnd: '2027-04-01T00:00:00.000Z',
    });
    expect(d.days).toEqual([
      { day: '2027-03-01', start: '2027-03-01T00:00:00.000Z', created: 0, done: 0 },
      { day: '2027-03-02', start: '2027-03-02T00:00:00.000Z', created: 2, done: 2 },
      { day: '2027-03-03', start: '2027-03-03T00:00:00.000Z', created: 4, done: 1 },
    ]);
    expect(d.sla).toEqual({ orders: 5, takenInTimeShare: 0.75, doneInTimeShare: 0.5, breaches: 2 });
  });

  it('R-BIL-1 days follow TIMEZONE: a Moscow day starts at 21:00 UTC the evening before', async () => {
    await seedSetting(t, 'TIMEZONE', 'Europe/Moscow');
    try {
      const d = (await t.ok(DASHBOARD, { days: 2 }, w.owner.as)).dashboard;
      expect(d.days.map((x: any) => [x.day, x.start])).toEqual([
        ['2027-03-02', '2027-03-01T21:00:00.000Z'],
        ['2027-03-03', '2027-03-02T21:00:00.000Z'],
      ]);
    } finally {
      await seedSetting(t, 'TIMEZONE', 'UTC');
    }
  });

  it('the number of days is checked', async () => {
    const r = await t.gql(DASHBOARD, { days: 91 }, w.owner.as);
    expect([code(r), r.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'days']);
  });
});

describe('R-SLA-2 R-SLA-3 R-SLA-4 the managers’ at-risk list', () => {
  it('open orders whose warning fired or that are breached; nothing finished', async () => {
    const risky = (await t.ok(ORDERS, { filter: { atRisk: true } }, w.manager.as)).orders;
    expect(new Set(risky.nodes.map((o: any) => o.id))).toEqual(new Set([w.orders.o5, w.orders.o6]));
    const calm = (await t.ok(ORDERS, { filter: { atRisk: false, archived: false } }, w.manager.as)).orders;
    expect(calm.nodes.map((o: any) => o.id)).not.toContain(w.orders.o5);
    expect(calm.totalCount).toBe(5);
  });
});

describe('R-ORD-8 contractors with their load', () => {
  it('lists load and capacity; free ones are active and below capacity', async () => {
    await t.sql(`UPDATE app_user SET max_active_orders = 1 WHERE id = $1`, [w.olga.id]);
    const all = (await t.ok(CONTRACTORS, {}, w.manager.as)).contractors;
    expect(all.map((c: any) => [c.contractor.id, c.activeOrders, c.capacity, c.free])).toEqual([
      [w.ivan.id, 0, 1000, true],
      [w.olga.id, 1, 1, false],
    ]);
    expect(all[0].contractor).toMatchObject({ username: 'ivan_petrov', displayName: 'Ivan Petrov' });
    const free = (await t.ok(CONTRACTORS, { filter: { free: true } }, w.manager.as)).contractors;
    expect(free.map((c: any) => c.contractor.id)).toEqual([w.ivan.id]);
    // Ivan serves IT help only (R-ORD-3): a repair goes to Olga, who serves everything.
    const repair = (await t.ok(CONTRACTORS, { filter: { categoryId: w.categories.repair } }, w.manager.as)).contractors;
    expect(repair.map((c: any) => c.contractor.id)).toEqual([w.olga.id]);
    expect(code(await t.gql(CONTRACTORS, {}, w.ivan.as))).toBe('FORBIDDEN');
  });

  it('R-ORD-3 each contractor lists the categories served, in one batch however long the list', async () => {
    const served = async () => {
      t.queries.length = 0;
      const rows = (await t.ok(CONTRACTOR_CATEGORIES, {}, w.manager.as)).contractors;
      return { queries: t.queries.length, rows };
    };
    await served(); // warm-up: sessions and settings caches do not distort the count
    const two = await served();
    const byId = (rows: any[]) => new Map(rows.map((r) => [r.contractor.id, r.categories.map((c: any) => c.code)]));
    expect(byId(two.rows).get(w.ivan.id)).toEqual(['IT_HELP']);
    // Olga has no categories of her own: she serves every one (R-ORD-3).
    expect(byId(two.rows).get(w.olga.id)).toEqual([]);

    const more = [];
    for (const firstName of ['Petr', 'Anna', 'Oleg']) {
      const c = await seedCaller(t, { role: 'CONTRACTOR', firstName });
      await seedContractorCategories(t, c.id, ['REPAIR', 'IT_HELP']);
      more.push(c.id);
    }
    const five = await served();
    expect(five.rows).toHaveLength(5);
    // In menu order (position), not in the order they were linked.
    for (const id of more) expect(byId(five.rows).get(id)).toEqual(['IT_HELP', 'REPAIR']);
    expect(five.queries).toBe(two.queries);
  });
});

describe('audit log', () => {
  it('owners read administrative changes newest first, page by page; managers may not', async () => {
    const setting = await t.ok(
      `mutation { updateSetting(key: "ORDER_RATE", value: "700") { __typename } }`,
      {},
      w.owner.as,
    );
    expect(setting.updateSetting.__typename).toBe('Setting');
    t.clock.set(at('2027-03-03T14:00:00Z'));
    await t.ok(`mutation { updateSetting(key: "ORDER_RATE", value: "750") { __typename } }`, {}, w.owner.as);
    const AUDIT = `query ($after: String, $filter: AuditLogFilter) {
      auditLog(first: 1, after: $after, filter: $filter) {
        totalCount pageInfo { hasNextPage endCursor } nodes { action entity entityId data createdAt actor { id } }
      }
    }`;
    const filter = { entity: 'setting', actorId: w.owner.id };
    const first = (await t.ok(AUDIT, { filter }, w.owner.as)).auditLog;
    expect(first.totalCount).toBe(2);
    expect(first.nodes).toEqual([
      {
        action: 'setting.updated',
        entity: 'setting',
        entityId: 'ORDER_RATE',
        data: { from: '700', to: '750' },
        createdAt: '2027-03-03T14:00:00.000Z',
        actor: { id: w.owner.id },
      },
    ]);
    const second = (await t.ok(AUDIT, { filter, after: first.pageInfo.endCursor }, w.owner.as)).auditLog;
    expect(second.nodes.map((n: any) => n.data)).toEqual([{ from: '650', to: '700' }]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(code(await t.gql(AUDIT, {}, w.manager.as))).toBe('FORBIDDEN');
    expect(code(await t.gql(AUDIT, { after: 'bm9wZQ' }, w.owner.as))).toBe('BAD_USER_INPUT');
  });
});
