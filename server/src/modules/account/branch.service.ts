import type { Ctx } from '../../common/context.js';
import { inTransaction } from '../../common/context.js';
import { isUuid } from '../../common/ids.js';
import { invalidInput, notFound } from '../../common/errors.js';
import { byKeyLoader, moduleLoader } from '../../common/loaders.js';
import { writeAudit } from '../integration/audit.js';
import { BranchEntity, type BranchKind } from './account.entity.js';
import type { CreateBranchInput, UpdateBranchInput } from './account.inputs.js';
import { lockAccount } from './account.service.js';
import { placementProblem } from './branch-tree.js';

export type BranchOutcome =
  | { kind: 'saved'; branch: BranchEntity }
  | { kind: 'codeTaken'; code: string; existing: BranchEntity }
  | { kind: 'invalidParent'; reason: string };

/** The branch tree of client accounts: zone → branch → department (R-ACC-2). */
export class BranchService {
  /** Direct children of a node, by name (batched per request). */
  children(ctx: Ctx, branchId: string): Promise<BranchEntity[]> {
    return moduleLoader(ctx.loaders, 'branchChildren', () =>
      byKeyLoader(ctx.em, BranchEntity, 'parentId', { name: 'ASC', id: 'ASC' }),
    ).load(branchId);
  }

  /** Adds a node to an account's tree (owner). A refused placement changes nothing. */
  async create(ctx: Ctx, accountId: string, input: CreateBranchInput): Promise<BranchOutcome> {
    const name = checkName(input.name);
    const code = checkCode(input.code);
    const address = checkAddress(input.address);
    return inTransaction(ctx, async (tx) => {
      // Locking the account serialises tree changes of one account (no concurrent cycles).
      const account = await lockAccount(tx, accountId);
      const nodes = await this.nodesOf(tx, account.id);
      const parent = input.parentId ? await this.parentFor(tx, input.parentId, account.id) : null;
      const problem = placementProblem(nodes, { id: null, accountId: account.id, kind: input.kind }, parent);
      if (problem) return { kind: 'invalidParent', reason: problem };
      if (code) {
        const existing = nodes.find((n) => n.code?.toLowerCase() === code.toLowerCase());
        if (existing) return { kind: 'codeTaken', code, existing };
      }
      const repo = tx.em.getRepository(BranchEntity);
      const branch = repo.create({
        accountId: account.id,
        parentId: parent?.id ?? null,
        kind: input.kind,
        name,
        code,
        address,
        active: true,
        createdAt: tx.clock.now(),
      });
      await repo.insert(branch);
      await writeAudit(tx, 'branch.created', 'branch', branch.id, {
        accountId: account.id,
        parentId: branch.parentId,
        kind: branch.kind,
        name,
        code,
      });
      return { kind: 'saved', branch: await repo.findOneByOrFail({ id: branch.id }) };
    });
  }

  /** Renames, re-codes, moves or re-levels a node (owner); moving under its own descendant is refused. */
  async update(ctx: Ctx, id: string, input: UpdateBranchInput): Promise<BranchOutcome> {
    if (input.moveToTop && input.parentId) throw invalidInput('parentId', 'cannot be given together with moveToTop');
    const changes: Partial<BranchEntity> = {};
    if (input.name != null) changes.name = checkName(input.name);
    if (input.code != null) changes.code = checkCode(input.code);
    if (input.address != null) changes.address = checkAddress(input.address);
    return inTransaction(ctx, async (tx) => {
      const current = await this.find(tx, id);
      await lockAccount(tx, current.accountId);
      const nodes = await this.nodesOf(tx, current.accountId);
      const kind: BranchKind = input.kind ?? current.kind;
      let parentId = current.parentId;
      if (input.moveToTop) parentId = null;
      if (input.parentId) parentId = (await this.parentFor(tx, input.parentId, current.accountId)).id;
      const parent = parentId ? (nodes.find((n) => n.id === parentId) ?? null) : null;
      const problem = placementProblem(nodes, { id: current.id, accountId: current.accountId, kind }, parent);
      if (problem) return { kind: 'invalidParent', reason: problem };
      if (changes.code) {
        const code = changes.code;
        const existing = nodes.find((n) => n.id !== current.id && n.code?.toLowerCase() === code.toLowerCase());
        if (existing) return { kind: 'codeTaken', code, existing };
      }
      Object.assign(changes, { kind, parentId });
      const repo = tx.em.getRepository(BranchEntity);
      await repo.update({ id: current.id }, changes);
      await writeAudit(tx, 'branch.updated', 'branch', current.id, { ...changes });
      return { kind: 'saved', branch: await repo.findOneByOrFail({ id: current.id }) };
    });
  }

  /** Switches a node on or off; inactive nodes stay in history and in the tree. */
  async setActive(ctx: Ctx, id: string, active: boolean): Promise<BranchEntity> {
    return inTransaction(ctx, async (tx) => {
      const branch = await this.find(tx, id);
      if (branch.active === active) return branch;
      const repo = tx.em.getRepository(BranchEntity);
      await repo.update({ id: branch.id }, { active });
      await writeAudit(tx, active ? 'branch.activated' : 'branch.deactivated', 'branch', branch.id, {});
      return repo.findOneByOrFail({ id: branch.id });
    });
  }

  private async find(ctx: Ctx, id: string): Promise<BranchEntity> {
    const branch = isUuid(id) ? await ctx.em.getRepository(BranchEntity).findOneBy({ id }) : null;
    if (!branch) throw notFound('Branch', id);
    return branch;
  }

  /** A parent must exist in the same account; another account's node is simply not found. */
  private async parentFor(ctx: Ctx, parentId: string, accountId: string): Promise<BranchEntity> {
    const parent = isUuid(parentId)
      ? await ctx.em.getRepository(BranchEntity).findOneBy({ id: parentId, accountId })
      : null;
    if (!parent) throw notFound('Branch', parentId);
    return parent;
  }

  private nodesOf(ctx: Ctx, accountId: string): Promise<BranchEntity[]> {
    return ctx.em.getRepository(BranchEntity).findBy({ accountId });
  }
}

function checkName(input: string): string {
  const name = input.trim();
  if (name.length < 1 || name.length > 200)
    throw invalidInput('name', 'must be 1–200 characters', { min: 1, max: 200 });
  return name;
}

/** A code, or null for absent/empty. */
function checkCode(input: string | undefined | null): string | null {
  const code = input?.trim();
  if (!code) return null;
  if (code.length > 32) throw invalidInput('code', 'must be 1–32 characters', { min: 1, max: 32 });
  return code;
}

/** An address, or null for absent/empty. */
function checkAddress(input: string | undefined | null): string | null {
  const address = input?.trim();
  if (!address) return null;
  if (address.length > 500) throw invalidInput('address', 'must be at most 500 characters', { max: 500 });
  return address;
}
