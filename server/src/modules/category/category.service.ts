import type { Ctx } from '../../common/context.js';
import { inTransaction } from '../../common/context.js';
import { principalUser } from '../../common/auth/principal.js';
import { isUuid } from '../../common/ids.js';
import { invalidInput, notFound } from '../../common/errors.js';
import { writeAudit } from '../integration/audit.js';
import { Language } from '../user/user.entity.js';
import { CategoryEntity } from './category.entity.js';
import { CATEGORY_CODE, type CreateCategoryInput, type UpdateCategoryInput } from './category.inputs.js';

export type CategoryOutcome =
  { kind: 'saved'; category: CategoryEntity } | { kind: 'codeTaken'; code: string; existing: CategoryEntity };

/** Order categories (R-ORD-1). */
export class CategoryService {
  /** Categories in menu order; retired ones only when asked. */
  async list(ctx: Ctx, includeInactive: boolean): Promise<CategoryEntity[]> {
    return ctx.em
      .getRepository(CategoryEntity)
      .find({ where: includeInactive ? {} : { active: true }, order: { position: 'ASC', code: 'ASC' } });
  }

  /** The category name in the caller's language (Russian unless the user chose English). */
  nameFor(ctx: Ctx, c: Pick<CategoryEntity, 'nameRu' | 'nameEn'>): string {
    return principalUser(ctx.principal)?.language === Language.EN ? c.nameEn : c.nameRu;
  }

  /** Adds a category (owner). */
  async create(ctx: Ctx, input: CreateCategoryInput): Promise<CategoryOutcome> {
    const code = checkCode(input.code);
    const nameRu = checkName('nameRu', input.nameRu);
    const nameEn = checkName('nameEn', input.nameEn);
    return inTransaction(ctx, async (tx) => {
      const repo = tx.em.getRepository(CategoryEntity);
      const existing = await repo.findOneBy({ code });
      if (existing) return { kind: 'codeTaken', code, existing };
      const rows = await tx.em.query(`SELECT coalesce(max(position), 0)::int AS p FROM category`);
      const category = repo.create({
        code,
        nameRu,
        nameEn,
        kind: input.kind,
        active: true,
        position: input.position ?? (rows[0].p as number) + 1,
        createdAt: tx.clock.now(),
      });
      await repo.insert(category);
      await writeAudit(tx, 'category.created', 'category', category.id, { code, kind: input.kind });
      return { kind: 'saved', category: await repo.findOneByOrFail({ id: category.id }) };
    });
  }

  /** Changes a category's code, names, position or active flag (owner). */
  async update(ctx: Ctx, id: string, input: UpdateCategoryInput): Promise<CategoryOutcome> {
    const changes: Partial<CategoryEntity> = {};
    if (input.code != null) changes.code = checkCode(input.code);
    if (input.nameRu != null) changes.nameRu = checkName('nameRu', input.nameRu);
    if (input.nameEn != null) changes.nameEn = checkName('nameEn', input.nameEn);
    if (input.active != null) changes.active = input.active;
    if (input.position != null) changes.position = input.position;
    return inTransaction(ctx, async (tx) => {
      const repo = tx.em.getRepository(CategoryEntity);
      const category = isUuid(id) ? await repo.findOneBy({ id }) : null;
      if (!category) throw notFound('Category', id);
      if (changes.code && changes.code !== category.code) {
        const existing = await repo.findOneBy({ code: changes.code });
        if (existing) return { kind: 'codeTaken', code: changes.code, existing };
      }
      if (Object.keys(changes).length) await repo.update({ id }, changes);
      await writeAudit(tx, 'category.updated', 'category', id, { ...changes });
      return { kind: 'saved', category: await repo.findOneByOrFail({ id }) };
    });
  }
}

function checkCode(code: string): string {
  if (!CATEGORY_CODE.test(code))
    throw invalidInput('code', 'must be 2–32 capital latin letters, digits or underscores, starting with a letter', {
      min: 2,
      max: 32,
    });
  return code;
}

function checkName(field: string, name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 100)
    throw invalidInput(field, 'must be 1–100 characters', { min: 1, max: 100 });
  return trimmed;
}
