import {
  Arg,
  Args,
  Ctx as GqlCtx,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from 'type-graphql';
import { CustomRule, Staff } from '../../common/auth/access.js';
import type { Ctx } from '../../common/context.js';
import { PageArgs, pageComplexity } from '../../common/graphql/connection.js';
import { LiveSource } from '../../common/live/live-source.js';
import { NotificationChannel } from './notification.entity.js';
import type { NotificationService } from './notification.service.js';
import { NotificationConnection, NotificationView } from './notification.types.js';

/** The notification service of this schema's system (bound in app/schema.ts). */
export const notificationSource = new LiveSource<NotificationService>('notifications');

const CHANNEL_RULE =
  'TELEGRAM: the bot service (its own token, no acting user), for every recipient; ADMIN: a signed-in owner or manager, own notifications only';

const channelArg = { description: 'The channel: TELEGRAM (the bot service) or ADMIN (the signed-in owner/manager).' };

/** Notifications for their front-ends (PRODUCT.md §6). */
@Resolver(() => NotificationView)
export class NotificationResolver {
  constructor(private readonly service: NotificationService) {}

  @Subscription(() => NotificationView, {
    description:
      'A channel’s notifications: first every one not yet acknowledged after `after` (from the start when absent), ' +
      'oldest first, then live ones — without gaps or repeats. Delivery is at least once: acknowledge what was ' +
      'delivered (acknowledgeNotifications) and deduplicate by id; acknowledged ones never come again.',
    subscribe: ({
      args,
      context,
      info,
    }: SubscribeResolverData<
      unknown,
      { channel: NotificationChannel; after?: string | null; consumer?: string | null },
      Ctx
    >) => notificationSource.of(info).subscribe(context, args.channel, args.after, args.consumer),
  })
  @CustomRule(CHANNEL_RULE)
  notifications(
    @Root() notification: NotificationView,
    @Arg('channel', () => NotificationChannel, channelArg) _channel: NotificationChannel,
    @Arg('after', () => String, {
      nullable: true,
      description: 'The `cursor` of the last notification received; the stream continues right after it.',
    })
    _after: string | undefined,
    @Arg('consumer', () => String, {
      nullable: true,
      description:
        'TELEGRAM only: the id of the bot instance subscribing (1–64 of A-Z a-z 0-9 _ -, the same for the life of ' +
        'the process). One instance delivers at a time: the stream of any other stays silent until the one ' +
        'delivering releases the channel (releaseNotifications) or stops renewing it for ' +
        'TELEGRAM_DELIVERY_LEASE_SECONDS. The same id reconnecting keeps the channel. The stream of an instance ' +
        'that lost the channel ends; subscribe again to wait. Absent: each subscription is an instance of its own, ' +
        'which gives the channel up when it ends.',
    })
    _consumer: string | undefined,
  ): NotificationView {
    return notification;
  }

  @Mutation(() => Boolean, {
    description:
      'The bot service gives up TELEGRAM delivery held by this instance (a stopping bot, after acknowledging ' +
      'what it delivered), so a waiting instance takes over at once instead of after the lease lapses. False ' +
      'when the instance did not hold it.',
  })
  @CustomRule(CHANNEL_RULE)
  async releaseNotifications(
    @GqlCtx() ctx: Ctx,
    @Arg('consumer', () => String, { description: 'The id the instance subscribed with.' }) consumer: string,
  ): Promise<boolean> {
    return this.service.release(ctx, consumer);
  }

  @Mutation(() => Int, {
    description:
      'Marks notifications of a channel delivered (ids of other channels or recipients are ignored); returns how ' +
      'many were newly acknowledged. They are never delivered again on that channel.',
  })
  @CustomRule(CHANNEL_RULE)
  async acknowledgeNotifications(
    @GqlCtx() ctx: Ctx,
    @Arg('channel', () => NotificationChannel, channelArg) channel: NotificationChannel,
    @Arg('ids', () => [ID], { description: 'Notification ids delivered (at most 1000).' }) ids: string[],
  ): Promise<number> {
    return this.service.acknowledge(ctx, channel, ids);
  }

  @Query(() => NotificationConnection, {
    description: 'The signed-in owner’s or manager’s admin-panel notifications, newest first.',
    complexity: pageComplexity,
  })
  @Staff()
  async myNotifications(
    @GqlCtx() ctx: Ctx,
    @Args() page: PageArgs,
    @Arg('unreadOnly', () => Boolean, { nullable: true, description: 'Only those not read yet.' })
    unreadOnly: boolean | undefined,
  ): Promise<NotificationConnection> {
    return this.service.mine(ctx, { ...page, unreadOnly });
  }

  @Query(() => Int, { description: 'How many of the signed-in owner’s or manager’s notifications are unread.' })
  @Staff()
  async unreadNotificationCount(@GqlCtx() ctx: Ctx): Promise<number> {
    return this.service.unreadCount(ctx);
  }

  @Mutation(() => Int, {
    description: 'Marks own admin-panel notifications read (and delivered); returns how many changed.',
  })
  @Staff()
  async markNotificationsRead(
    @GqlCtx() ctx: Ctx,
    @Arg('ids', () => [ID], { description: 'Notification ids (at most 1000).' }) ids: string[],
  ): Promise<number> {
    return this.service.markRead(ctx, ids);
  }
}
