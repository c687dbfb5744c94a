/** GraphQL documents and set-up shared by the order end-to-end tests. */
import { expect } from 'vitest';
import type { Caller, GqlResult, TestSystem } from './harness.js';
import { categoryIdOf, seedAccount, seedCaller, seedSetting, seedTariff } from './seed.js';

export const ORDER_FIELDS = `id number status description equipment problem hasCredentials credentials estimateHours
  reactionMinutes createdAt takenAt doneAt cancelledAt cancelReason reactionDueAt workDueAt pinnedUntil breachedAt
  isBreached rate rating ratingComment archivedAt items { model quantity position } contractor { id }
  author { id } branch { id } account { id } category { code }`;

export const CREATE_ORDER = `mutation ($input: CreateOrderInput!) {
  createOrder(input: $input) {
    __typename
    ... on Order { ${ORDER_FIELDS} }
    ... on AccountInactive { accountId }
    ... on InvoiceOverdue { invoiceId issuedAt daysOverdue graceDays }
    ... on OrderLimitReached { used allowed periodStart periodEnd }
    ... on TooManyOpenOrders { open allowed }
  }
}`;

export const TAKE_ORDER = `mutation ($orderId: ID!, $estimateHours: Int!) {
  takeOrder(orderId: $orderId, estimateHours: $estimateHours) {
    __typename
    ... on Order { ${ORDER_FIELDS} }
    ... on OrderAlreadyTaken { orderId status }
    ... on ContractorAtCapacity { active allowed }
    ... on NotPinnedContractor { pinnedWindowEndsAt }
    ... on CategoryNotServed { categoryId }
  }
}`;

export const ASSIGN_ORDER = `mutation ($orderId: ID!, $contractorId: ID!, $estimateHours: Int!) {
  assignOrder(orderId: $orderId, contractorId: $contractorId, estimateHours: $estimateHours) {
    __typename
    ... on Order { ${ORDER_FIELDS} }
    ... on OrderAlreadyTaken { orderId status }
    ... on ContractorAtCapacity { active allowed }
    ... on CategoryNotServed { categoryId }
    ... on ContractorInactive { contractorId }
  }
}`;

export const RELEASE_ORDER = `mutation ($orderId: ID!, $reason: String!) {
  releaseOrder(orderId: $orderId, reason: $reason) {
    __typename ... on Order { ${ORDER_FIELDS} } ... on OrderNotHeld { status }
  }
}`;

export const UNASSIGN_ORDER = `mutation ($orderId: ID!, $reason: String!) {
  unassignOrder(orderId: $orderId, reason: $reason) {
    __typename ... on Order { ${ORDER_FIELDS} } ... on OrderNotInProgress { status }
  }
}`;

export const CANCEL_ORDER = `mutation ($orderId: ID!, $reason: String) {
  cancelOrder(orderId: $orderId, reason: $reason) {
    __typename ... on Order { ${ORDER_FIELDS} } ... on OrderNotCancellable { status message }
  }
}`;

export const CLOSE_ORDER = `mutation ($orderId: ID!) {
  closeOrder(orderId: $orderId) { __typename ... on Order { ${ORDER_FIELDS} } ... on OrderNotHeld { status } }
}`;

export const RATE_ORDER = `mutation ($orderId: ID!, $rating: Int!, $comment: String) {
  rateOrder(orderId: $orderId, rating: $rating, comment: $comment) {
    __typename ... on Order { ${ORDER_FIELDS} } ... on OrderNotRatable { reason }
  }
}`;

export const SEND_MESSAGE = `mutation ($orderId: ID!, $input: OrderMessageInput!) {
  sendOrderMessage(orderId: $orderId, input: $input) {
    __typename
    ... on OrderMessage { id kind text fileId fileName mimeType fileSize createdAt sender { id } }
    ... on OrderClosedForMessages { status message }
  }
}`;

export const ARCHIVE_ORDER = `mutation ($orderId: ID!) {
  archiveOrder(orderId: $orderId) {
    __typename ... on Order { id archivedAt } ... on OrderNotArchivable { status archivedAt }
  }
}`;

export const RESTORE_ORDER = `mutation ($orderId: ID!) {
  restoreOrder(orderId: $orderId) {
    __typename ... on Order { id archivedAt } ... on OrderNotArchivable { status archivedAt }
  }
}`;

export const ORDER = `query ($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;

export const HISTORY = `query ($id: ID!) {
  order(id: $id) {
    history { id kind fromStatus toStatus reason viaApiKey estimateHours createdAt actor { id } contractor { id } }
  }
}`;

export const ORDERS = `query ($first: Int, $after: String, $filter: OrderFilter) {
  orders(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id number status archivedAt }
  }
}`;

/** A client account with one CLIENT member (and the tariff behind it). */
export interface ClientSetup {
  tariffId: string;
  accountId: string;
  client: { id: string; telegramId: string; as: Caller };
}

export async function seedClientSetup(
  t: TestSystem,
  tariff: Parameters<typeof seedTariff>[1] = {},
  account: { status?: 'ACTIVE' | 'INACTIVE' } = {},
): Promise<ClientSetup> {
  const tariffId = await seedTariff(t, tariff);
  const accountId = await seedAccount(t, { tariffId, ...account });
  const client = await seedCaller(t, { role: 'CLIENT', accountId });
  return { tariffId, accountId, client };
}

/** The error code of the first error. */
export const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code as string | undefined;

/** Creates an IT_HELP order as `as` and returns it (fails the test on a refusal). */
export async function newOrder(
  t: TestSystem,
  as: Caller,
  input: Record<string, unknown> = {},
): Promise<Record<string, any>> {
  const categoryId = (input.categoryId as string | undefined) ?? (await categoryIdOf(t, 'IT_HELP'));
  const r = await t.ok(CREATE_ORDER, { input: { categoryId, description: 'The printer is offline', ...input } }, as);
  expect(r.createOrder.__typename).toBe('Order');
  return r.createOrder;
}

/** Takes an order as a contractor and returns the result. */
export async function take(t: TestSystem, as: Caller, orderId: string, estimateHours = 2) {
  return (await t.ok(TAKE_ORDER, { orderId, estimateHours }, as)).takeOrder as Record<string, any>;
}

/** Rows of a table matching a condition, counted (to prove nothing changed). */
export async function countWhere(t: TestSystem, table: string, where = 'TRUE', params: unknown[] = []) {
  const [row] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return row!.n;
}

/** A snapshot of every order-related table's row count. */
export async function orderTableCounts(t: TestSystem) {
  const [row] = await t.sql<Record<string, number>>(`SELECT
    (SELECT count(*)::int FROM service_order) AS orders,
    (SELECT count(*)::int FROM order_item) AS items,
    (SELECT count(*)::int FROM order_event) AS events,
    (SELECT count(*)::int FROM order_message) AS messages,
    (SELECT count(*)::int FROM service_order WHERE status = 'IN_PROGRESS') AS in_progress,
    (SELECT count(*)::int FROM service_order WHERE status = 'CANCELLED') AS cancelled`);
  return row!;
}

/** An API key with the given scopes, created by a fresh owner through the API. */
export async function apiKeyCaller(t: TestSystem, scopes: string[]): Promise<Caller> {
  const owner = await seedCaller(t, { role: 'OWNER' });
  const r = await t.ok(
    `mutation ($name: String!, $scopes: [ApiScope!]!) { createApiKey(name: $name, scopes: $scopes) { secret } }`,
    { name: `key ${owner.telegramId}`, scopes },
    owner.as,
  );
  const secret = r.createApiKey.secret as string;
  return { headers: { authorization: `Bearer ${secret}` }, connectionParams: { authorization: `Bearer ${secret}` } };
}

/**
 * A client on an unlimited tariff (reaction 120 min) and a manager, with open-order and capacity limits
 * lifted: for files that test the lifecycle, not R-ACC-3.
 */
export async function seedLifecycleSetup(t: TestSystem) {
  await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '1000');
  await seedSetting(t, 'MAX_ACTIVE_ORDERS_PER_CONTRACTOR', '1000');
  const setup = await seedClientSetup(t, { ordersPerPeriod: null, reactionTimeMinutes: 120 });
  const manager = await seedCaller(t, { role: 'MANAGER' });
  return { setup, manager };
}
