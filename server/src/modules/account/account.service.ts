import { Brackets } from 'typeorm';
import type { Ctx } from '../../common/context.js';
import { inTransaction } from '../../common/context.js';
import { isStaff } from '../../common/auth/principal.js';
import { ApiScope } from '../../common/auth/scopes.js';
import { isUuid, uuidOrNil } from '../../common/ids.js';
import { forbidden, invalidInput, notFound } from '../../common/errors.js';
import { decodeCursor, pageSize, toPage, type Page } from '../../common/graphql/connection.js';
import { byKeyLoader, moduleLoader } from '../../common/loaders.js';
import { isValidTimeZone } from '../../common/time-zone.js';
import { writeAudit } from '../integration/audit.js';
import { accountUsage, type AccountUsage } from '../order/order-limits.js';
import type { SettingsService } from '../settings/settings.service.js';
import { TariffEntity } from '../tariff/tariff.entity.js';
import { Role, UserEntity } from '../user/user.entity.js';
import { AccountStatus, BranchEntity, ClientAccountEntity } from './account.entity.js';
import type { AccountFilter, CreateAccountInput, UpdateAccountInput } from './account.inputs.js';

export type AccountOutcome =
  { kind: 'saved'; account: ClientAccountEntity } | { kind: 'nameTaken'; name: string; existing: ClientAccountEntity };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Client accounts (R-ACC-1), their tariff (R-BIL-4) and members. */
export class AccountService {
  constructor(private readonly settings: Pick<SettingsService, 'values'>) {}

  /**
   * Whether the caller may see an account's details (contact e-mail, tariff, members, pinned
   * contractors, usage): staff, account-reading keys and the account's own members.
   */
  canSeeDetails(ctx: Ctx, accountId: string): boolean {
    const p = ctx.principal;
    if (p.kind === 'apiKey') return p.scopes.has(ApiScope.ACCOUNTS_READ);
    if (p.kind !== 'user') return false;
    return isStaff(p.user) || (p.user.role === Role.CLIENT && p.user.accountId === accountId);
  }

  /** One account as the caller may see it; another account's id is simply not found. */
  async get(ctx: Ctx, id: string): Promise<ClientAccountEntity> {
    const account = isUuid(id) ? await ctx.loaders.account.load(id) : null;
    if (!account || !this.canSeeDetails(ctx, account.id)) throw notFound('Client account', id);
    return account;
  }

  /** The calling client's own account. */
  async mine(ctx: Ctx): Promise<ClientAccountEntity> {
    const p = ctx.principal;
    if (p.kind !== 'user' || p.user.role !== Role.CLIENT || !p.user.accountId) {
      throw forbidden('Only members of a client account have an account');
    }
    return this.get(ctx, p.user.accountId);
  }

  /** Lists accounts (staff, account-reading keys), newest first. */
  async list(
    ctx: Ctx,
    filter: AccountFilter | undefined,
    first: number | undefined,
    after: string | undefined,
  ): Promise<Page<ClientAccountEntity>> {
    const limit = pageSize({ first });
    const cursor = decodeCursor(after);
    const qb = ctx.em.getRepository(ClientAccountEntity).createQueryBuilder('a');
    if (filter?.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter?.tariffId) qb.andWhere('a.tariff_id = :tariffId', { tariffId: uuidOrNil(filter.tariffId) });
    if (filter?.search) {
      const like = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(new Brackets((w) => w.where('lower(a.name) LIKE :like', { like })));
    }
    const totalCount = await qb.clone().getCount();
    if (cursor) qb.andWhere('(a.created_at, a.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    const rows = await qb
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .take(limit + 1)
      .getMany();
    return toPage(rows, limit, totalCount, (a) => ({ at: a.createdAt, id: a.id }));
  }

  /** Creates a client account on an active tariff (owner). */
  async create(ctx: Ctx, input: CreateAccountInput): Promise<AccountOutcome> {
    const name = checkName(input.name);
    const contactEmail = checkEmail(input.contactEmail);
    const timeZone = checkTimeZone(input.timeZone);
    return inTransaction(ctx, async (tx) => {
      await activeTariff(tx, input.tariffId);
      await lockNames(tx);
      const existing = await findByName(tx, name);
      if (existing) return { kind: 'nameTaken', name, existing };
      const repo = tx.em.getRepository(ClientAccountEntity);
      const now = tx.clock.now();
      const account = repo.create({
        name,
        tariffId: input.tariffId,
        status: AccountStatus.ACTIVE,
        contactEmail,
        timeZone,
        createdAt: now,
        updatedAt: now,
      });
      await repo.insert(account);
      await writeAudit(tx, 'account.created', 'client_account', account.id, { name, tariffId: input.tariffId });
      return { kind: 'saved', account: await repo.findOneByOrFail({ id: account.id }) };
    });
  }

  /** Changes an account's name, contact e-mail or time zone (owner). */
  async update(ctx: Ctx, id: string, input: UpdateAccountInput): Promise<AccountOutcome> {
    const changes: Partial<ClientAccountEntity> = {};
    if (input.name != null) changes.name = checkName(input.name);
    if (input.contactEmail != null) changes.contactEmail = checkEmail(input.contactEmail);
    if (input.timeZone != null) changes.timeZone = checkTimeZone(input.timeZone);
    return inTransaction(ctx, async (tx) => {
      const account = await lockAccount(tx, id);
      if (changes.name !== undefined) {
        await lockNames(tx);
        const existing = await findByName(tx, changes.name);
        if (existing && existing.id !== account.id) return { kind: 'nameTaken', name: changes.name, existing };
      }
      return { kind: 'saved', account: await this.save(tx, account, changes, 'account.updated') };
    });
  }

  /** Switches an account on or off (R-ACC-1); an inactive account cannot create orders (R-ACC-3). */
  async setStatus(ctx: Ctx, id: string, status: AccountStatus): Promise<ClientAccountEntity> {
    return inTransaction(ctx, async (tx) => {
      const account = await lockAccount(tx, id);
      if (account.status === status) return account;
      return this.save(tx, account, { status }, 'account.statusChanged');
    });
  }

  /**
   * R-BIL-4: moves an account to another active tariff. The order limit follows at once (it is
   * read when checked); invoices follow from the next period (the billing job reads it then).
   */
  async changeTariff(ctx: Ctx, accountId: string, tariffId: string): Promise<ClientAccountEntity> {
    return inTransaction(ctx, async (tx) => {
      const account = await lockAccount(tx, accountId);
      await activeTariff(tx, tariffId);
      if (account.tariffId === tariffId) return account;
      return this.save(tx, account, { tariffId }, 'account.tariffChanged', { from: account.tariffId });
    });
  }

  /** The account's tariff usage this billing period (R-ACC-3, R-BIL-1). */
  usage(ctx: Ctx, accountId: string): Promise<AccountUsage | null> {
    return accountUsage(ctx, this.settings, accountId);
  }

  /** The account's CLIENT members, oldest first (batched per request). */
  members(ctx: Ctx, accountId: string): Promise<UserEntity[]> {
    return moduleLoader(ctx.loaders, 'accountMembers', () =>
      byKeyLoader(ctx.em, UserEntity, 'accountId', { createdAt: 'ASC', id: 'ASC' }),
    ).load(accountId);
  }

  /** Every node of the account's branch tree, flat, by name (batched per request). */
  branches(ctx: Ctx, accountId: string): Promise<BranchEntity[]> {
    return moduleLoader(ctx.loaders, 'accountBranches', () =>
      byKeyLoader(ctx.em, BranchEntity, 'accountId', { name: 'ASC', id: 'ASC' }),
    ).load(accountId);
  }

  private async save(
    ctx: Ctx,
    account: ClientAccountEntity,
    changes: Partial<ClientAccountEntity>,
    action: string,
    extra: Record<string, unknown> = {},
  ): Promise<ClientAccountEntity> {
    const repo = ctx.em.getRepository(ClientAccountEntity);
    await repo.update({ id: account.id }, { ...changes, updatedAt: ctx.clock.now() });
    await writeAudit(ctx, action, 'client_account', account.id, { ...changes, ...extra });
    return repo.findOneByOrFail({ id: account.id });
  }
}

/** Serialises name checks so that two owners cannot create the same name at once. */
async function lockNames(ctx: Ctx): Promise<void> {
  await ctx.em.query(`SELECT pg_advisory_xact_lock(hashtext('client_account.name'))`);
}

function findByName(ctx: Ctx, name: string): Promise<ClientAccountEntity | null> {
  return ctx.em
    .getRepository(ClientAccountEntity)
    .createQueryBuilder('a')
    .where('lower(a.name) = lower(:name)', { name })
    .getOne();
}

/** The account, locked for the rest of the transaction. */
export async function lockAccount(ctx: Ctx, id: string): Promise<ClientAccountEntity> {
  const account = isUuid(id)
    ? await ctx.em
        .getRepository(ClientAccountEntity)
        .createQueryBuilder('a')
        // NO KEY UPDATE: foreign-key checks of stream writers (KEY SHARE) must not wait on it.
        .setLock('for_no_key_update')
        .where('a.id = :id', { id })
        .getOne()
    : null;
  if (!account) throw notFound('Client account', id);
  return account;
}

async function activeTariff(ctx: Ctx, id: string): Promise<TariffEntity> {
  const tariff = isUuid(id) ? await ctx.em.getRepository(TariffEntity).findOneBy({ id }) : null;
  if (!tariff) throw notFound('Tariff', id);
  if (!tariff.active) throw invalidInput('tariffId', 'must be an active tariff; this one is retired');
  return tariff;
}

function checkName(input: string): string {
  const name = input.trim();
  if (name.length < 1 || name.length > 200)
    throw invalidInput('name', 'must be 1–200 characters', { min: 1, max: 200 });
  return name;
}

/** An e-mail, or null for absent/empty. */
function checkEmail(input: string | undefined | null): string | null {
  const email = input?.trim();
  if (!email) return null;
  if (email.length > 254 || !EMAIL.test(email))
    throw invalidInput('contactEmail', 'must be an e-mail address of up to 254 characters', { max: 254 });
  return email;
}

/** An IANA zone, or null for absent/empty. */
function checkTimeZone(input: string | undefined | null): string | null {
  const zone = input?.trim();
  if (!zone) return null;
  if (zone.length > 64 || !isValidTimeZone(zone))
    throw invalidInput('timeZone', 'must be an IANA time zone such as Europe/Moscow');
  return zone;
}
