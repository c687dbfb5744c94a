import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { VisibleWithParent } from '../../common/auth/access.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';

/** What the SLA report groups orders by (R-REP-3). */
export enum SlaReportGroupBy {
  TARIFF = 'TARIFF',
  ACCOUNT = 'ACCOUNT',
  BRANCH = 'BRANCH',
  CONTRACTOR = 'CONTRACTOR',
}

registerEnumType(SlaReportGroupBy, {
  name: 'SlaReportGroupBy',
  description: 'What the SLA report groups orders by (R-REP-3).',
  valuesConfig: {
    TARIFF: { description: 'The tariff the order’s account has now.' },
    ACCOUNT: { description: 'The client account.' },
    BRANCH: { description: 'The branch the order is for (orders without a branch form one group).' },
    CONTRACTOR: { description: 'The contractor holding or having closed the order (not taken: one group).' },
  },
});

@ObjectType({
  description:
    'SLA figures of orders created in a span, cancelled ones excluded (R-REP-3). Times are in minutes from creation.',
})
@VisibleWithParent()
export class SlaFigures {
  @Field(() => Int, { description: 'Orders created in the span, excluding cancelled ones.' })
  orders: number;

  @Field(() => Int, { description: 'Orders taken by their reaction deadline (creation + tariff reaction time).' })
  takenInTime: number;

  @Field(() => Int, { description: 'Orders taken after the deadline, or still NEW past it.' })
  takenLate: number;

  @Field(() => Float, {
    nullable: true,
    description: 'takenInTime / (takenInTime + takenLate), 0..1; null when no order has reached either.',
  })
  takenInTimeShare: number | null;

  @Field(() => Int, { description: 'Orders closed DONE by their estimate (take + estimate hours).' })
  doneInTime: number;

  @Field(() => Int, { description: 'Orders closed DONE after the estimate, or still in work past it.' })
  doneLate: number;

  @Field(() => Float, {
    nullable: true,
    description: 'doneInTime / (doneInTime + doneLate), 0..1; null when no order has reached either.',
  })
  doneInTimeShare: number | null;

  @Field(() => Float, { nullable: true, description: 'Average minutes from creation to the (last) take.' })
  averageMinutesToTake: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile of minutes from creation to the (last) take.' })
  p90MinutesToTake: number | null;

  @Field(() => Float, { nullable: true, description: 'Average minutes from creation to DONE.' })
  averageMinutesToClose: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile of minutes from creation to DONE.' })
  p90MinutesToClose: number | null;

  @Field(() => Int, { description: 'Orders breached (R-SLA-4): marked, or overdue now.' })
  breaches: number;
}

@ObjectType({ description: 'The SLA figures of one group (R-REP-3).' })
@VisibleWithParent()
export class SlaReportRow extends SlaFigures {
  @Field(() => ID, { nullable: true, description: 'The tariff, account, branch or contractor; null: none.' })
  groupId: string | null;

  @Field(() => String, { nullable: true, description: 'Its name; null for orders without a branch or contractor.' })
  groupName: string | null;
}

@ObjectType({ description: 'R-REP-3: SLA compliance, times to take and close, and breaches, grouped.' })
@VisibleWithParent()
export class SlaReport {
  @Field(() => DateTimeISO, { description: 'Start of the span covered (inclusive).' })
  from: Date;

  @Field(() => DateTimeISO, { description: 'End of the span covered (exclusive).' })
  to: Date;

  @Field({
    description:
      'The zone the span’s days are read in (R-BIL-1): the TIMEZONE a closed billing period was closed under when the span is exactly that period, else TIMEZONE now.',
  })
  timeZone: string;

  @Field(() => SlaReportGroupBy, { description: 'What the rows group by.' })
  groupBy: SlaReportGroupBy;

  @Field(() => [SlaReportRow], { description: 'One row per group with orders, by name.' })
  rows: SlaReportRow[];

  @Field(() => SlaFigures, { description: 'The figures over all orders of the report.' })
  totals: SlaFigures;
}

@ObjectType({ description: 'Orders created in a span by their status now, with breaches and completion times.' })
@VisibleWithParent()
export class OrderStatusFigures {
  @Field(() => Int, { description: 'All orders created in the span, cancelled ones included.' })
  total: number;

  @Field(() => Int, { description: 'Still NEW.' })
  newOrders: number;

  @Field(() => Int, { description: 'IN_PROGRESS.' })
  inProgress: number;

  @Field(() => Int, { description: 'DONE.' })
  done: number;

  @Field(() => Int, { description: 'CANCELLED.' })
  cancelled: number;

  @Field(() => Int, { description: 'Breached (R-SLA-4): marked, or overdue now.' })
  breaches: number;

  @Field(() => Float, { nullable: true, description: 'Average minutes from creation to DONE.' })
  averageMinutesToComplete: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile of minutes from creation to DONE.' })
  p90MinutesToComplete: number | null;
}

@ObjectType({ description: 'One branch’s orders (R-REP-4).' })
@VisibleWithParent()
export class BranchReportRow extends OrderStatusFigures {
  @Field(() => ID, { description: 'The client account.' })
  accountId: string;

  @Field({ description: 'The account’s name.' })
  accountName: string;

  @Field(() => ID, { nullable: true, description: 'The branch; null for the account’s orders without a branch.' })
  branchId: string | null;

  @Field(() => String, { nullable: true, description: 'The branch’s name.' })
  branchName: string | null;

  @Field(() => String, { nullable: true, description: 'The branch’s code, if it has one.' })
  branchCode: string | null;
}

@ObjectType({ description: 'One category’s orders (R-REP-4).' })
@VisibleWithParent()
export class CategoryReportRow extends OrderStatusFigures {
  @Field(() => ID, { description: 'The category.' })
  categoryId: string;

  @Field({ description: 'Its code, e.g. CARTRIDGE.' })
  categoryCode: string;

  @Field({ description: 'Its name in Russian.' })
  categoryNameRu: string;

  @Field({ description: 'Its name in English.' })
  categoryNameEn: string;
}

@ObjectType({ description: 'Cartridges of one model ordered in the span (R-REP-4), cancelled orders excluded.' })
@VisibleWithParent()
export class CartridgeReportRow {
  @Field({ description: 'Cartridge model as written on the orders.' })
  model: string;

  @Field(() => Int, { description: 'Total quantity ordered.' })
  quantity: number;

  @Field(() => Int, { description: 'Orders that asked for it.' })
  orders: number;
}

@ObjectType({
  description:
    'R-REP-4: the branch report — orders by status per branch and per category, cartridge quantities by model, completion times and breaches.',
})
@VisibleWithParent()
export class BranchReport {
  @Field(() => DateTimeISO, { description: 'Start of the span covered (inclusive).' })
  from: Date;

  @Field(() => DateTimeISO, { description: 'End of the span covered (exclusive).' })
  to: Date;

  @Field({
    description:
      'The zone the span’s days are read in (R-BIL-1): the TIMEZONE a closed billing period was closed under when the span is exactly that period, else TIMEZONE now.',
  })
  timeZone: string;

  @Field(() => [BranchReportRow], { description: 'One row per branch with orders, by account then branch name.' })
  branches: BranchReportRow[];

  @Field(() => [CategoryReportRow], { description: 'One row per category with orders, in menu order.' })
  categories: CategoryReportRow[];

  @Field(() => [CartridgeReportRow], { description: 'Cartridge models, most ordered first.' })
  cartridges: CartridgeReportRow[];

  @Field(() => OrderStatusFigures, { description: 'The figures over all orders of the report.' })
  totals: OrderStatusFigures;
}
