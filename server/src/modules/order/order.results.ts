import { Field, ID, Int, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import { VisibleWithParent } from '../../common/auth/access.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';
import { OrderStatus } from './order.entity.js';
import { OrderMessageView } from './order-message.types.js';
import { OrderView } from './order.types.js';

// Expected refusals (STYLE.md habit 3): each says what happened, with the numbers, and what to do.

@ObjectType({ description: 'The client account is switched off; no orders can be created. Ask the ITSupport manager.' })
@VisibleWithParent()
export class AccountInactive {
  @Field(() => ID, { description: 'The account.' })
  accountId: string;
}

@ObjectType({
  description: 'An invoice is unpaid past PAYMENT_GRACE_DAYS (R-ACC-3, R-BIL-3): pay it, then create the order.',
})
@VisibleWithParent()
export class InvoiceOverdue {
  @Field(() => ID, { description: 'The oldest overdue invoice.' })
  invoiceId: string;

  @Field(() => DateTimeISO, { description: 'When it was issued.' })
  issuedAt: Date;

  @Field(() => Int, { description: 'Days past the grace period.' })
  daysOverdue: number;

  @Field(() => Int, { description: 'PAYMENT_GRACE_DAYS now.' })
  graceDays: number;
}

@ObjectType({
  description:
    'The tariff’s orders for this billing period are used up (R-ACC-3): wait for the next period or change the tariff.',
})
@VisibleWithParent()
export class OrderLimitReached {
  @Field(() => Int, { description: 'Non-cancelled orders created this period.' })
  used: number;

  @Field(() => Int, { description: 'Orders per period the tariff allows.' })
  allowed: number;

  @Field(() => DateTimeISO, { description: 'Start of the current billing period.' })
  periodStart: Date;

  @Field(() => DateTimeISO, { description: 'End of the current billing period: new orders are possible from then.' })
  periodEnd: Date;
}

@ObjectType({
  description: 'The account has as many open orders as allowed (R-ACC-3): wait until one is done, or cancel one.',
})
@VisibleWithParent()
export class TooManyOpenOrders {
  @Field(() => Int, { description: 'Open (NEW or IN_PROGRESS) orders now.' })
  open: number;

  @Field(() => Int, { description: 'MAX_OPEN_ORDERS_PER_CLIENT.' })
  allowed: number;
}

@ObjectType({
  description: 'The order is no longer NEW: another contractor took it first, or it was cancelled or closed.',
})
@VisibleWithParent()
export class OrderAlreadyTaken {
  @Field(() => ID, { description: 'The order.' })
  orderId: string;

  @Field(() => OrderStatus, { description: 'Its status now.' })
  status: OrderStatus;
}

@ObjectType({
  description: 'The contractor already holds as many orders as allowed (R-ORD-3): close or release one first.',
})
@VisibleWithParent()
export class ContractorAtCapacity {
  @Field(() => Int, { description: 'Orders the contractor holds in work.' })
  active: number;

  @Field(() => Int, { description: 'The contractor’s limit (own, else MAX_ACTIVE_ORDERS_PER_CONTRACTOR).' })
  allowed: number;
}

@ObjectType({
  description: 'During the pinned window only the client’s pinned contractors may take the order (R-SLA-1); try later.',
})
@VisibleWithParent()
export class NotPinnedContractor {
  @Field(() => DateTimeISO, { description: 'When the order opens to every eligible contractor (its pinnedUntil).' })
  pinnedWindowEndsAt: Date;

  @Field({
    description:
      'The zone the order’s times are shown in (R-SLA-6): its client account’s own, else TIMEZONE — the caller may not read the order yet.',
  })
  timeZone: string;
}

@ObjectType({ description: 'The contractor does not serve the order’s category (R-ORD-3).' })
@VisibleWithParent()
export class CategoryNotServed {
  @Field(() => ID, { description: 'The order’s category.' })
  categoryId: string;
}

@ObjectType({ description: 'The contractor is deactivated and cannot take orders (R-USR-3).' })
@VisibleWithParent()
export class ContractorInactive {
  @Field(() => ID, { description: 'The contractor.' })
  contractorId: string;
}

@ObjectType({ description: 'The order cannot be cancelled by this caller in its status (R-ORD-6).' })
@VisibleWithParent()
export class OrderNotCancellable {
  @Field(() => OrderStatus, { description: 'Its status now.' })
  status: OrderStatus;

  @Field({ description: 'Why, e.g. "clients may cancel only NEW orders; ask a manager".' })
  message: string;
}

@ObjectType({
  description: 'The caller does not hold this order (any more): it was released, reassigned, closed or cancelled.',
})
@VisibleWithParent()
export class OrderNotHeld {
  @Field(() => OrderStatus, { description: 'Its status now.' })
  status: OrderStatus;
}

@ObjectType({ description: 'The order is not in work, so there is nothing to unassign.' })
@VisibleWithParent()
export class OrderNotInProgress {
  @Field(() => OrderStatus, { description: 'Its status now.' })
  status: OrderStatus;
}

export enum NotRatableReason {
  NOT_DONE = 'NOT_DONE',
  ALREADY_RATED = 'ALREADY_RATED',
  NOT_AUTHOR = 'NOT_AUTHOR',
}
registerEnumType(NotRatableReason, {
  name: 'NotRatableReason',
  description: 'Why an order cannot be rated (R-ORD-10).',
  valuesConfig: {
    NOT_DONE: { description: 'Only DONE orders can be rated.' },
    ALREADY_RATED: { description: 'It was rated already; a rating is given once.' },
    NOT_AUTHOR: { description: 'Only the author of the order may rate it.' },
  },
});

@ObjectType({ description: 'The order cannot be rated (R-ORD-10).' })
@VisibleWithParent()
export class OrderNotRatable {
  @Field(() => NotRatableReason, { description: 'Why.' })
  reason: NotRatableReason;
}

@ObjectType({ description: 'The conversation is closed for this caller in the order’s status (R-ORD-9).' })
@VisibleWithParent()
export class OrderClosedForMessages {
  @Field(() => OrderStatus, { description: 'Its status now.' })
  status: OrderStatus;

  @Field({ description: 'Why, e.g. "the order is done".' })
  message: string;
}

@ObjectType({
  description: 'Only DONE or CANCELLED orders are archived, and restore needs an archived one (R-ORD-11).',
})
@VisibleWithParent()
export class OrderNotArchivable {
  @Field(() => OrderStatus, { description: 'Its status now.' })
  status: OrderStatus;

  @Field(() => DateTimeISO, { nullable: true, description: 'When it was archived; null when it is not.' })
  archivedAt: Date | null;
}

export const CreateOrderResult = createUnionType({
  name: 'CreateOrderResult',
  description: 'The new order, or which R-ACC-3 rule refused it (nothing was stored then).',
  types: () => [OrderView, AccountInactive, InvoiceOverdue, OrderLimitReached, TooManyOpenOrders] as const,
});

export const TakeOrderResult = createUnionType({
  name: 'TakeOrderResult',
  description: 'The taken order, or why the contractor could not take it (R-ORD-3).',
  types: () => [OrderView, OrderAlreadyTaken, ContractorAtCapacity, NotPinnedContractor, CategoryNotServed] as const,
});

export const AssignOrderResult = createUnionType({
  name: 'AssignOrderResult',
  description: 'The assigned order, or why it could not be assigned to that contractor (R-ORD-8).',
  types: () => [OrderView, OrderAlreadyTaken, ContractorAtCapacity, CategoryNotServed, ContractorInactive] as const,
});

export const ReleaseOrderResult = createUnionType({
  name: 'ReleaseOrderResult',
  description: 'The order back in NEW, or why the caller could not release it (R-ORD-7).',
  types: () => [OrderView, OrderNotHeld] as const,
});

export const UnassignOrderResult = createUnionType({
  name: 'UnassignOrderResult',
  description: 'The order back in NEW, or why there was nothing to unassign (R-ORD-7).',
  types: () => [OrderView, OrderNotInProgress] as const,
});

export const CancelOrderResult = createUnionType({
  name: 'CancelOrderResult',
  description: 'The cancelled order, or why it could not be cancelled (R-ORD-6).',
  types: () => [OrderView, OrderNotCancellable] as const,
});

export const CloseOrderResult = createUnionType({
  name: 'CloseOrderResult',
  description: 'The order closed as DONE with its rate stored, or why the caller could not close it (R-ORD-5).',
  types: () => [OrderView, OrderNotHeld] as const,
});

export const RateOrderResult = createUnionType({
  name: 'RateOrderResult',
  description: 'The rated order, or why it could not be rated (R-ORD-10).',
  types: () => [OrderView, OrderNotRatable] as const,
});

export const SendOrderMessageResult = createUnionType({
  name: 'SendOrderMessageResult',
  description: 'The stored message, or why the conversation is closed for the caller (R-ORD-9).',
  types: () => [OrderMessageView, OrderClosedForMessages] as const,
});

export const ArchiveOrderResult = createUnionType({
  name: 'ArchiveOrderResult',
  description: 'The archived or restored order, or why that is not possible (R-ORD-11).',
  types: () => [OrderView, OrderNotArchivable] as const,
});
