/** The world the report tests read: two accounts, a branch tree, two contractors, orders over two periods. */
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { Caller, TestSystem } from './harness.js';
import { CANCEL_ORDER, CLOSE_ORDER, newOrder, take } from './orders.helpers.js';
import {
  categoryIdOf,
  seedAccount,
  seedBranch,
  seedCaller,
  seedContractorCategories,
  seedSetting,
  seedTariff,
  setLastName,
} from './seed.js';
import { sweep } from './sla.helpers.js';

export const at = (iso: string) => new Date(iso);

export interface ReportWorld {
  accountA: string;
  accountB: string;
  zone: string;
  office: string;
  accounting: string;
  ivan: { id: string; as: Caller };
  olga: { id: string; as: Caller };
  client: { id: string; as: Caller };
  owner: { id: string; as: Caller };
  manager: { id: string; as: Caller };
  orders: Record<'o1' | 'o2' | 'o3' | 'o4' | 'o5' | 'o6' | 'o7', string>;
  categories: Record<'itHelp' | 'cartridge' | 'repair', string>;
}

/**
 * Times in UTC, BILLING_DAY 1 (periods are calendar months). Tariffs: Gold (Alpha LLC) reacts in 60 min and
 * allows 10 orders, Silver (Beta LLC) 120 min, unlimited. Ivan serves IT help only; Olga everything.
 *  o7 Feb 27 Alpha IT help, Ivan 10:10..10:40 (rate 500)             — the previous period
 *  o1 Mar 2  Alpha/Accounting IT help 09:00, Ivan 09:30 (2 h)..10:30  — in time (take 30, close 90)
 *  o2 Mar 2  Alpha/Central office cartridges 10:00 (HP 85A ×2, Canon 725 ×1), reaction breached 11:00,
 *            Olga 11:30 (1 h)..13:00                                    — late twice (take 90, close 180)
 *  o3 Mar 3  Beta cartridges 09:00 (HP 85A ×3), cancelled 09:10
 *  o4 Mar 3  Beta IT help 10:00, Ivan 10:20 (1 h)..11:00 at ORDER_RATE 650 — in time (take 20, close 60)
 *  o5 Mar 3  Beta repair 12:00, still NEW at 13:56: not-taken warning fired (95% = 13:54), not breached
 *  o6 Mar 3  Alpha (no branch) IT help 12:00, Olga 12:10 (1 h): work breached at 13:10
 * The clock ends at Mar 3 13:56 after an SLA sweep.
 */
export async function seedReportWorld(t: TestSystem): Promise<ReportWorld> {
  await seedSetting(t, 'TIMEZONE', 'UTC');
  await seedSetting(t, 'BILLING_DAY', '1');
  await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '1000');
  await seedSetting(t, 'MAX_ACTIVE_ORDERS_PER_CONTRACTOR', '1000');
  const gold = await seedTariff(t, { name: 'Gold', ordersPerPeriod: 10, reactionTimeMinutes: 60 });
  const silver = await seedTariff(t, { name: 'Silver', ordersPerPeriod: null, reactionTimeMinutes: 120 });
  const accountA = await seedAccount(t, { name: 'Alpha LLC', tariffId: gold });
  const accountB = await seedAccount(t, { name: 'Beta LLC', tariffId: silver });
  const zone = await seedBranch(t, { accountId: accountA, kind: 'ZONE', name: 'North zone' });
  const office = await seedBranch(t, { accountId: accountA, parentId: zone, name: 'Central office', code: 'CO' });
  const accounting = await seedBranch(t, {
    accountId: accountA,
    parentId: office,
    kind: 'DEPARTMENT',
    name: 'Accounting',
  });
  const a1 = await seedCaller(t, { role: 'CLIENT', accountId: accountA, branchId: office });
  const a2 = await seedCaller(t, { role: 'CLIENT', accountId: accountA });
  const b1 = await seedCaller(t, { role: 'CLIENT', accountId: accountB });
  const ivan = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Ivan', username: 'ivan_petrov' });
  await setLastName(t, ivan.id, 'Petrov');
  await seedContractorCategories(t, ivan.id, ['IT_HELP']);
  const olga = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Olga' });
  await setLastName(t, olga.id, 'Sidorova');
  const owner = await seedCaller(t, { role: 'OWNER' });
  const manager = await seedCaller(t, { role: 'MANAGER' });
  const categories = {
    itHelp: await categoryIdOf(t, 'IT_HELP'),
    cartridge: await categoryIdOf(t, 'CARTRIDGE'),
    repair: await categoryIdOf(t, 'REPAIR'),
  };
  const clockAt = (iso: string) => t.clock.set(at(iso));
  const close = async (as: Caller, orderId: string) =>
    expect((await t.ok(CLOSE_ORDER, { orderId }, as)).closeOrder.__typename).toBe('Order');
  const taken = async (as: Caller, orderId: string, hours: number) =>
    expect((await take(t, as, orderId, hours)).__typename).toBe('Order');

  clockAt('2027-02-27T10:00:00Z');
  const o7 = (await newOrder(t, a1.as)).id as string;
  clockAt('2027-02-27T10:10:00Z');
  await taken(ivan.as, o7, 1);
  clockAt('2027-02-27T10:40:00Z');
  await close(ivan.as, o7);

  clockAt('2027-03-02T09:00:00Z');
  const o1 = (await newOrder(t, a1.as, { branchId: accounting })).id as string;
  clockAt('2027-03-02T09:30:00Z');
  await taken(ivan.as, o1, 2);
  clockAt('2027-03-02T10:00:00Z');
  const o2 = (
    await newOrder(t, a1.as, {
      categoryId: categories.cartridge,
      items: [
        { model: 'HP 85A', quantity: 2 },
        { model: 'Canon 725', quantity: 1 },
      ],
    })
  ).id as string;
  clockAt('2027-03-02T10:30:00Z');
  await close(ivan.as, o1);
  clockAt('2027-03-02T11:00:00Z');
  await sweep(t.system, t.clock);
  clockAt('2027-03-02T11:30:00Z');
  await taken(olga.as, o2, 1);
  clockAt('2027-03-02T13:00:00Z');
  await close(olga.as, o2);

  clockAt('2027-03-03T09:00:00Z');
  const o3 = (await newOrder(t, b1.as, { categoryId: categories.cartridge, items: [{ model: 'HP 85A', quantity: 3 }] }))
    .id as string;
  clockAt('2027-03-03T09:10:00Z');
  expect((await t.ok(CANCEL_ORDER, { orderId: o3 }, b1.as)).cancelOrder.__typename).toBe('Order');
  clockAt('2027-03-03T10:00:00Z');
  const o4 = (await newOrder(t, b1.as)).id as string;
  clockAt('2027-03-03T10:20:00Z');
  await taken(ivan.as, o4, 1);
  await seedSetting(t, 'ORDER_RATE', '650');
  clockAt('2027-03-03T11:00:00Z');
  await close(ivan.as, o4);
  clockAt('2027-03-03T12:00:00Z');
  const o5 = (await newOrder(t, b1.as, { categoryId: categories.repair, equipment: 'Printer', problem: 'Paper jam' }))
    .id as string;
  const o6 = (await newOrder(t, a2.as)).id as string;
  clockAt('2027-03-03T12:10:00Z');
  await taken(olga.as, o6, 1);
  clockAt('2027-03-03T13:56:00Z');
  await sweep(t.system, t.clock);

  return {
    accountA,
    accountB,
    zone,
    office,
    accounting,
    ivan,
    olga,
    client: a1,
    owner,
    manager,
    orders: { o1, o2, o3, o4, o5, o6, o7 },
    categories,
  };
}

/** GETs a report file as a caller; returns the status, headers and body. */
export async function download(t: TestSystem, path: string, as: Caller) {
  const res = await fetch(`${t.url}${path}`, { headers: as.headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** The cells of every row of each sheet of an XLSX, empty cells as null, by sheet name. */
export async function sheets(body: Buffer): Promise<Record<string, unknown[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as never);
  const out: Record<string, unknown[][]> = {};
  for (const sheet of workbook.worksheets) {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => {
      const cells: unknown[] = [];
      for (let i = 1; i <= sheet.columnCount; i++) cells.push(row.getCell(i).value ?? null);
      rows.push(cells);
    });
    out[sheet.name] = rows;
  }
  return out;
}
