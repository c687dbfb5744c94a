import {
  Arg,
  Args,
  Ctx as GqlCtx,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from 'type-graphql';
import { Roles, Staff } from '../../common/auth/access.js';
import { ApiScope } from '../../common/auth/scopes.js';
import type { Ctx } from '../../common/context.js';
import { Connection, PageArgs, pageComplexity, type Page } from '../../common/graphql/connection.js';
import { createLoaders } from '../../common/loaders.js';
import { Role } from '../user/user.entity.js';
import type { OrderUpdatedPayload } from './order.events.js';
import { orderEventSource } from './order-event-stream.resolver.js';
import { CreateOrderInput, OrdersArgs } from './order.inputs.js';
import { OrderMessageInput } from './order-message.types.js';
import { toResult } from './order.outcomes.js';
import type { OrderQueryService } from './order-queries.service.js';
import type { OrderRecord } from './order.record.js';
import {
  ArchiveOrderResult,
  AssignOrderResult,
  CancelOrderResult,
  CloseOrderResult,
  CreateOrderResult,
  RateOrderResult,
  ReleaseOrderResult,
  SendOrderMessageResult,
  TakeOrderResult,
  UnassignOrderResult,
} from './order.results.js';
import type { OrderService } from './order.service.js';
import { OrderView, toOrderView } from './order.types.js';

@ObjectType({ description: 'A page of orders.' })
export class OrderConnection extends Connection(OrderView, 'OrderPage', 'orders') {}

const toConnection = (page: Page<OrderRecord>): OrderConnection => ({ ...page, nodes: page.nodes.map(toOrderView) });

const READERS = [Role.CLIENT, Role.CONTRACTOR, Role.MANAGER];
const orderIdArg = { description: 'The order id.' };

/** Orders: lists, lifecycle mutations and live updates. Scoping and rules live in the services. */
@Resolver(() => OrderView)
export class OrderResolver {
  constructor(
    private readonly orderService: OrderService,
    private readonly orderQueries: OrderQueryService,
  ) {}

  @Query(() => OrderConnection, {
    description:
      'Orders the caller may see, newest first unless `orderBy` says otherwise: clients their account’s, contractors theirs and their offers, staff all.',
    complexity: pageComplexity,
  })
  @Roles(READERS, ApiScope.ORDERS_READ)
  async orders(@GqlCtx() ctx: Ctx, @Args() args: OrdersArgs): Promise<OrderConnection> {
    return toConnection(await this.orderQueries.list(ctx, args));
  }

  @Query(() => OrderConnection, {
    description: 'Contractors: NEW orders they may take now (R-SLA-1), most urgent (earliest take-by) first.',
    complexity: pageComplexity,
  })
  @Roles([Role.CONTRACTOR])
  async availableOrders(@GqlCtx() ctx: Ctx, @Args() args: PageArgs): Promise<OrderConnection> {
    return toConnection(await this.orderQueries.available(ctx, args));
  }

  @Query(() => OrderView, { description: 'One order the caller may see; otherwise NOT_FOUND.' })
  @Roles(READERS, ApiScope.ORDERS_READ)
  async order(@GqlCtx() ctx: Ctx, @Arg('id', () => ID, orderIdArg) id: string): Promise<OrderView> {
    return toOrderView(await this.orderQueries.get(ctx, id));
  }

  @Query(() => OrderView, { description: 'One order by its number (YYYY-NNNNNN), same visibility as `order`.' })
  @Roles(READERS, ApiScope.ORDERS_READ)
  async orderByNumber(
    @GqlCtx() ctx: Ctx,
    @Arg('number', { description: 'The order number, e.g. 2025-000042.' }) number: string,
  ): Promise<OrderView> {
    return toOrderView(await this.orderQueries.getByNumber(ctx, number));
  }

  @Mutation(() => CreateOrderResult, {
    description:
      'Creates an order (R-ORD-1) if R-ACC-3 allows it. Clients order for themselves; staff and integrations name the CLIENT author.',
  })
  @Roles([Role.CLIENT, Role.MANAGER], ApiScope.ORDERS_WRITE)
  async createOrder(
    @GqlCtx() ctx: Ctx,
    @Arg('input', { description: 'The order.' }) input: CreateOrderInput,
  ): Promise<typeof CreateOrderResult> {
    return toResult(await this.orderService.create(ctx, input)) as typeof CreateOrderResult;
  }

  @Mutation(() => TakeOrderResult, { description: 'A contractor takes a NEW order with an estimate (R-ORD-3).' })
  @Roles([Role.CONTRACTOR])
  async takeOrder(
    @GqlCtx() ctx: Ctx,
    @Arg('orderId', () => ID, orderIdArg) orderId: string,
    @Arg('estimateHours', () => Int, { description: 'Whole hours, 1..MAX_ESTIMATE_HOURS.' }) estimateHours: number,
  ): Promise<typeof TakeOrderResult> {
    return toResult(await this.orderService.take(ctx, orderId, estimateHours)) as typeof TakeOrderResult;
  }

  @Mutation(() => AssignOrderResult, {
    description: 'Staff assign a NEW order to an eligible contractor with an estimate (R-ORD-8).',
  })
  @Staff(ApiScope.ORDERS_WRITE)
  async assignOrder(
    @GqlCtx() ctx: Ctx,
    @Arg('orderId', () => ID, orderIdArg) orderId: string,
    @Arg('contractorId', () => ID, { description: 'The contractor.' }) contractorId: string,
    @Arg('estimateHours', () => Int, { description: 'Whole hours, 1..MAX_ESTIMATE_HOURS.' }) estimateHours: number,
  ): Promise<typeof AssignOrderResult> {
    return toResult(
      await this.orderService.assign(ctx, orderId, contractorId, estimateHours),
    ) as typeof AssignOrderResult;
  }

  @Mutation(() => ReleaseOrderResult, {
    description: 'The holder gives the order back to NEW with a reason (R-ORD-7).',
  })
  @Roles([Role.CONTRACTOR])
  async releaseOrder(
    @GqlCtx() ctx: Ctx,
    @Arg('orderId', () => ID, orderIdArg) orderId: string,
    @Arg('reason', { description: 'Why (1..500 characters).' }) reason: string,
  ): Promise<typeof ReleaseOrderResult> {
    return toResult(await this.orderService.release(ctx, orderId, reason)) as typeof ReleaseOrderResult;
  }

  @Mutation(() => UnassignOrderResult, {
    description: 'Staff take an order in work away from its contractor; it returns to NEW (R-ORD-7).',
  })
  @Staff(ApiScope.ORDERS_WRITE)
  async unassignOrder(
    @GqlCtx() ctx: Ctx,
    @Arg('orderId', () => ID, orderIdArg) orderId: string,
    @Arg('reason', { description: 'Why (1..500 characters).' }) reason: string,
  ): Promise<typeof UnassignOrderResult> {
    return toResult(await this.orderService.unassign(ctx, orderId, reason)) as typeof UnassignOrderResult;
  }

  @Mutation(() => CancelOrderResult, {
    description:
      'Cancels an order (R-ORD-6): client members NEW ones; staff and integrations NEW or IN_PROGRESS ones with a reason.',
  })
  @Roles([Role.CLIENT, Role.MANAGER], ApiScope.ORDERS_WRITE)
  async cancelOrder(
    @GqlCtx() ctx: Ctx,
    @Arg('orderId', () => ID, orderIdArg) orderId: string,
    @Arg('reason', () => String, { nullable: true, description: 'Why (≤ 500); required for staff.' })
    reason: string | undefined,
  ): Promise<typeof CancelOrderResult> {
    return toResult(await this.orderService.cancel(ctx, orderId, reason ?? undefined)) as typeof CancelOrderResult;
  }

  @Mutation(() => CloseOrderResult, {
    description: 'The holder closes the order as DONE; the ORDER_RATE in force is stored on it (R-ORD-5).',
  })
  @Roles([Role.CONTRACTOR])
  async closeOrder(
    @GqlCtx() ctx: Ctx,
    @Arg('orderId', () => ID, orderIdArg) orderId: string,
  ): Promise<typeof CloseOrderResult> {
    return toResult(await this.orderService.close(ctx, orderId)) as typeof CloseOrderResult;
  }

  @Mutation(() => RateOrderResult, { description: 'The author rates a DONE order 1..5, once (R-ORD-10).' })
  @Roles([Role.CLIENT])
  async rateOrder(
    @GqlCtx() ctx: Ctx,
    @Arg('orderId', () => ID, orderIdArg) orderId: string,
    @Arg('rating', () => Int, { description: '1 (bad) .. 5 (excellent).' }) rating: number,
    @Arg('comment', () => String, { nullable: true, description: 'Optional comment (≤ 1000).' })
    comment: string | undefined,
  ): Promise<typeof RateOrderResult> {
    return toResult(await this.orderService.rate(ctx, orderId, rating, comment ?? undefined)) as typeof RateOrderResult;
  }

  @Mutation(() => SendOrderMessageResult, {
    description:
      'Adds a message to the order’s conversation (R-ORD-9): client members while NEW or IN_PROGRESS, the holder while IN_PROGRESS.',
  })
  @Roles([Role.CLIENT, Role.CONTRACTOR])
  async sendOrderMessage(
    @GqlCtx() ctx: Ctx,
    @Arg('orderId', () => ID, orderIdArg) orderId: string,
    @Arg('input', { description: 'The message.' }) input: OrderMessageInput,
  ): Promise<typeof SendOrderMessageResult> {
    return toResult(await this.orderService.sendMessage(ctx, orderId, input)) as typeof SendOrderMessageResult;
  }

  @Mutation(() => ArchiveOrderResult, {
    description: 'Hides a DONE or CANCELLED order from working lists; never deletes it (R-ORD-11).',
  })
  @Staff(ApiScope.ORDERS_WRITE)
  async archiveOrder(
    @GqlCtx() ctx: Ctx,
    @Arg('orderId', () => ID, orderIdArg) orderId: string,
  ): Promise<typeof ArchiveOrderResult> {
    return toResult(await this.orderService.archive(ctx, orderId)) as typeof ArchiveOrderResult;
  }

  @Mutation(() => ArchiveOrderResult, { description: 'Brings an archived order back to working lists (R-ORD-11).' })
  @Staff(ApiScope.ORDERS_WRITE)
  async restoreOrder(
    @GqlCtx() ctx: Ctx,
    @Arg('orderId', () => ID, orderIdArg) orderId: string,
  ): Promise<typeof ArchiveOrderResult> {
    return toResult(await this.orderService.restore(ctx, orderId)) as typeof ArchiveOrderResult;
  }

  @Subscription(() => OrderView, {
    description:
      'The order after each change (transition, message, rating, archive) — of one order, or of every order the caller may see.',
    // Follows the order event stream (replay-then-live): bounded per subscriber, visibility checked per batch.
    subscribe: ({ args, context, info }: SubscribeResolverData<unknown, { orderId?: string | null }, Ctx>) =>
      orderEventSource.of(info).subscribeToUpdates(context, args.orderId ?? undefined),
  })
  @Roles(READERS, ApiScope.ORDERS_READ)
  async orderUpdated(
    @Root() payload: OrderUpdatedPayload,
    @GqlCtx() ctx: Ctx,
    @Arg('orderId', () => ID, { nullable: true, description: 'Only this order; all visible orders when absent.' })
    _orderId: string | undefined,
  ): Promise<OrderView> {
    // One connection context serves every event: start each event with empty loaders so nothing is stale.
    ctx.loaders = createLoaders(ctx.em);
    return toOrderView(await this.orderQueries.get(ctx, payload.orderId));
  }
}
