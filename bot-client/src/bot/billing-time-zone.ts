import { BillingTimeZoneDocument } from '../generated/graphql.js';
import type { BotContext } from './context.js';

/**
 * TIMEZONE (R-BIL-1) asked for on its own: only for a mutation's result, which cannot select the root
 * `billingTimeZone` alongside its data (a query asks for it with its data instead).
 */
export async function fetchBillingTimeZone(ctx: Pick<BotContext, 'gql'>): Promise<string> {
  return (await ctx.gql.request(BillingTimeZoneDocument, {})).billingTimeZone;
}

/** The zone an order's moments are shown in (R-SLA-6): the account's own, else TIMEZONE — asked for only then. */
export async function orderTimeZone(
  ctx: Pick<BotContext, 'gql'>,
  account: { timeZone?: string | null },
): Promise<string> {
  return account.timeZone ?? (await fetchBillingTimeZone(ctx));
}
