import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { VisibleWithParent } from '../../common/auth/access.js';
import { Connection } from '../../common/graphql/connection.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';
import { Language } from '../user/user.entity.js';
import { NotificationChannel, NotificationKind } from './notification.entity.js';

registerEnumType(NotificationChannel, {
  name: 'NotificationChannel',
  description: 'Where notifications are delivered (PRODUCT.md §6). Each channel acknowledges what it delivered.',
  valuesConfig: {
    TELEGRAM: { description: 'The Telegram bot, for every recipient with a Telegram id.' },
    ADMIN: { description: 'The admin panel, for owners and managers.' },
    EMAIL: { description: 'E-mail (reserved: no e-mail notifications are written yet).' },
  },
});

registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description: 'What a notification is about; `payload` carries what is needed to show it.',
  valuesConfig: {
    ORDER_CREATED: { description: 'To the author: the order was created (number, latest take time, R-SLA-6).' },
    ORDER_OFFERED: {
      description: 'To a contractor: a NEW order they may take (R-SLA-1); payload.window PINNED or ALL.',
    },
    OFFER_GONE: { description: 'To a contractor who was offered the order: it was taken or cancelled.' },
    ORDER_TAKEN: { description: 'To client members: a contractor took (or was assigned) the order.' },
    ORDER_ASSIGNED: { description: 'To a contractor: staff assigned the order to them (R-ORD-8).' },
    ORDER_RELEASED: { description: 'To client members and managers: the order is back to NEW (R-ORD-7).' },
    ORDER_UNASSIGNED: { description: 'To the contractor: staff took the order away from them (R-ORD-7).' },
    ORDER_CANCELLED: { description: 'To client members (and the holder and managers if in work): cancelled.' },
    ORDER_DONE: {
      description: 'To client members: the order is done; payload.ratingRequested, payload.pinOffer (R-ACC-4).',
    },
    ORDER_MESSAGE: { description: 'To the other side of the conversation: a new message (R-ORD-9).' },
    ORDER_NOT_TAKEN_WARNING: {
      description: 'To managers: not taken in time (R-SLA-2); payload.freeContractors.',
    },
    ORDER_RUNNING_LONG_WARNING: { description: 'To managers: the work runs long (R-SLA-3).' },
    ORDER_REACTION_BREACHED: { description: 'To owners and managers: not taken within the reaction time (R-SLA-4).' },
    ORDER_WORK_BREACHED: { description: 'To owners and managers: not done within the estimate (R-SLA-4).' },
    INVOICE_ISSUED: { description: 'To client members: an invoice was issued (R-BIL-2).' },
    INVOICE_OVERDUE: { description: 'To client members: an invoice is unpaid past the grace days (R-BIL-3).' },
    BILLING_PERIOD_CLOSED: { description: 'To owners: a billing period was closed (summary).' },
  },
});

@ObjectType('Notification', {
  description: 'One notification for one recipient on one channel (the server decides who is told what).',
})
@VisibleWithParent()
export class NotificationView {
  @Field(() => ID, { description: 'Notification id: stable; deduplicate deliveries by it.' })
  id: string;

  @Field({ description: 'Pass as `after` to resume right after this notification (equal to the id).' })
  cursor: string;

  @Field(() => NotificationChannel, { description: 'The channel it is for.' })
  channel: NotificationChannel;

  @Field(() => NotificationKind, { description: 'What it is about.' })
  kind: NotificationKind;

  @Field(() => ID, { description: 'The user it is for.' })
  recipientId: string;

  @Field(() => String, {
    nullable: true,
    description: 'The recipient’s Telegram user id (the chat to send a TELEGRAM notification to).',
  })
  recipientTelegramId: string | null;

  @Field(() => Language, { description: 'The recipient’s interface language.' })
  recipientLanguage: Language;

  @Field(() => ID, { nullable: true, description: 'The order it is about, if any.' })
  orderId: string | null;

  @Field(() => GraphQLJSONObject, {
    description:
      'What a front-end needs to show it: order number, status, category, names, times, the message… ' +
      'Never credentials.',
  })
  payload: Record<string, unknown>;

  @Field(() => DateTimeISO, { description: 'When it was written (with the change that caused it).' })
  createdAt: Date;

  @Field(() => DateTimeISO, {
    nullable: true,
    description: 'When its channel acknowledged delivering it; it is never delivered again on that channel.',
  })
  deliveredAt: Date | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'ADMIN: when the user marked it read.' })
  readAt: Date | null;
}

@ObjectType({ description: 'A page of notifications.' })
export class NotificationConnection extends Connection(NotificationView, 'NotificationPage', 'notifications') {}
