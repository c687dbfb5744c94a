import { ArrayMaxSize, IsInt, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { PageArgs } from '../../common/graphql/connection.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';
import { OrderStatus } from './order.entity.js';

/** The orders list's sort orders; each pages by its own keyset cursor. */
export enum OrderSort {
  NEWEST_FIRST = 'NEWEST_FIRST',
  OLDEST_FIRST = 'OLDEST_FIRST',
  DUE_SOONEST = 'DUE_SOONEST',
}

registerEnumType(OrderSort, {
  name: 'OrderSort',
  description: 'How the orders list is sorted. A page cursor works only with the sort order it was returned for.',
  valuesConfig: {
    NEWEST_FIRST: { description: 'By creation time, the newest first (the default).' },
    OLDEST_FIRST: { description: 'By creation time, the oldest first.' },
    DUE_SOONEST: {
      description:
        'By the moment the order next breaches (R-SLA-4) — the estimate’s end while IN_PROGRESS, else the take deadline — the soonest (or most overdue) first. Closed orders sort by the same moment.',
    },
  },
});

/** Caps on free text (a 1 MB string is refused, never stored). */
export const LIMITS = {
  description: 4000,
  equipment: 200,
  problem: 2000,
  credentials: 2000,
  model: 100,
  quantity: 1000,
  items: 50,
  reason: 500,
  ratingComment: 1000,
  search: 100,
  requestKey: 100,
} as const;

@InputType({ description: 'A cartridge line: model × quantity (R-ORD-1).' })
export class OrderItemInput {
  @Field({ description: `Cartridge model, 1..${LIMITS.model} characters.` })
  @MaxLength(LIMITS.model)
  model: string;

  @Field(() => Int, { description: `How many, 1..${LIMITS.quantity}.` })
  @IsInt()
  @Min(1)
  @Max(LIMITS.quantity)
  quantity: number;
}

@InputType({ description: 'A new order (R-ORD-1). Which fields apply depends on the category kind.' })
export class CreateOrderInput {
  @Field(() => ID, { description: 'The category (an active one).' })
  categoryId: string;

  @Field({ description: `What is needed, 1..${LIMITS.description} characters.` })
  @MaxLength(LIMITS.description)
  description: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The branch the order is for; default: the author’s own branch. Members may choose only within their own branch subtree (R-ACC-2).',
  })
  branchId?: string;

  @Field(() => String, { nullable: true, description: `EQUIPMENT categories: required, ≤ ${LIMITS.equipment}.` })
  @MaxLength(LIMITS.equipment)
  equipment?: string;

  @Field(() => String, { nullable: true, description: `EQUIPMENT categories: what is wrong, ≤ ${LIMITS.problem}.` })
  @MaxLength(LIMITS.problem)
  problem?: string;

  @Field(() => [OrderItemInput], {
    nullable: true,
    description: `CARTRIDGE categories: required, 1..${LIMITS.items} lines.`,
  })
  @ArrayMaxSize(LIMITS.items)
  @ValidateNested({ each: true })
  items?: OrderItemInput[];

  @Field(() => String, {
    nullable: true,
    description: `Logins/passwords for the contractor (≤ ${LIMITS.credentials}); stored encrypted, shown only to the holder (R-ORD-4).`,
  })
  @MaxLength(LIMITS.credentials)
  credentials?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Staff and API keys: the CLIENT user the order is created for (required for them; clients omit it).',
  })
  authorId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Staff and API keys: the author’s account, checked against the author (optional).',
  })
  accountId?: string;

  @Field(() => String, {
    nullable: true,
    description:
      `Makes the creation safe to repeat: a key of the caller's choosing (1..${LIMITS.requestKey} characters, e.g. a UUID) ` +
      'sent again with the same input returns the order the first call created, without creating another, ' +
      'however often and however concurrently it is sent (a retry after a lost answer, a double press). ' +
      'Keys are per author; the same key with a different category or description is refused.',
  })
  @MaxLength(LIMITS.requestKey)
  requestKey?: string;
}

@InputType({ description: 'Which orders to list; all conditions must hold.' })
export class OrderFilter {
  @Field(() => [OrderStatus], { nullable: true, description: 'Only these statuses.' })
  @ArrayMaxSize(4)
  statuses?: OrderStatus[];

  @Field(() => [ID], { nullable: true, description: 'Only these categories.' })
  @ArrayMaxSize(100)
  categoryIds?: string[];

  @Field(() => ID, { nullable: true, description: 'Only this client account.' })
  accountId?: string;

  @Field(() => ID, { nullable: true, description: 'Only this branch and the branches under it.' })
  branchId?: string;

  @Field(() => ID, { nullable: true, description: 'Only orders held by this contractor now.' })
  contractorId?: string;

  @Field(() => ID, { nullable: true, description: 'Only orders by this author.' })
  authorId?: string;

  @Field(() => DateTimeISO, { nullable: true, description: 'Created at or after this moment.' })
  createdFrom?: Date;

  @Field(() => DateTimeISO, { nullable: true, description: 'Created before this moment.' })
  createdTo?: Date;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'false: hide archived orders (the default for working lists, R-ORD-11); true: only archived ones. When absent and `search` is given, archived orders are included.',
  })
  archived?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only breached or overdue orders (R-SLA-4); false: only the others.',
  })
  breached?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: the at-risk list — open orders whose SLA warning fired (R-SLA-2, R-SLA-3) or that are breached (R-SLA-4); false: every other order.',
  })
  atRisk?: boolean;

  @Field(() => String, {
    nullable: true,
    description: `An order number (or part of it) or text in the description, equipment or problem (≤ ${LIMITS.search}).`,
  })
  @MaxLength(LIMITS.search)
  search?: string;
}

@ArgsType()
export class OrdersArgs extends PageArgs {
  @Field(() => OrderFilter, { nullable: true, description: 'Filter; working (non-archived) orders when absent.' })
  @ValidateNested()
  filter?: OrderFilter;

  @Field(() => OrderSort, {
    nullable: true,
    defaultValue: OrderSort.NEWEST_FIRST,
    description: 'Sort order; ties are broken by id. A cursor from another sort order is refused (BAD_USER_INPUT).',
  })
  orderBy?: OrderSort;
}
