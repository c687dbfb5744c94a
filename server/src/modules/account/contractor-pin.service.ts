import { In } from 'typeorm';
import type { Ctx } from '../../common/context.js';
import { inTransaction } from '../../common/context.js';
import { actorIds } from '../../common/auth/principal.js';
import { isUuid } from '../../common/ids.js';
import { invalidInput, notFound } from '../../common/errors.js';
import { byKeyLoader, moduleLoader } from '../../common/loaders.js';
import { queryRows } from '../../common/sql.js';
import { writeAudit } from '../integration/audit.js';
import { TariffEntity } from '../tariff/tariff.entity.js';
import { Role, UserEntity } from '../user/user.entity.js';
import { PinnedContractorEntity, type ClientAccountEntity } from './account.entity.js';
import { lockAccount } from './account.service.js';

export type PinOutcome =
  | { kind: 'pinned'; account: ClientAccountEntity }
  | { kind: 'pinningNotAllowed'; tariffName: string }
  | { kind: 'notEligible'; reason: string };

/** A contractor who worked on an account's orders (R-ACC-5). */
export interface WorkedContractor {
  contractor: UserEntity;
  pinned: boolean;
  ordersDone: number;
  ordersInProgress: number;
  lastWorkedAt: Date;
}

/** Contractors an account worked with and pinned (R-ACC-4, R-ACC-5). */
export class ContractorPinService {
  /** The account's pinned contractors, in pinning order (batched per request). */
  async pinned(ctx: Ctx, accountId: string): Promise<UserEntity[]> {
    const pins = await moduleLoader(ctx.loaders, 'accountPins', () =>
      byKeyLoader(ctx.em, PinnedContractorEntity, 'accountId', { pinnedAt: 'ASC', contractorId: 'ASC' }),
    ).load(accountId);
    const users = await ctx.loaders.user.loadMany(pins.map((p) => p.contractorId));
    return users.filter((u): u is UserEntity => u instanceof UserEntity);
  }

  /** R-ACC-5: contractors who took or closed the account's orders (IN_PROGRESS or DONE), most recent first. */
  async worked(ctx: Ctx, accountId: string): Promise<WorkedContractor[]> {
    const rows = (await ctx.em.query(
      `SELECT o.contractor_id AS id,
              count(*) FILTER (WHERE o.status = 'DONE')::int AS done,
              count(*) FILTER (WHERE o.status = 'IN_PROGRESS')::int AS in_progress,
              coalesce(max(greatest(o.taken_at, o.done_at)), max(o.created_at)) AS last,
              bool_or(p.contractor_id IS NOT NULL) AS pinned
         FROM service_order o
         LEFT JOIN pinned_contractor p ON p.account_id = o.account_id AND p.contractor_id = o.contractor_id
        WHERE o.account_id = $1 AND o.status IN ('IN_PROGRESS', 'DONE') AND o.contractor_id IS NOT NULL
        GROUP BY o.contractor_id
        ORDER BY last DESC, o.contractor_id`,
      [accountId],
    )) as Array<{ id: string; done: number; in_progress: number; last: Date | string; pinned: boolean }>;
    if (!rows.length) return [];
    const users = await ctx.em.getRepository(UserEntity).findBy({ id: In(rows.map((r) => r.id)) });
    const byId = new Map(users.map((u) => [u.id, u]));
    return rows.flatMap((r) => {
      const contractor = byId.get(r.id);
      if (!contractor) return [];
      return [
        {
          contractor,
          pinned: r.pinned,
          ordersDone: r.done,
          ordersInProgress: r.in_progress,
          lastWorkedAt: new Date(r.last),
        },
      ];
    });
  }

  /**
   * R-ACC-4: pins a contractor for an account (idempotent). A client pins for its own account, and
   * only contractors who worked on its orders; staff pin any active contractor for any account.
   */
  async pin(ctx: Ctx, contractorId: string, accountIdArg: string | undefined): Promise<PinOutcome> {
    const { accountId, asClient } = this.targetAccount(ctx, accountIdArg);
    return inTransaction(ctx, async (tx) => {
      const account = await lockAccount(tx, accountId);
      const contractor = await findUser(tx, contractorId, asClient);
      const tariff = await tx.em.getRepository(TariffEntity).findOneByOrFail({ id: account.tariffId });
      if (!tariff.canPinContractors) return { kind: 'pinningNotAllowed', tariffName: tariff.name };
      if (contractor.role !== Role.CONTRACTOR || !contractor.active) {
        return { kind: 'notEligible', reason: 'is not an active contractor' };
      }
      if (asClient && !(await workedFor(tx, account.id, contractor.id))) {
        return { kind: 'notEligible', reason: 'has not worked on this account’s orders' };
      }
      const inserted = await queryRows(
        tx.em,
        `INSERT INTO pinned_contractor (account_id, contractor_id, pinned_at, pinned_by_id)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING contractor_id`,
        [account.id, contractor.id, tx.clock.now(), actorIds(tx.principal).actorId],
      );
      if (inserted.length) {
        await writeAudit(tx, 'account.contractorPinned', 'client_account', account.id, { contractorId: contractor.id });
      }
      return { kind: 'pinned', account };
    });
  }

  /** Unpins a contractor (idempotent); allowed whatever the tariff says now. */
  async unpin(ctx: Ctx, contractorId: string, accountIdArg: string | undefined): Promise<ClientAccountEntity> {
    const { accountId, asClient } = this.targetAccount(ctx, accountIdArg);
    return inTransaction(ctx, async (tx) => {
      const account = await lockAccount(tx, accountId);
      const contractor = await findUser(tx, contractorId, asClient);
      const deleted = await queryRows(
        tx.em,
        `DELETE FROM pinned_contractor WHERE account_id = $1 AND contractor_id = $2 RETURNING contractor_id`,
        [account.id, contractor.id],
      );
      if (deleted.length) {
        await writeAudit(tx, 'account.contractorUnpinned', 'client_account', account.id, {
          contractorId: contractor.id,
        });
      }
      return account;
    });
  }

  /** A client acts for its own account (another id is not found); staff and keys must name one. */
  private targetAccount(ctx: Ctx, accountIdArg: string | undefined): { accountId: string; asClient: boolean } {
    const p = ctx.principal;
    if (p.kind === 'user' && p.user.role === Role.CLIENT) {
      const own = p.user.accountId;
      if (!own || (accountIdArg && accountIdArg !== own)) throw notFound('Client account', accountIdArg);
      return { accountId: own, asClient: true };
    }
    if (!accountIdArg) throw invalidInput('accountId', 'is required when staff or an integration pins');
    return { accountId: accountIdArg, asClient: false };
  }
}

/**
 * The user to pin or unpin. For a client only contractors exist here: any other id (another account's
 * member, a manager) is not found, exactly like an id that exists nowhere.
 */
async function findUser(ctx: Ctx, id: string, onlyContractors: boolean): Promise<UserEntity> {
  const user = isUuid(id) ? await ctx.em.getRepository(UserEntity).findOneBy({ id }) : null;
  if (!user || (onlyContractors && user.role !== Role.CONTRACTOR)) throw notFound('User', id);
  return user;
}

async function workedFor(ctx: Ctx, accountId: string, contractorId: string): Promise<boolean> {
  const rows = (await ctx.em.query(
    `SELECT 1 FROM service_order
      WHERE account_id = $1 AND contractor_id = $2 AND status IN ('IN_PROGRESS', 'DONE') LIMIT 1`,
    [accountId, contractorId],
  )) as unknown[];
  return rows.length > 0;
}
