import { Field, ID, Int, ObjectType } from 'type-graphql';
import { VisibleWithParent } from '../../common/auth/access.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';

/** R-REP-1 figures: orders created in a span, by status now (cancelled ones are not counted). */
@ObjectType({ description: 'Orders created in a span, excluding cancelled ones, by their status now (R-REP-1).' })
@VisibleWithParent()
export class AccountOrdersTotals {
  @Field(() => Int, { description: 'Orders created, excluding cancelled ones (what counts against the tariff).' })
  orders: number;

  @Field(() => Int, { description: 'Of them, still NEW.' })
  newOrders: number;

  @Field(() => Int, { description: 'Of them, IN_PROGRESS.' })
  inProgress: number;

  @Field(() => Int, { description: 'Of them, DONE.' })
  done: number;
}

@ObjectType({ description: 'One client account in one billing period (or the part of it the report covers).' })
@VisibleWithParent()
export class AccountOrdersRow extends AccountOrdersTotals {
  @Field(() => DateTimeISO, { description: 'Start of the billing period, or of the range when it starts later.' })
  periodStart: Date;

  @Field(() => DateTimeISO, { description: 'End of the billing period (exclusive), or of the range when earlier.' })
  periodEnd: Date;

  @Field(() => ID, { description: 'The client account.' })
  accountId: string;

  @Field({ description: 'The account’s name.' })
  accountName: string;

  @Field({ description: 'The account’s tariff now.' })
  tariffName: string;

  @Field(() => Int, { nullable: true, description: 'Orders per period that tariff allows; null means unlimited.' })
  allowed: number | null;
}

@ObjectType({
  description: 'R-REP-1: orders per client account per billing period (excluding cancelled), with totals.',
})
@VisibleWithParent()
export class AccountOrdersReport {
  @Field(() => DateTimeISO, { description: 'Start of the span covered (inclusive).' })
  from: Date;

  @Field(() => DateTimeISO, { description: 'End of the span covered (exclusive).' })
  to: Date;

  @Field({
    description:
      'The zone the span’s days are read in (R-BIL-1): the TIMEZONE a closed billing period was closed under when the span is exactly that period, else TIMEZONE now.',
  })
  timeZone: string;

  @Field(() => [AccountOrdersRow], {
    description: 'One row per billing period and account with orders, in period then name order.',
  })
  rows: AccountOrdersRow[];

  @Field(() => AccountOrdersTotals, { description: 'The sums of all rows.' })
  totals: AccountOrdersTotals;
}

@ObjectType({ description: 'Orders one contractor closed DONE at one rate (R-REP-2).' })
@VisibleWithParent()
export class ContractorPayoutRow {
  @Field(() => ID, { description: 'The contractor.' })
  contractorId: string;

  @Field({ description: 'The contractor’s name (first and last name, else @username).' })
  contractorName: string;

  @Field(() => String, { nullable: true, description: 'Telegram @username without the @, for a contact link.' })
  username: string | null;

  @Field({ description: 'The rate in RUB stored on these orders when they were closed (R-ORD-5).' })
  rate: string;

  @Field(() => Int, { description: 'Orders closed DONE in the span at this rate.' })
  ordersClosed: number;

  @Field({ description: 'ordersClosed × rate, in RUB.' })
  amount: string;
}

@ObjectType({
  description:
    'R-REP-2: contractor payouts for a span — orders closed DONE in it × the rate stored on each; one row per contractor and rate.',
})
@VisibleWithParent()
export class ContractorPayoutReport {
  @Field(() => DateTimeISO, { description: 'Start of the span covered (inclusive).' })
  from: Date;

  @Field(() => DateTimeISO, { description: 'End of the span covered (exclusive).' })
  to: Date;

  @Field({
    description:
      'The zone the span’s days are read in (R-BIL-1): the TIMEZONE a closed billing period was closed under when the span is exactly that period, else TIMEZONE now.',
  })
  timeZone: string;

  @Field(() => [ContractorPayoutRow], { description: 'Rows by contractor name, then rate.' })
  rows: ContractorPayoutRow[];

  @Field(() => Int, { description: 'All orders closed DONE in the span (of the rows shown).' })
  ordersClosed: number;

  @Field({ description: 'The sum of all rows in RUB.' })
  amount: string;
}

@ObjectType({ description: 'Invoices issued in a span by their state now (R-REP-5); amounts in RUB.' })
@VisibleWithParent()
export class InvoiceReportTotals {
  @Field(() => Int, { description: 'Invoices issued in the span.' })
  issued: number;

  @Field({ description: 'Their sum.' })
  issuedAmount: string;

  @Field(() => Int, { description: 'Of them, marked paid.' })
  paid: number;

  @Field({ description: 'Sum of the paid ones.' })
  paidAmount: string;

  @Field(() => Int, { description: 'Of them, not paid yet (overdue ones included).' })
  unpaid: number;

  @Field({ description: 'Sum of the unpaid ones.' })
  unpaidAmount: string;

  @Field(() => Int, { description: 'Of the unpaid, those past PAYMENT_GRACE_DAYS now (they block ordering, R-ACC-3).' })
  overdue: number;

  @Field({ description: 'Sum of the overdue ones.' })
  overdueAmount: string;
}

@ObjectType({ description: 'One client account’s invoices issued in the span (R-REP-5).' })
@VisibleWithParent()
export class InvoiceReportRow extends InvoiceReportTotals {
  @Field(() => ID, { description: 'The client account.' })
  accountId: string;

  @Field({ description: 'The account’s name.' })
  accountName: string;
}

@ObjectType({ description: 'R-REP-5: invoices issued in a span — issued, paid, overdue, with amounts — per account.' })
@VisibleWithParent()
export class InvoiceReport {
  @Field(() => DateTimeISO, { description: 'Start of the span covered (inclusive).' })
  from: Date;

  @Field(() => DateTimeISO, { description: 'End of the span covered (exclusive).' })
  to: Date;

  @Field({
    description:
      'The zone the span’s days are read in (R-BIL-1): the TIMEZONE a closed billing period was closed under when the span is exactly that period, else TIMEZONE now.',
  })
  timeZone: string;

  @Field(() => [InvoiceReportRow], { description: 'One row per account with invoices issued, by name.' })
  rows: InvoiceReportRow[];

  @Field(() => InvoiceReportTotals, { description: 'The sums of all rows.' })
  totals: InvoiceReportTotals;
}
