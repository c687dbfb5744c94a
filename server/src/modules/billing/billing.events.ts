import type { DomainEvent } from '../../common/events.js';

/** An invoice was issued for an account and period (R-BIL-2); raised in the closing transaction. */
export class InvoiceIssued implements DomainEvent {
  readonly type = 'InvoiceIssued';
  constructor(
    readonly invoiceId: string,
    readonly accountId: string,
  ) {}
}

/** An unpaid invoice passed PAYMENT_GRACE_DAYS: the account may not create orders (R-ACC-3, R-BIL-3). */
export class InvoiceOverdue implements DomainEvent {
  readonly type = 'InvoiceOverdue';
  constructor(
    readonly invoiceId: string,
    readonly accountId: string,
  ) {}
}

/** A billing period was closed exactly once (R-BIL-2): invoices and payouts exist for it. */
export class BillingPeriodClosed implements DomainEvent {
  readonly type = 'BillingPeriodClosed';
  constructor(
    readonly periodStart: Date,
    readonly periodEnd: Date,
    readonly invoices: number,
    readonly payouts: number,
  ) {}
}
