import { Field, ID, Int, ObjectType, createUnionType } from 'type-graphql';
import { VisibleWithParent } from '../../common/auth/access.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';
import type { TariffEntity, TariffPriceEntity } from './tariff.entity.js';

/** A tariff as the API shows it; prices resolve in TariffResolver. */
@ObjectType('Tariff', { description: 'What a client account buys per billing period (R-TAR-1).' })
@VisibleWithParent()
export class Tariff {
  @Field(() => ID, { description: 'Tariff id.' })
  id: string;

  @Field({ description: 'Name, unique (case-insensitive).' })
  name: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Orders a client may create per billing period (R-ACC-3); null means unlimited.',
  })
  ordersPerPeriod: number | null;

  @Field(() => Int, { description: 'Minutes within which an order is to be taken (R-SLA-*).' })
  reactionTimeMinutes: number;

  @Field({ description: 'Clients may pin (reserve) contractors who worked for them (R-ACC-4).' })
  canPinContractors: boolean;

  @Field({ description: 'Clients see names and Telegram contacts of their contractors (R-ACC-5).' })
  canSeeContractorContacts: boolean;

  @Field({ description: 'False once retired: no longer offered for new accounts or changes.' })
  active: boolean;

  @Field(() => DateTimeISO, { description: 'When the tariff was created.' })
  createdAt: Date;

  @Field(() => DateTimeISO, { description: 'When the tariff was last changed.' })
  updatedAt: Date;
}

/** Wraps an entity as the GraphQL Tariff type. */
export const toTariff = (e: TariffEntity): Tariff => Object.assign(new Tariff(), e);

@ObjectType('TariffPrice', { description: 'One price of a tariff from a moment on (R-TAR-1 price history).' })
@VisibleWithParent()
export class TariffPrice {
  @Field({ description: 'Price per billing period, RUB, as a decimal string (e.g. "1500.00").' })
  price: string;

  @Field(() => DateTimeISO, { description: 'From this moment on the price is in force.' })
  effectiveFrom: Date;

  @Field(() => DateTimeISO, { description: 'When the price was entered.' })
  createdAt: Date;

  /** Not exposed directly: `createdBy` resolves through the user loader. */
  createdById: string | null;
}

/** Wraps an entity as the GraphQL TariffPrice type. */
export const toTariffPrice = (e: TariffPriceEntity): TariffPrice => Object.assign(new TariffPrice(), e);

@ObjectType({ description: 'Another tariff already has this name; nothing was changed.' })
@VisibleWithParent()
export class TariffNameTaken {
  @Field({ description: 'The name asked for.' })
  name: string;

  @Field(() => Tariff, { description: 'The tariff that has it.' })
  existing: Tariff;
}

@ObjectType({ description: 'The tariff already has a price from exactly this moment; nothing was changed.' })
@VisibleWithParent()
export class PriceAlreadySetForMoment {
  @Field(() => DateTimeISO, { description: 'The moment asked for.' })
  effectiveFrom: Date;

  @Field({ description: 'The price already set from that moment.' })
  existingPrice: string;
}

@ObjectType({
  description:
    'The price would take effect before a billing period already invoiced at this tariff, rewriting history; nothing was changed.',
})
@VisibleWithParent()
export class PriceMomentInvoiced {
  @Field(() => DateTimeISO, { description: 'The moment asked for.' })
  effectiveFrom: Date;

  @Field(() => DateTimeISO, { description: 'Start of the latest period already invoiced at this tariff.' })
  invoicedPeriodStart: Date;

  @Field({
    description:
      'TIMEZONE in force when that period was closed: the zone its first day is read in (R-BIL-1); a later TIMEZONE change does not move it.',
  })
  invoicedPeriodTimeZone: string;

  @Field({ description: 'What to do instead.' })
  message: string;
}

export const CreateTariffResult = createUnionType({
  name: 'CreateTariffResult',
  description: 'The new tariff, or why it could not be created.',
  types: () => [Tariff, TariffNameTaken] as const,
});

export const UpdateTariffResult = createUnionType({
  name: 'UpdateTariffResult',
  description: 'The changed tariff, or why the change was refused.',
  types: () => [Tariff, TariffNameTaken] as const,
});

export const SetTariffPriceResult = createUnionType({
  name: 'SetTariffPriceResult',
  description: 'The tariff with its new price history, or why the price was refused.',
  types: () => [Tariff, PriceAlreadySetForMoment, PriceMomentInvoiced] as const,
});
