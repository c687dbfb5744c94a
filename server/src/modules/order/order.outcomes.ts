import type { OrderMessageEntity, OrderStatus } from './order.entity.js';
import type { OrderRecord } from './order.record.js';
import type { NotRatableReason } from './order.results.js';
import {
  AccountInactive,
  CategoryNotServed,
  ContractorAtCapacity,
  ContractorInactive,
  InvoiceOverdue,
  NotPinnedContractor,
  OrderAlreadyTaken,
  OrderClosedForMessages,
  OrderLimitReached,
  OrderNotArchivable,
  OrderNotCancellable,
  OrderNotHeld,
  OrderNotInProgress,
  OrderNotRatable,
  TooManyOpenOrders,
} from './order.results.js';
import { toOrderMessageView, type OrderMessageView } from './order-message.types.js';
import { toOrderView, type OrderView } from './order.types.js';

/** What an order operation came to: the order (or message), or one expected refusal. */
export type OrderOutcome =
  | { kind: 'order'; order: OrderRecord }
  | { kind: 'message'; message: OrderMessageEntity }
  | { kind: 'accountInactive'; accountId: string }
  | { kind: 'invoiceOverdue'; invoiceId: string; issuedAt: Date; daysOverdue: number; graceDays: number }
  | { kind: 'orderLimitReached'; used: number; allowed: number; periodStart: Date; periodEnd: Date }
  | { kind: 'tooManyOpenOrders'; open: number; allowed: number }
  | { kind: 'alreadyTaken'; orderId: string; status: OrderStatus }
  | { kind: 'atCapacity'; active: number; allowed: number }
  | { kind: 'notPinned'; pinnedWindowEndsAt: Date; timeZone: string }
  | { kind: 'categoryNotServed'; categoryId: string }
  | { kind: 'contractorInactive'; contractorId: string }
  | { kind: 'notCancellable'; status: OrderStatus; message: string }
  | { kind: 'notHeld'; status: OrderStatus }
  | { kind: 'notInProgress'; status: OrderStatus }
  | { kind: 'notRatable'; reason: NotRatableReason }
  | { kind: 'closedForMessages'; status: OrderStatus; message: string }
  | { kind: 'notArchivable'; status: OrderStatus; archivedAt: Date | null };

export const orderOutcome = (order: OrderRecord): OrderOutcome => ({ kind: 'order', order });

type ResultObject =
  | OrderView
  | OrderMessageView
  | AccountInactive
  | InvoiceOverdue
  | OrderLimitReached
  | TooManyOpenOrders
  | OrderAlreadyTaken
  | ContractorAtCapacity
  | NotPinnedContractor
  | CategoryNotServed
  | ContractorInactive
  | OrderNotCancellable
  | OrderNotHeld
  | OrderNotInProgress
  | OrderNotRatable
  | OrderClosedForMessages
  | OrderNotArchivable;

/** Turns an outcome into the GraphQL object of its result union member. */
export function toResult(o: OrderOutcome): ResultObject {
  const { kind: _kind, ...fields } = o;
  switch (o.kind) {
    case 'order':
      return toOrderView(o.order);
    case 'message':
      return toOrderMessageView(o.message);
    case 'accountInactive':
      return Object.assign(new AccountInactive(), fields);
    case 'invoiceOverdue':
      return Object.assign(new InvoiceOverdue(), fields);
    case 'orderLimitReached':
      return Object.assign(new OrderLimitReached(), fields);
    case 'tooManyOpenOrders':
      return Object.assign(new TooManyOpenOrders(), fields);
    case 'alreadyTaken':
      return Object.assign(new OrderAlreadyTaken(), fields);
    case 'atCapacity':
      return Object.assign(new ContractorAtCapacity(), fields);
    case 'notPinned':
      return Object.assign(new NotPinnedContractor(), fields);
    case 'categoryNotServed':
      return Object.assign(new CategoryNotServed(), fields);
    case 'contractorInactive':
      return Object.assign(new ContractorInactive(), fields);
    case 'notCancellable':
      return Object.assign(new OrderNotCancellable(), fields);
    case 'notHeld':
      return Object.assign(new OrderNotHeld(), fields);
    case 'notInProgress':
      return Object.assign(new OrderNotInProgress(), fields);
    case 'notRatable':
      return Object.assign(new OrderNotRatable(), fields);
    case 'closedForMessages':
      return Object.assign(new OrderClosedForMessages(), fields);
    case 'notArchivable':
      return Object.assign(new OrderNotArchivable(), fields);
  }
}
