import { IsInt, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { DateTimeISO } from '../../common/graphql/scalars.js';
import { MAX_ORDERS_PER_PERIOD, MAX_REACTION_MINUTES, MONEY_PATTERN, PRICE_LEAD_YEARS } from './tariff-price.js';

const MONEY_RULE = {
  message: 'price must be a non-negative amount with up to 9 digits and 2 decimals, e.g. "1500.00"',
};

@InputType({ description: 'A new tariff (R-TAR-1).' })
export class CreateTariffInput {
  @Field({ description: 'Name, 1–100 characters, unique (case-insensitive).' })
  @MaxLength(100)
  name: string;

  @Field(() => Int, {
    nullable: true,
    description: `Orders per billing period, 1..${MAX_ORDERS_PER_PERIOD}; absent or null means unlimited.`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_ORDERS_PER_PERIOD)
  ordersPerPeriod?: number | null;

  @Field(() => Int, { description: `Reaction time in minutes, 1..${MAX_REACTION_MINUTES}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_REACTION_MINUTES)
  reactionTimeMinutes: number;

  @Field({ description: 'Clients may pin contractors (R-ACC-4).' })
  canPinContractors: boolean;

  @Field({ description: 'Clients see contractor contacts (R-ACC-5).' })
  canSeeContractorContacts: boolean;

  @Field({ description: 'Price per billing period, RUB, as a decimal string ≥ 0 (e.g. "1500" or "1500.50").' })
  @Matches(MONEY_PATTERN, MONEY_RULE)
  price: string;

  @Field(() => DateTimeISO, {
    nullable: true,
    description: `When the price takes effect; now by default. From the start of the billing period in progress up to ${PRICE_LEAD_YEARS} years after it, both included (R-TAR-1, R-BIL-1); otherwise BAD_USER_INPUT with extensions field, min and max (ISO date-times).`,
  })
  priceEffectiveFrom?: Date;
}

@InputType({ description: 'Changes to a tariff; absent fields stay as they are. Prices change with setTariffPrice.' })
export class UpdateTariffInput {
  @Field(() => String, { nullable: true, description: 'Name, 1–100 characters.' })
  @MaxLength(100)
  name?: string;

  @Field(() => Int, { nullable: true, description: `Orders per billing period, 1..${MAX_ORDERS_PER_PERIOD}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_ORDERS_PER_PERIOD)
  ordersPerPeriod?: number;

  @Field(() => Boolean, { nullable: true, description: 'True makes the order allowance unlimited.' })
  unlimitedOrders?: boolean;

  @Field(() => Int, { nullable: true, description: `Reaction time in minutes, 1..${MAX_REACTION_MINUTES}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_REACTION_MINUTES)
  reactionTimeMinutes?: number;

  @Field(() => Boolean, { nullable: true, description: 'Clients may pin contractors (R-ACC-4).' })
  canPinContractors?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Clients see contractor contacts (R-ACC-5).' })
  canSeeContractorContacts?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'False retires the tariff (accounts on it keep it).' })
  active?: boolean;
}
