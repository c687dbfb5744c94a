import type { Ctx } from '../../common/context.js';
import { inTransaction } from '../../common/context.js';
import { actorIds } from '../../common/auth/principal.js';
import { isUuid } from '../../common/ids.js';
import { invalidInput, notFound } from '../../common/errors.js';
import { byKeyLoader, moduleLoader } from '../../common/loaders.js';
import { writeAudit } from '../integration/audit.js';
import { currentBillingPeriod } from '../billing/billing-period-store.js';
import type { SettingsService } from '../settings/settings.service.js';
import { TariffEntity, TariffPriceEntity } from './tariff.entity.js';
import type { CreateTariffInput, UpdateTariffInput } from './tariff.inputs.js';
import {
  MAX_ORDERS_PER_PERIOD,
  MAX_REACTION_MINUTES,
  normalizeMoney,
  priceInForce,
  priceMomentBounds,
} from './tariff-price.js';

export type TariffOutcome =
  { kind: 'saved'; tariff: TariffEntity } | { kind: 'nameTaken'; name: string; existing: TariffEntity };

export type SetPriceOutcome =
  | { kind: 'saved'; tariff: TariffEntity }
  | { kind: 'momentTaken'; effectiveFrom: Date; existingPrice: string }
  | { kind: 'momentInvoiced'; effectiveFrom: Date; invoicedPeriodStart: Date };

/** Tariffs and their price history (R-TAR-1, R-BIL-4). */
export class TariffService {
  constructor(private readonly settings: SettingsService) {}

  /** Tariffs by name; retired ones only when asked. */
  async list(ctx: Ctx, includeInactive: boolean): Promise<TariffEntity[]> {
    return ctx.em
      .getRepository(TariffEntity)
      .find({ where: includeInactive ? {} : { active: true }, order: { name: 'ASC' } });
  }

  /** One tariff by id (staff and tariff-reading keys; clients reach theirs through their account). */
  async get(ctx: Ctx, id: string): Promise<TariffEntity> {
    const tariff = isUuid(id) ? await ctx.em.getRepository(TariffEntity).findOneBy({ id }) : null;
    if (!tariff) throw notFound('Tariff', id);
    return tariff;
  }

  /** A tariff's price history, oldest first (batched per request). */
  prices(ctx: Ctx, tariffId: string): Promise<TariffPriceEntity[]> {
    return moduleLoader(ctx.loaders, 'tariffPrices', () =>
      byKeyLoader(ctx.em, TariffPriceEntity, 'tariffId', { effectiveFrom: 'ASC' }),
    ).load(tariffId);
  }

  /** The price in force at an instant (R-TAR-1), or null when the tariff had no price yet. */
  async priceAt(ctx: Ctx, tariffId: string, instant: Date): Promise<string | null> {
    return priceInForce(await this.prices(ctx, tariffId), instant)?.price ?? null;
  }

  /** Creates a tariff with its first price (owner). */
  async create(ctx: Ctx, input: CreateTariffInput): Promise<TariffOutcome> {
    const name = checkName(input.name);
    const ordersPerPeriod = input.ordersPerPeriod ?? null;
    if (ordersPerPeriod !== null) checkOrders(ordersPerPeriod);
    checkReaction(input.reactionTimeMinutes);
    const price = checkPrice(input.price);
    return inTransaction(ctx, async (tx) => {
      const repo = tx.em.getRepository(TariffEntity);
      await lockNames(tx);
      const existing = await findByName(tx, name);
      if (existing) return { kind: 'nameTaken', name, existing };
      const now = tx.clock.now();
      if (input.priceEffectiveFrom != null)
        await this.checkPriceMoment(tx, 'priceEffectiveFrom', input.priceEffectiveFrom);
      const tariff = repo.create({
        name,
        ordersPerPeriod,
        reactionTimeMinutes: input.reactionTimeMinutes,
        canPinContractors: input.canPinContractors,
        canSeeContractorContacts: input.canSeeContractorContacts,
        active: true,
        createdAt: now,
        updatedAt: now,
      });
      await repo.insert(tariff);
      const effectiveFrom = input.priceEffectiveFrom ?? now;
      await tx.em.getRepository(TariffPriceEntity).insert({
        tariffId: tariff.id,
        price,
        effectiveFrom,
        createdAt: now,
        createdById: actorIds(tx.principal).actorId,
      });
      await writeAudit(tx, 'tariff.created', 'tariff', tariff.id, { ...input, price, effectiveFrom });
      return { kind: 'saved', tariff: await repo.findOneByOrFail({ id: tariff.id }) };
    });
  }

  /** Changes a tariff's name, limits, flags or active state (owner); accounts on it feel it at once. */
  async update(ctx: Ctx, id: string, input: UpdateTariffInput): Promise<TariffOutcome> {
    const changes: Partial<TariffEntity> = {};
    if (input.name != null) changes.name = checkName(input.name);
    if (input.unlimitedOrders && input.ordersPerPeriod != null)
      throw invalidInput('ordersPerPeriod', 'cannot be given together with unlimitedOrders: true');
    if (input.ordersPerPeriod != null) changes.ordersPerPeriod = checkOrders(input.ordersPerPeriod);
    if (input.unlimitedOrders) changes.ordersPerPeriod = null;
    if (input.reactionTimeMinutes != null) changes.reactionTimeMinutes = checkReaction(input.reactionTimeMinutes);
    if (input.canPinContractors != null) changes.canPinContractors = input.canPinContractors;
    if (input.canSeeContractorContacts != null) changes.canSeeContractorContacts = input.canSeeContractorContacts;
    if (input.active != null) changes.active = input.active;
    return inTransaction(ctx, async (tx) => {
      const repo = tx.em.getRepository(TariffEntity);
      const tariff = await lockTariff(tx, id);
      if (changes.name !== undefined) {
        await lockNames(tx);
        const existing = await findByName(tx, changes.name);
        if (existing && existing.id !== tariff.id) return { kind: 'nameTaken', name: changes.name, existing };
      }
      await repo.update({ id: tariff.id }, { ...changes, updatedAt: tx.clock.now() });
      await writeAudit(tx, 'tariff.updated', 'tariff', tariff.id, { ...changes });
      return { kind: 'saved', tariff: await repo.findOneByOrFail({ id: tariff.id }) };
    });
  }

  /**
   * Adds a price from a moment on (none: now on this server's clock), keeping the history (R-TAR-1). A moment
   * before a period already invoiced at this tariff is refused: issued invoices must stay explainable; any other
   * moment outside {@link priceMomentBounds} is bad input.
   */
  async setPrice(ctx: Ctx, tariffId: string, rawPrice: string, at: Date | null | undefined): Promise<SetPriceOutcome> {
    const price = checkPrice(rawPrice);
    const effectiveFrom = at ?? ctx.clock.now();
    if (Number.isNaN(effectiveFrom.getTime())) throw invalidInput('effectiveFrom', 'must be a date and time');
    return inTransaction(ctx, async (tx) => {
      const tariff = await lockTariff(tx, tariffId);
      const prices = tx.em.getRepository(TariffPriceEntity);
      const same = await prices.findOneBy({ tariffId: tariff.id, effectiveFrom });
      if (same) return { kind: 'momentTaken', effectiveFrom, existingPrice: same.price };
      const invoiced = await tx.em.query(
        `SELECT max(period_start) AS at FROM invoice WHERE tariff_id = $1 AND period_start >= $2`,
        [tariff.id, effectiveFrom],
      );
      if (invoiced[0]?.at) {
        return { kind: 'momentInvoiced', effectiveFrom, invoicedPeriodStart: new Date(invoiced[0].at) };
      }
      await this.checkPriceMoment(tx, 'effectiveFrom', effectiveFrom);
      const now = tx.clock.now();
      await prices.insert({
        tariffId: tariff.id,
        price,
        effectiveFrom,
        createdAt: now,
        createdById: actorIds(tx.principal).actorId,
      });
      await tx.em.getRepository(TariffEntity).update({ id: tariff.id }, { updatedAt: now });
      await writeAudit(tx, 'tariff.priceSet', 'tariff', tariff.id, { price, effectiveFrom });
      return { kind: 'saved', tariff: await tx.em.getRepository(TariffEntity).findOneByOrFail({ id: tariff.id }) };
    });
  }

  /** Refuses a price moment outside {@link priceMomentBounds}, naming the field and the range (as ISO dates). */
  private async checkPriceMoment(tx: Ctx, field: string, at: Date): Promise<void> {
    const period = await currentBillingPeriod(tx, await this.settings.values(tx), tx.clock.now());
    const { min, max } = priceMomentBounds(period.start);
    if (at.getTime() >= min.getTime() && at.getTime() <= max.getTime()) return;
    throw invalidInput(
      field,
      `must be from ${min.toISOString()} (the start of the billing period in progress) to ${max.toISOString()}`,
      { min: min.toISOString(), max: max.toISOString() },
    );
  }
}

/** Serialises name checks so two owners cannot create the same name at once (the unique index backs it). */
async function lockNames(ctx: Ctx): Promise<void> {
  await ctx.em.query(`SELECT pg_advisory_xact_lock(hashtext('tariff.name'))`);
}

function findByName(ctx: Ctx, name: string): Promise<TariffEntity | null> {
  return ctx.em
    .getRepository(TariffEntity)
    .createQueryBuilder('t')
    .where('lower(t.name) = lower(:name)', { name })
    .getOne();
}

async function lockTariff(ctx: Ctx, id: string): Promise<TariffEntity> {
  const tariff = isUuid(id)
    ? await ctx.em
        .getRepository(TariffEntity)
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.id = :id', { id })
        .getOne()
    : null;
  if (!tariff) throw notFound('Tariff', id);
  return tariff;
}

function checkName(input: string): string {
  const name = input.trim();
  if (name.length < 1 || name.length > 100)
    throw invalidInput('name', 'must be 1–100 characters', { min: 1, max: 100 });
  return name;
}

function checkOrders(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_ORDERS_PER_PERIOD)
    throw invalidInput(
      'ordersPerPeriod',
      `must be a whole number from 1 to ${MAX_ORDERS_PER_PERIOD}, or null for unlimited`,
      {
        min: 1,
        max: MAX_ORDERS_PER_PERIOD,
      },
    );
  return n;
}

function checkReaction(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_REACTION_MINUTES)
    throw invalidInput('reactionTimeMinutes', `must be a whole number from 1 to ${MAX_REACTION_MINUTES}`, {
      min: 1,
      max: MAX_REACTION_MINUTES,
    });
  return n;
}

function checkPrice(input: string): string {
  const price = normalizeMoney(input);
  if (price === undefined)
    throw invalidInput('price', 'must be a non-negative amount with up to 9 digits and 2 decimals, e.g. "1500.00"', {
      min: '0',
      max: '999999999.99',
    });
  return price;
}
