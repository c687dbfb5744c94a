import type { OrderFilter, OrderSort, OrderStatus } from '../../generated/graphql';
import { dayStartIn } from '../../i18n/zoned-day';

/** The orders page's filters as they appear in the address bar (so a link or a reload keeps them). */
export type OrderFilterParams = {
  status?: string;
  category?: string;
  account?: string;
  branch?: string;
  contractor?: string;
  from?: string;
  to?: string;
  archived?: string;
  breached?: string;
  atRisk?: string;
  q?: string;
  sort?: string;
};

/**
 * What "Reset" sets: every filter cleared. The sort is left out on purpose — it is how the user reads the list,
 * not which orders are in it, and a manager working in deadline order keeps that order after clearing filters.
 */
export const NO_FILTERS: Record<Exclude<keyof OrderFilterParams, 'sort'>, undefined> = {
  status: undefined,
  category: undefined,
  account: undefined,
  branch: undefined,
  contractor: undefined,
  from: undefined,
  to: undefined,
  archived: undefined,
  breached: undefined,
  atRisk: undefined,
  q: undefined,
};

export const ORDER_STATUSES: OrderStatus[] = ['NEW', 'IN_PROGRESS', 'DONE', 'CANCELLED'];

/**
 * Turns the address-bar filters into the API's OrderFilter. The days run from 00:00 in `timeZone` — the zone the
 * panel shows times in (TIMEZONE), so the days picked are the days the list shows — and the `to` day is included
 * whole.
 */
export function toOrderFilter(p: OrderFilterParams, timeZone: string): OrderFilter {
  const filter: OrderFilter = {};
  const statuses = (p.status ?? '')
    .split(',')
    .filter((s): s is OrderStatus => ORDER_STATUSES.includes(s as OrderStatus));
  if (statuses.length) filter.statuses = statuses;
  if (p.category) filter.categoryIds = [p.category];
  if (p.account) filter.accountId = p.account;
  if (p.branch) filter.branchId = p.branch;
  if (p.contractor) filter.contractorId = p.contractor;
  if (p.from) filter.createdFrom = dayStartIn(p.from, timeZone);
  if (p.to) filter.createdTo = dayStartIn(p.to, timeZone, 1);
  if (p.archived === '1') filter.archived = true;
  if (p.breached === '1') filter.breached = true;
  // At risk as the dashboard counts it: warned and not (yet) breached; with "breached" too, the breached open ones.
  if (p.atRisk === '1') {
    filter.atRisk = true;
    filter.breached ??= false;
  }
  if (p.q?.trim()) filter.search = p.q.trim();
  return filter;
}

export const ORDER_SORTS: OrderSort[] = ['NEWEST_FIRST', 'OLDEST_FIRST', 'DUE_SOONEST'];

/** The list's sort order from the address bar; newest first (the server's default) when absent or unknown. */
export function toOrderSort(p: OrderFilterParams): OrderSort {
  return ORDER_SORTS.find((s) => s === p.sort) ?? 'NEWEST_FIRST';
}
