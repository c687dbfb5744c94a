import { Arg, Ctx as GqlCtx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { OwnerOnly, Staff } from '../../common/auth/access.js';
import { ApiScope } from '../../common/auth/scopes.js';
import type { Ctx } from '../../common/context.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';
import { toUserView } from '../user/user.resolver.js';
import { UserView } from '../user/user.types.js';
import type { BillingService } from '../billing/billing.service.js';
import { CreateTariffInput, UpdateTariffInput } from './tariff.inputs.js';
import { PRICE_LEAD_YEARS } from './tariff-price.js';
import type { TariffOutcome, TariffService } from './tariff.service.js';
import {
  CreateTariffResult,
  PriceAlreadySetForMoment,
  PriceMomentInvoiced,
  SetTariffPriceResult,
  Tariff,
  TariffNameTaken,
  TariffPrice,
  UpdateTariffResult,
  toTariff,
  toTariffPrice,
} from './tariff.types.js';

function toResult(r: TariffOutcome): Tariff | TariffNameTaken {
  if (r.kind === 'saved') return toTariff(r.tariff);
  return Object.assign(new TariffNameTaken(), { name: r.name, existing: toTariff(r.existing) });
}

@Resolver(() => Tariff)
export class TariffResolver {
  constructor(
    private readonly tariffService: TariffService,
    private readonly billing: BillingService,
  ) {}

  @Query(() => [Tariff], { description: 'Tariffs by name (staff). Clients see their own through their account.' })
  @Staff(ApiScope.TARIFFS_READ)
  async tariffs(
    @GqlCtx() ctx: Ctx,
    @Arg('includeInactive', () => Boolean, { defaultValue: false, description: 'Also list retired tariffs.' })
    includeInactive: boolean,
  ): Promise<Tariff[]> {
    return (await this.tariffService.list(ctx, includeInactive)).map(toTariff);
  }

  @Query(() => Tariff, { description: 'One tariff (staff).' })
  @Staff(ApiScope.TARIFFS_READ)
  async tariff(
    @GqlCtx() ctx: Ctx,
    @Arg('id', () => ID, { description: 'The tariff id.' }) id: string,
  ): Promise<Tariff> {
    return toTariff(await this.tariffService.get(ctx, id));
  }

  @Mutation(() => CreateTariffResult, { description: 'Creates a tariff with its first price (R-TAR-1).' })
  @OwnerOnly(ApiScope.TARIFFS_WRITE)
  async createTariff(
    @GqlCtx() ctx: Ctx,
    @Arg('input', { description: 'The tariff.' }) input: CreateTariffInput,
  ): Promise<typeof CreateTariffResult> {
    return toResult(await this.tariffService.create(ctx, input));
  }

  @Mutation(() => UpdateTariffResult, {
    description: 'Changes a tariff’s name, limits, flags or active state; accounts on it feel the change at once.',
  })
  @OwnerOnly(ApiScope.TARIFFS_WRITE)
  async updateTariff(
    @GqlCtx() ctx: Ctx,
    @Arg('id', () => ID, { description: 'The tariff.' }) id: string,
    @Arg('input', { description: 'The changes.' }) input: UpdateTariffInput,
  ): Promise<typeof UpdateTariffResult> {
    return toResult(await this.tariffService.update(ctx, id, input));
  }

  @Mutation(() => SetTariffPriceResult, {
    description:
      'Sets the price from a moment on, keeping the history; invoices use the price in force at their period start.',
  })
  @OwnerOnly(ApiScope.TARIFFS_WRITE)
  async setTariffPrice(
    @GqlCtx() ctx: Ctx,
    @Arg('tariffId', () => ID, { description: 'The tariff.' }) tariffId: string,
    @Arg('price', { description: 'Price per billing period, RUB, decimal string ≥ 0 (e.g. "1500.00").' })
    price: string,
    @Arg('effectiveFrom', () => DateTimeISO, {
      nullable: true,
      description: `From when the price is in force: from the start of the billing period in progress up to ${PRICE_LEAD_YEARS} years after it, both included (R-TAR-1, R-BIL-1). Omitted: now, by the server's clock (omit it to mean now: a client's own clock may lag the server's across a period start and be refused). A moment before a period already invoiced at this tariff is PriceMomentInvoiced; any other moment outside the range is BAD_USER_INPUT with extensions field, min and max (ISO date-times).`,
    })
    effectiveFrom: Date | null | undefined,
  ): Promise<typeof SetTariffPriceResult> {
    const r = await this.tariffService.setPrice(ctx, tariffId, price, effectiveFrom);
    if (r.kind === 'saved') return toTariff(r.tariff);
    if (r.kind === 'momentTaken')
      return Object.assign(new PriceAlreadySetForMoment(), {
        effectiveFrom: r.effectiveFrom,
        existingPrice: r.existingPrice,
      });
    return Object.assign(new PriceMomentInvoiced(), {
      effectiveFrom: r.effectiveFrom,
      invoicedPeriodStart: r.invoicedPeriodStart,
      invoicedPeriodTimeZone: await this.billing.periodTimeZone(ctx, r.invoicedPeriodStart),
      message: 'Choose a moment after the start of the last invoiced period',
    });
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Price per billing period in force now, RUB; null when no price has taken effect yet.',
  })
  currentPrice(@Root() t: Tariff, @GqlCtx() ctx: Ctx): Promise<string | null> {
    return this.tariffService.priceAt(ctx, t.id, ctx.clock.now());
  }

  @FieldResolver(() => String, { nullable: true, description: 'Price in force at a moment (staff), RUB.' })
  @Staff(ApiScope.TARIFFS_READ)
  priceAt(
    @Root() t: Tariff,
    @GqlCtx() ctx: Ctx,
    @Arg('at', () => DateTimeISO, { description: 'The moment.' }) at: Date,
  ): Promise<string | null> {
    return this.tariffService.priceAt(ctx, t.id, at);
  }

  @FieldResolver(() => [TariffPrice], {
    description: 'Every price with the moment it takes effect, oldest first (staff).',
  })
  @Staff(ApiScope.TARIFFS_READ)
  async priceHistory(@Root() t: Tariff, @GqlCtx() ctx: Ctx): Promise<TariffPrice[]> {
    return (await this.tariffService.prices(ctx, t.id)).map(toTariffPrice);
  }
}

@Resolver(() => TariffPrice)
export class TariffPriceResolver {
  @FieldResolver(() => UserView, { nullable: true, description: 'Who entered the price; null for integrations.' })
  async createdBy(@Root() p: TariffPrice, @GqlCtx() ctx: Ctx): Promise<UserView | null> {
    const user = p.createdById ? await ctx.loaders.user.load(p.createdById) : null;
    return user ? toUserView(user) : null;
  }
}
