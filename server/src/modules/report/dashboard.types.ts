import { Field, Int, ObjectType } from 'type-graphql';
import { VisibleWithParent } from '../../common/auth/access.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';
import { SlaFigures } from './sla-report.types.js';

@ObjectType({ description: 'Orders created and closed DONE on one day in TIMEZONE.' })
@VisibleWithParent()
export class DashboardDay {
  @Field({ description: 'The day in TIMEZONE, YYYY-MM-DD.' })
  day: string;

  @Field(() => DateTimeISO, { description: 'The day’s first moment (00:00 in TIMEZONE).' })
  start: Date;

  @Field(() => Int, { description: 'Orders created that day (cancelled ones included).' })
  created: number;

  @Field(() => Int, { description: 'Orders closed DONE that day.' })
  done: number;
}

@ObjectType({ description: 'The staff dashboard: live counters, orders per day, SLA this billing period.' })
@VisibleWithParent()
export class Dashboard {
  @Field(() => DateTimeISO, { description: 'The moment the figures were read.' })
  asOf: Date;

  @Field(() => Int, { description: 'Open orders waiting to be taken (NEW).' })
  newOrders: number;

  @Field(() => Int, { description: 'Orders in work (IN_PROGRESS).' })
  inProgress: number;

  @Field(() => Int, {
    description:
      'Open orders at risk: the managers’ warning of their current stage fired (R-SLA-2 not taken, R-SLA-3 running long) and they are not breached.',
  })
  atRisk: number;

  @Field(() => Int, { description: 'Open orders breached (R-SLA-4): marked, or overdue now.' })
  breachedOpen: number;

  @Field(() => Int, { description: 'Orders closed DONE today (TIMEZONE).' })
  doneToday: number;

  @Field(() => Int, { description: 'Orders created today (TIMEZONE).' })
  createdToday: number;

  @Field(() => [DashboardDay], { description: 'The last days, oldest first, today last.' })
  days: DashboardDay[];

  @Field(() => DateTimeISO, { description: 'Start of the current billing period (R-BIL-1).' })
  periodStart: Date;

  @Field(() => DateTimeISO, { description: 'End of the current billing period (exclusive).' })
  periodEnd: Date;

  @Field(() => SlaFigures, {
    description: 'SLA figures of the orders created this billing period (R-REP-3), e.g. takenInTimeShare.',
  })
  sla: SlaFigures;
}
