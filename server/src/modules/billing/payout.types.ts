import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { VisibleWithParent } from '../../common/auth/access.js';
import { Connection } from '../../common/graphql/connection.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';

@ObjectType({
  description:
    'What one contractor earned in one closed billing period: the orders it closed DONE in the period × the rate stored on each (R-BIL-2).',
})
@VisibleWithParent()
export class Payout {
  @Field(() => ID, { description: 'Payout line id.' })
  id: string;

  @Field(() => DateTimeISO, { description: 'Start of the period (inclusive).' })
  periodStart: Date;

  @Field(() => DateTimeISO, { description: 'End of the period (exclusive).' })
  periodEnd: Date;

  @Field(() => Int, { description: 'Orders the contractor closed DONE in the period.' })
  ordersCount: number;

  @Field({ description: 'Amount in RUB: the sum of the rates stored on those orders (R-ORD-5).' })
  amount: string;

  @Field(() => DateTimeISO, { description: 'When the period was closed and this line written.' })
  createdAt: Date;

  contractorId: string;
}

@ObjectType({ description: 'A page of payout lines.' })
export class PayoutConnection extends Connection(Payout, 'PayoutPage', 'payout lines') {}

@InputType({ description: 'Which payout lines to list.' })
export class PayoutFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only this contractor’s lines (a contractor sees only its own).' })
  contractorId?: string;

  @Field(() => DateTimeISO, { nullable: true, description: 'Only the period starting at this moment.' })
  periodStart?: Date;
}

@ObjectType('BillingPeriod', {
  description:
    'A closed billing period (R-BIL-1, R-BIL-2): closed exactly once, with the invoices and payout lines it produced.',
})
@VisibleWithParent()
export class BillingPeriodView {
  @Field(() => ID, { description: 'Closed period id.' })
  id: string;

  @Field(() => DateTimeISO, { description: 'Start of the period (inclusive).' })
  periodStart: Date;

  @Field(() => DateTimeISO, { description: 'End of the period (exclusive): the next period’s start.' })
  periodEnd: Date;

  @Field(() => Int, { description: 'BILLING_DAY in force when the period was closed.' })
  billingDay: number;

  @Field({ description: 'TIMEZONE in force when the period was closed.' })
  timeZone: string;

  @Field(() => DateTimeISO, { description: 'When the period was closed.' })
  closedAt: Date;

  @Field(() => Int, { description: 'Invoices issued for the period (one per active client account).' })
  invoiceCount: number;

  @Field({ description: 'Sum of those invoices in RUB.' })
  invoiceTotal: string;

  @Field(() => Int, { description: 'Payout lines written for the period (one per contractor with closed orders).' })
  payoutCount: number;

  @Field({ description: 'Sum of those payout lines in RUB.' })
  payoutTotal: string;
}

@ObjectType({ description: 'A page of closed billing periods.' })
export class BillingPeriodConnection extends Connection(
  BillingPeriodView,
  'BillingPeriodPage',
  'closed billing periods',
) {}
