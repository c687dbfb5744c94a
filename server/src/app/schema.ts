import 'reflect-metadata';
import { createPubSub } from '@graphql-yoga/subscription';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { AccountUserResolver } from '../modules/account/account-user.resolver.js';
import { AccountResolver } from '../modules/account/account.resolver.js';
import { BranchResolver } from '../modules/account/branch.resolver.js';
import { AuthResolver } from '../modules/auth/auth.resolver.js';
import { CategoryResolver } from '../modules/category/category.resolver.js';
import { ApiKeyResolver } from '../modules/integration/api-key.resolver.js';
import { BillingResolver } from '../modules/billing/billing.resolver.js';
import { PayoutResolver } from '../modules/billing/payout.resolver.js';
import { OrderResolver } from '../modules/order/order.resolver.js';
import { OrderEventStreamResolver, orderEventSource } from '../modules/order/order-event-stream.resolver.js';
import { NotificationResolver, notificationSource } from '../modules/notification/notification.resolver.js';
import {
  OrderEventResolver,
  OrderFieldsResolver,
  OrderMessageResolver,
} from '../modules/order/order-fields.resolver.js';
import { SettingsResolver } from '../modules/settings/settings.resolver.js';
import { TariffPriceResolver, TariffResolver } from '../modules/tariff/tariff.resolver.js';
import { UserResolver } from '../modules/user/user.resolver.js';
import { ContractorLoadResolver } from '../modules/user/contractor-load.resolver.js';
import { ReportResolver } from '../modules/report/report.resolver.js';
import { DashboardResolver } from '../modules/report/dashboard.resolver.js';
import { AuditLogResolver } from '../modules/integration/audit-log.resolver.js';
import { BotStateResolver } from '../modules/bot-state/bot-state.resolver.js';
import { refuseUnstorableText } from '../common/graphql/storable-text.js';
import type { Services } from './services.js';

/** Every resolver class. `app/` is the only place that knows every module. */
export const resolverClasses = [
  AccountResolver,
  AccountUserResolver,
  BranchResolver,
  CategoryResolver,
  TariffResolver,
  TariffPriceResolver,
  OrderResolver,
  OrderFieldsResolver,
  OrderEventResolver,
  OrderMessageResolver,
  OrderEventStreamResolver,
  NotificationResolver,
  BillingResolver,
  PayoutResolver,
  UserResolver,
  SettingsResolver,
  AuthResolver,
  ApiKeyResolver,
  ReportResolver,
  DashboardResolver,
  ContractorLoadResolver,
  AuditLogResolver,
  BotStateResolver,
] as const;

/** Builds each resolver with the services it needs. */
function createResolvers(s: Services): Map<Function, unknown> {
  return new Map<Function, unknown>([
    [AccountResolver, new AccountResolver(s.accounts, s.contractorPins)],
    [AccountUserResolver, new AccountUserResolver()],
    [BranchResolver, new BranchResolver(s.branches)],
    [CategoryResolver, new CategoryResolver(s.categories)],
    [TariffResolver, new TariffResolver(s.tariffs, s.billing)],
    [TariffPriceResolver, new TariffPriceResolver()],
    [UserResolver, new UserResolver(s.users)],
    [AuthResolver, new AuthResolver(s.auth)],
    [ApiKeyResolver, new ApiKeyResolver(s.apiKeys)],
    [SettingsResolver, new SettingsResolver(s.settings)],
    [BillingResolver, new BillingResolver(s.billing)],
    [PayoutResolver, new PayoutResolver(s.payouts, s.billing)],
    [OrderResolver, new OrderResolver(s.orders, s.orderQueries)],
    [OrderFieldsResolver, new OrderFieldsResolver(s.orderQueries)],
    [OrderEventResolver, new OrderEventResolver()],
    [OrderMessageResolver, new OrderMessageResolver()],
    [OrderEventStreamResolver, new OrderEventStreamResolver()],
    [NotificationResolver, new NotificationResolver(s.notifications)],
    [ReportResolver, new ReportResolver(s.reports, s.slaReports)],
    [DashboardResolver, new DashboardResolver(s.dashboards)],
    [ContractorLoadResolver, new ContractorLoadResolver(s.contractorLoad)],
    [AuditLogResolver, new AuditLogResolver(s.auditLog)],
    [BotStateResolver, new BotStateResolver(s.botState)],
  ]);
}

/** Builds the executable schema. Without services it can only be printed (schema emission). */
export async function createSchema(services?: Services): Promise<GraphQLSchema> {
  const instances = services ? createResolvers(services) : new Map<Function, unknown>();
  const schema = await buildSchema({
    resolvers: resolverClasses as unknown as NonEmptyArray<Function>,
    container: {
      get(cls: Function) {
        const instance = instances.get(cls);
        if (!instance) throw new Error(`No resolver instance for ${cls.name}`);
        return instance;
      },
    },
    // No subscription uses pubsub topics: each follows its stream table (common/live/replay-then-live.ts), which
    // bounds what a slow subscriber holds and lets it catch up from the table. A pubsub subscriber holds at most
    // 1024 pending events; the next one threw inside an EventTarget listener, which ended the process.
    // type-graphql still requires a pubsub.
    pubSub: createPubSub(),
    validate: { forbidUnknownValues: false },
  });
  describeRootTypes(schema);
  refuseUnstorableText(schema);
  if (services) {
    orderEventSource.bind(schema, services.orderEvents);
    notificationSource.bind(schema, services.notifications);
  }
  return schema;
}

/** type-graphql gives the root types no description; the API documents every type. */
function describeRootTypes(schema: GraphQLSchema): void {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  const subscription = schema.getSubscriptionType();
  if (query) query.description = 'Reads. Each field states who may call it; data is scoped to what the caller may see.';
  if (mutation) mutation.description = 'Changes. Expected refusals come back as result union members, not errors.';
  if (subscription) subscription.description = 'Live updates over WebSocket (graphql-ws) at /graphql.';
}

/** The schema as committed in schema/schema.graphql: sorted so that output is stable. */
export function printStableSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
