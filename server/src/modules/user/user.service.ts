import { Brackets, In } from 'typeorm';
import type { Ctx } from '../../common/context.js';
import { emit, inTransaction } from '../../common/context.js';
import { AccessChanged } from '../../common/auth/access-changed.js';
import { isUuid, uuidOrNil } from '../../common/ids.js';
import { RefusalReason, invalidInput, notFound } from '../../common/errors.js';
import { decodeCursor, pageSize, toPage, type Page } from '../../common/graphql/connection.js';
import { BranchEntity, ClientAccountEntity } from '../account/account.entity.js';
import { CategoryEntity, ContractorCategoryEntity } from '../category/category.entity.js';
import { writeAudit } from '../integration/audit.js';
import { Language, Role, UserEntity } from './user.entity.js';
import type { AddUserInput, UpdateUserInput, UserFilter } from './user.inputs.js';
import { MAX_CONTRACTOR_CATEGORIES, normalizeUsername } from './user.rules.js';
import { canView } from './user-visibility.js';

/** Returns a deactivated contractor's orders in work to the pool (R-ORD-7); provided by the order module. */
export type ReleaseContractorOrders = (ctx: Ctx, contractorId: string) => Promise<number>;

export type AddUserOutcome =
  | { kind: 'added'; user: UserEntity }
  | { kind: 'usernameTaken'; username: string; existing: UserEntity }
  | { kind: 'telegramIdTaken'; telegramId: string; existing: UserEntity };

export type UpdateUserOutcome =
  | { kind: 'updated'; user: UserEntity }
  | { kind: 'usernameTaken'; username: string; existing: UserEntity }
  | { kind: 'ownerRequired'; message: string };

export type DeactivateOutcome =
  | { kind: 'deactivated'; user: UserEntity; releasedOrders: number }
  | { kind: 'unchanged'; user: UserEntity; message: string }
  | { kind: 'self'; message: string }
  | { kind: 'ownerRequired'; message: string };

export type ReactivateOutcome =
  { kind: 'reactivated'; user: UserEntity } | { kind: 'unchanged'; user: UserEntity; message: string };

/** Users and roles (R-USR-1..4). */
export class UserService {
  constructor(private readonly releaseContractorOrders: ReleaseContractorOrders) {}

  /** A user by id as the caller may see it: staff and user-reading keys see all; others themselves and their account. */
  async get(ctx: Ctx, id: string): Promise<UserEntity> {
    const user = isUuid(id) ? await ctx.em.getRepository(UserEntity).findOneBy({ id }) : null;
    if (!user || !canView(ctx, user)) throw notFound('User', id);
    return user;
  }

  /** Lists users (staff and user-reading keys), newest first. */
  async list(
    ctx: Ctx,
    filter: UserFilter | undefined,
    first: number | undefined,
    after: string | undefined,
  ): Promise<Page<UserEntity>> {
    const limit = pageSize({ first });
    const cursor = decodeCursor(after);
    const qb = ctx.em.getRepository(UserEntity).createQueryBuilder('u');
    if (filter?.roles?.length) qb.andWhere('u.role IN (:...roles)', { roles: filter.roles });
    if (filter?.active !== undefined && filter.active !== null)
      qb.andWhere('u.active = :active', { active: filter.active });
    if (filter?.accountId) qb.andWhere('u.account_id = :accountId', { accountId: uuidOrNil(filter.accountId) });
    if (filter?.search) {
      const like = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('lower(u.username) LIKE :like', { like })
            .orWhere("lower(coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, '')) LIKE :like", { like }),
        ),
      );
    }
    const totalCount = await qb.clone().getCount();
    if (cursor) qb.andWhere('(u.created_at, u.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    const rows = await qb
      .orderBy('u.created_at', 'DESC')
      .addOrderBy('u.id', 'DESC')
      .take(limit + 1)
      .getMany();
    return toPage(rows, limit, totalCount, (u) => ({ at: u.createdAt, id: u.id }));
  }

  /** Adds a user of any role, pre-registered by @username and/or Telegram id (R-USR-1). */
  async add(ctx: Ctx, input: AddUserInput): Promise<AddUserOutcome> {
    const username =
      input.username === undefined || input.username === null ? undefined : normalizeUsername(input.username);
    if (input.username && !username) {
      throw invalidInput('username', 'must be 5–32 latin letters, digits or underscores, optionally starting with @');
    }
    if (!username && !input.telegramId) throw invalidInput('username', 'or telegramId is required');
    return inTransaction(ctx, async (tx) => {
      const repo = tx.em.getRepository(UserEntity);
      if (username) {
        const existing = await this.findByUsername(tx, username);
        if (existing) return { kind: 'usernameTaken', username, existing };
      }
      if (input.telegramId) {
        const existing = await repo.findOneBy({ telegramId: input.telegramId });
        if (existing) return { kind: 'telegramIdTaken', telegramId: input.telegramId, existing };
      }
      const membership = await this.checkMembership(tx, input.role, input.accountId, input.branchId);
      const now = tx.clock.now();
      const user = repo.create({
        role: input.role,
        username: username ?? null,
        telegramId: input.telegramId ?? null,
        firstName: input.firstName?.trim() || null,
        lastName: input.lastName?.trim() || null,
        language: input.language ?? Language.RU,
        email: input.email?.trim() || null,
        accountId: membership.accountId,
        branchId: membership.branchId,
        active: true,
        createdAt: now,
        updatedAt: now,
      });
      await repo.insert(user);
      await this.audit(tx, 'user.added', user.id, { role: user.role, username: user.username });
      return { kind: 'added', user: await repo.findOneByOrFail({ id: user.id }) };
    });
  }

  /** Changes a user's role, names, membership, capacity or categories. */
  async update(ctx: Ctx, id: string, input: UpdateUserInput): Promise<UpdateUserOutcome> {
    return inTransaction(ctx, async (tx) => {
      const repo = tx.em.getRepository(UserEntity);
      const user = await this.lockUser(tx, id);
      const changes: Partial<UserEntity> = {};
      if (input.username !== undefined && input.username !== null) {
        const username = normalizeUsername(input.username);
        if (!username) throw invalidInput('username', 'must be 5–32 latin letters, digits or underscores');
        const existing = await this.findByUsername(tx, username);
        if (existing && existing.id !== user.id) return { kind: 'usernameTaken', username, existing };
        changes.username = username;
      }
      const role = input.role ?? user.role;
      if (role !== user.role && user.role === Role.OWNER && (await this.otherActiveOwners(tx, user.id)) === 0) {
        return { kind: 'ownerRequired', message: 'Make another user an owner first: this is the last active owner' };
      }
      if (role !== user.role && user.role === Role.CONTRACTOR) {
        const held = await tx.em.query(
          `SELECT count(*)::int AS n FROM service_order WHERE contractor_id = $1 AND status = 'IN_PROGRESS'`,
          [user.id],
        );
        if (held[0].n > 0)
          throw invalidInput('role', 'cannot change while the contractor holds orders in work; release them first', {
            reason: RefusalReason.CONTRACTOR_HOLDS_ORDERS,
            ordersInWork: held[0].n,
          });
      }
      if (role === Role.CLIENT) {
        const accountId = input.accountId ?? user.accountId ?? undefined;
        const branchId = input.clearBranch
          ? undefined
          : (input.branchId ?? (accountId === user.accountId ? user.branchId : null) ?? undefined);
        const m = await this.checkMembership(tx, role, accountId, branchId);
        changes.accountId = m.accountId;
        changes.branchId = m.branchId;
      } else {
        if (input.accountId || input.branchId) throw invalidInput('accountId', 'applies to CLIENT users only');
        changes.accountId = null;
        changes.branchId = null;
      }
      changes.role = role;
      if (input.firstName !== undefined && input.firstName !== null) changes.firstName = input.firstName.trim() || null;
      if (input.lastName !== undefined && input.lastName !== null) changes.lastName = input.lastName.trim() || null;
      if (input.email !== undefined && input.email !== null) {
        const email = input.email.trim();
        if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
          throw invalidInput('email', 'must be an e-mail address');
        changes.email = email || null;
      }
      if (input.emailNotifications !== undefined && input.emailNotifications !== null) {
        if (input.emailNotifications && !(changes.email !== undefined ? changes.email : user.email)) {
          throw invalidInput('emailNotifications', 'needs an e-mail address: set email too');
        }
        changes.emailNotifications = input.emailNotifications;
      }
      if (input.maxActiveOrders !== undefined && input.maxActiveOrders !== null) {
        if (role !== Role.CONTRACTOR) throw invalidInput('maxActiveOrders', 'applies to CONTRACTOR users only');
        changes.maxActiveOrders = input.maxActiveOrders === 0 ? null : input.maxActiveOrders;
      }
      if (input.categoryIds !== undefined && input.categoryIds !== null) {
        if (role !== Role.CONTRACTOR) throw invalidInput('categoryIds', 'applies to CONTRACTOR users only');
        await this.setCategories(tx, user.id, input.categoryIds);
      }
      if (role !== Role.CONTRACTOR && user.role === Role.CONTRACTOR) {
        changes.maxActiveOrders = null;
        await tx.em.getRepository(ContractorCategoryEntity).delete({ contractorId: user.id });
      }
      changes.updatedAt = tx.clock.now();
      await repo.update({ id: user.id }, changes);
      await this.audit(tx, 'user.updated', user.id, { ...input });
      emit(tx, new AccessChanged(user.id));
      return { kind: 'updated', user: await repo.findOneByOrFail({ id: user.id }) };
    });
  }

  private async setCategories(ctx: Ctx, contractorId: string, categoryIds: string[]): Promise<void> {
    if (categoryIds.length > MAX_CONTRACTOR_CATEGORIES) {
      throw invalidInput('categoryIds', `must list at most ${MAX_CONTRACTOR_CATEGORIES} categories`, {
        max: MAX_CONTRACTOR_CATEGORIES,
      });
    }
    const ids = [...new Set(categoryIds)];
    if (ids.some((id) => !isUuid(id))) throw invalidInput('categoryIds', 'must be ids of existing categories');
    const found = ids.length ? await ctx.em.getRepository(CategoryEntity).countBy({ id: In(ids) }) : 0;
    if (found !== ids.length) throw invalidInput('categoryIds', 'must be ids of existing categories');
    const repo = ctx.em.getRepository(ContractorCategoryEntity);
    await repo.delete({ contractorId });
    if (ids.length) await repo.insert(ids.map((categoryId) => ({ contractorId, categoryId })));
  }

  /** R-USR-3: deactivates; a contractor's orders in work return to NEW at once (R-ORD-7). */
  async deactivate(ctx: Ctx, id: string): Promise<DeactivateOutcome> {
    return inTransaction(ctx, async (tx) => {
      const user = await this.lockUser(tx, id);
      if (!user.active) return { kind: 'unchanged', user, message: 'already deactivated' };
      const p = tx.principal;
      if (p.kind === 'user' && p.user.id === user.id) {
        return { kind: 'self', message: 'You cannot deactivate yourself; ask another owner' };
      }
      if (user.role === Role.OWNER && (await this.otherActiveOwners(tx, user.id)) === 0) {
        return { kind: 'ownerRequired', message: 'This is the last active owner; make another user an owner first' };
      }
      const now = tx.clock.now();
      await tx.em
        .getRepository(UserEntity)
        .update({ id: user.id }, { active: false, deactivatedAt: now, updatedAt: now });
      await tx.em.query(`UPDATE web_session SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [
        user.id,
        now,
      ]);
      const releasedOrders = user.role === Role.CONTRACTOR ? await this.releaseContractorOrders(tx, user.id) : 0;
      await this.audit(tx, 'user.deactivated', user.id, { releasedOrders });
      emit(tx, new AccessChanged(user.id));
      return {
        kind: 'deactivated',
        user: await tx.em.getRepository(UserEntity).findOneByOrFail({ id: user.id }),
        releasedOrders,
      };
    });
  }

  /** Reactivates a deactivated user (R-USR-3). */
  async reactivate(ctx: Ctx, id: string): Promise<ReactivateOutcome> {
    return inTransaction(ctx, async (tx) => {
      const user = await this.lockUser(tx, id);
      if (user.active) return { kind: 'unchanged', user, message: 'already active' };
      const now = tx.clock.now();
      await tx.em
        .getRepository(UserEntity)
        .update({ id: user.id }, { active: true, deactivatedAt: null, updatedAt: now });
      await this.audit(tx, 'user.reactivated', user.id, {});
      emit(tx, new AccessChanged(user.id));
      return { kind: 'reactivated', user: await tx.em.getRepository(UserEntity).findOneByOrFail({ id: user.id }) };
    });
  }

  /** The caller's own interface language (remembered on the server for every front-end). */
  async setOwnLanguage(ctx: Ctx, language: Language): Promise<UserEntity> {
    const p = ctx.principal;
    if (p.kind !== 'user') throw invalidInput('language', 'can be set only by a signed-in user');
    await ctx.em.getRepository(UserEntity).update({ id: p.user.id }, { language, updatedAt: ctx.clock.now() });
    return ctx.em.getRepository(UserEntity).findOneByOrFail({ id: p.user.id });
  }

  /**
   * The caller's own e-mail notifications (PRODUCT.md §6): an address (when given; empty removes it) and
   * whether notifications go there. Turning them on needs an address.
   */
  async setOwnEmailNotifications(ctx: Ctx, enabled: boolean, email: string | undefined): Promise<UserEntity> {
    const p = ctx.principal;
    if (p.kind !== 'user') throw invalidInput('enabled', 'can be set only by a signed-in user');
    const changes: Partial<UserEntity> = { emailNotifications: enabled, updatedAt: ctx.clock.now() };
    if (email !== undefined) {
      const trimmed = email.trim();
      if (trimmed && (trimmed.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed))) {
        throw invalidInput('email', 'must be an e-mail address of at most 254 characters');
      }
      changes.email = trimmed || null;
    }
    const address = changes.email !== undefined ? changes.email : p.user.email;
    if (enabled && !address) throw invalidInput('email', 'is needed to receive notifications by e-mail');
    await ctx.em.getRepository(UserEntity).update({ id: p.user.id }, changes);
    return ctx.em.getRepository(UserEntity).findOneByOrFail({ id: p.user.id });
  }

  /** The categories a contractor serves (empty: all). */
  async categoriesOf(ctx: Ctx, contractorId: string): Promise<CategoryEntity[]> {
    return ctx.em
      .getRepository(CategoryEntity)
      .createQueryBuilder('c')
      .innerJoin(ContractorCategoryEntity, 'cc', 'cc.category_id = c.id')
      .where('cc.contractor_id = :contractorId', { contractorId })
      .orderBy('c.position')
      .getMany();
  }

  private async lockUser(ctx: Ctx, id: string): Promise<UserEntity> {
    const user = isUuid(id)
      ? await ctx.em
          .getRepository(UserEntity)
          .createQueryBuilder('u')
          // NO KEY UPDATE: foreign-key checks of stream writers (KEY SHARE) must not wait on it.
          .setLock('for_no_key_update')
          .where('u.id = :id', { id })
          .getOne()
      : null;
    if (!user) throw notFound('User', id);
    return user;
  }

  private findByUsername(ctx: Ctx, username: string) {
    return ctx.em
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
  }

  private async otherActiveOwners(ctx: Ctx, exceptId: string): Promise<number> {
    const rows = await ctx.em.query(
      `SELECT count(*)::int AS n FROM app_user WHERE role = 'OWNER' AND active AND id <> $1`,
      [exceptId],
    );
    return rows[0].n as number;
  }

  /** CLIENT users need an existing account, and a branch of that account if one is given (R-ACC-2). */
  private async checkMembership(ctx: Ctx, role: Role, accountId?: string | null, branchId?: string | null) {
    if (role !== Role.CLIENT) {
      if (accountId || branchId) throw invalidInput('accountId', 'applies to CLIENT users only');
      return { accountId: null, branchId: null };
    }
    if (!accountId) throw invalidInput('accountId', 'is required for a CLIENT user');
    const account = isUuid(accountId)
      ? await ctx.em.getRepository(ClientAccountEntity).findOneBy({ id: accountId })
      : null;
    if (!account) throw notFound('Client account', accountId);
    if (branchId) {
      const branch = isUuid(branchId)
        ? await ctx.em.getRepository(BranchEntity).findOneBy({ id: branchId, accountId })
        : null;
      if (!branch) throw notFound('Branch', branchId);
    }
    return { accountId, branchId: branchId ?? null };
  }

  private audit(ctx: Ctx, action: string, userId: string, data: Record<string, unknown>) {
    return writeAudit(ctx, action, 'user', userId, data);
  }
}
