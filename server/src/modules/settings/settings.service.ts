import type { EntityManager } from 'typeorm';
import type { Ctx } from '../../common/context.js';
import { emit, inTransaction } from '../../common/context.js';
import { actorIds } from '../../common/auth/principal.js';
import { writeAudit } from '../integration/audit.js';
import { SettingEntity } from './setting.entity.js';
import { SettingChanged } from './settings.events.js';
import {
  SETTING_DEFINITIONS,
  SETTING_KEYS,
  isSettingKey,
  toSettingValues,
  validateSettingValue,
  type SettingDefinition,
  type SettingKey,
  type SettingValues,
} from './settings.definitions.js';

export interface SettingView {
  definition: SettingDefinition;
  value: string;
  isDefault: boolean;
  updatedAt: Date | null;
}

export type UpdateSettingOutcome =
  { kind: 'updated'; setting: SettingView } | { kind: 'rejected'; key: string; reason: string; allowed: string };

/**
 * Settings read inside a transaction, kept for the rest of it: every part of one change (the rule, the
 * notification outbox, the SLA schedule) sees the same values for one read. Never kept across transactions.
 */
const readInTransaction = new WeakMap<EntityManager, Promise<SettingValues>>();

/** System settings (§9): read at the moment they are used, validated on write. */
export class SettingsService {
  /** All settings as typed values, read now (thresholds are never cached across evaluations). */
  values(ctx: Ctx): Promise<SettingValues> {
    if (!ctx.em.queryRunner?.isTransactionActive) return readSettings(ctx.em);
    let read = readInTransaction.get(ctx.em);
    if (!read) {
      read = readSettings(ctx.em);
      readInTransaction.set(ctx.em, read);
      // A failed read is not kept: a retry in the same transaction reads again.
      read.catch(() => readInTransaction.delete(ctx.em));
    }
    return read;
  }

  /** Every setting with its definition, current value and whether it is the default. */
  async list(ctx: Ctx): Promise<SettingView[]> {
    const rows = new Map((await ctx.em.getRepository(SettingEntity).find()).map((r) => [r.key, r]));
    return SETTING_KEYS.map((key) => this.view(key, rows.get(key)));
  }

  private view(key: SettingKey, row: SettingEntity | undefined): SettingView {
    const definition = SETTING_DEFINITIONS[key];
    const checked = row ? validateSettingValue(definition, row.value) : undefined;
    const value = checked?.ok ? checked.value : definition.default;
    return { definition, value, isDefault: !row, updatedAt: row?.updatedAt ?? null };
  }

  /** Validates and stores one setting; an invalid value changes nothing and says what is allowed. */
  async update(ctx: Ctx, key: string, rawValue: string): Promise<UpdateSettingOutcome> {
    if (!isSettingKey(key)) {
      return { kind: 'rejected', key, reason: `Unknown setting ${key}`, allowed: SETTING_KEYS.join(', ') };
    }
    const definition = SETTING_DEFINITIONS[key];
    const checked = validateSettingValue(definition, rawValue);
    if (!checked.ok) return { kind: 'rejected', key, reason: checked.reason, allowed: allowedText(definition) };
    return inTransaction(ctx, async (tx) => {
      const now = tx.clock.now();
      const { actorId } = actorIds(tx.principal);
      const repo = tx.em.getRepository(SettingEntity);
      const before = await repo.findOneBy({ key });
      await repo.upsert({ key, value: checked.value, updatedAt: now, updatedById: actorId } as SettingEntity, ['key']);
      readInTransaction.delete(tx.em);
      await writeAudit(tx, 'setting.updated', 'setting', key, { from: before?.value ?? null, to: checked.value });
      if (before?.value !== checked.value) emit(tx, new SettingChanged(key, before?.value ?? null, checked.value));
      const row = await repo.findOneByOrFail({ key });
      return { kind: 'updated', setting: this.view(key, row) };
    });
  }
}

async function readSettings(em: EntityManager): Promise<SettingValues> {
  const rows = (await em.query(`SELECT key, value FROM setting`)) as Array<{ key: string; value: string }>;
  return toSettingValues(new Map(rows.map((r) => [r.key, r.value])));
}

function allowedText(def: SettingDefinition): string {
  if (def.type === 'timeZone') return 'IANA time zone';
  return `${def.min}..${def.max}`;
}
