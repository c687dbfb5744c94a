import {
  Arg,
  Ctx as GqlCtx,
  FieldResolver,
  Info,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { EntityManager } from 'typeorm';
import { Roles } from '../../common/auth/access.js';
import { ApiScope } from '../../common/auth/scopes.js';
import type { Ctx } from '../../common/context.js';
import { SameForEveryone } from '../../common/graphql/same-for-everyone.js';
import { LiveSource } from '../../common/live/live-source.js';
import { createLoaders, type Loaders } from '../../common/loaders.js';
import { Role } from '../user/user.entity.js';
import type { OrderEventStream } from './order-event-stream.js';
import { OrderEventFilter, OrderEventItem } from './order-event-stream.types.js';
import { findVisibleOrder } from './order-store.js';
import { OrderView, toOrderView } from './order.types.js';

const itemLoaders = new WeakMap<OrderEventItem, Loaders>();

/** The loaders of one stream item, shared by every subscriber it is delivered to (and gone with it). */
function loadersOf(item: OrderEventItem, em: EntityManager): Loaders {
  let loaders = itemLoaders.get(item);
  if (!loaders) itemLoaders.set(item, (loaders = createLoaders(em)));
  return loaders;
}

/** The order event stream of this schema's system (bound in app/schema.ts). */
export const orderEventSource = new LiveSource<OrderEventStream>('orderEvents');

type StreamArgs = { after?: string | null; filter?: OrderEventFilter | null };

/** The order event stream: replay from a cursor, then live (issue 3, item 1). */
@Resolver(() => OrderEventItem)
export class OrderEventStreamResolver {
  @Subscription(() => OrderEventItem, {
    description:
      'Every history entry of the orders the caller may see, in order: first those after `after`, then live ones, ' +
      'without gaps or repeats. Resume after a disconnect by passing the `cursor` of the last item received; ' +
      'without `after` the stream starts now ("0" replays from the beginning).',
    subscribe: ({ args, context, info }: SubscribeResolverData<unknown, StreamArgs, Ctx>) =>
      orderEventSource.of(info).subscribe(context, args),
  })
  @Roles([Role.CLIENT, Role.CONTRACTOR, Role.MANAGER], ApiScope.ORDERS_READ)
  // Each event is the same item for everyone who gets it (toOrderEventItem); `after` and `filter` choose events.
  @SameForEveryone()
  orderEvents(
    @Root() item: OrderEventItem,
    @GqlCtx() ctx: Ctx,
    @Arg('after', () => String, {
      nullable: true,
      description: 'The `cursor` of the last item received; the stream continues right after it.',
    })
    _after: string | undefined,
    @Arg('filter', () => OrderEventFilter, { nullable: true, description: 'Only matching entries.' })
    _filter: OrderEventFilter | undefined,
  ): OrderEventItem {
    // One connection context serves every item: each starts with the item's own loaders, so nothing is stale.
    // Every subscriber executing the same event shares them, so a relation such as `actor` is read once per
    // event, not once per subscriber. Loaders hold rows as stored; what each caller may see of them is decided
    // by the fields' resolvers with that caller's context.
    ctx.loaders = loadersOf(item, ctx.em);
    return item;
  }

  @Query(() => String, {
    description:
      'The cursor of the newest history entry now. Read it before loading a list, then subscribe ' +
      '`orderEvents(after: <it>)`: whatever changed while the list loaded is replayed, so a live list misses nothing.',
  })
  @Roles([Role.CLIENT, Role.CONTRACTOR, Role.MANAGER], ApiScope.ORDERS_READ)
  async orderEventCursor(@Info() info: GraphQLResolveInfo): Promise<string> {
    return orderEventSource.of(info).newestId();
  }

  @FieldResolver(() => OrderView, {
    nullable: true,
    description: 'The order as it is now, as the caller may see it; null when the caller may no longer see it.',
  })
  async order(@Root() item: OrderEventItem, @GqlCtx() ctx: Ctx): Promise<OrderView | null> {
    const order = await findVisibleOrder(ctx, item.orderId);
    return order ? toOrderView(order) : null;
  }
}
