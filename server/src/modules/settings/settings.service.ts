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

/** System settings (§9): read at the moment they are used, validated on write. */
export class SettingsService {
  /** All settings as typed values, read now (thresholds are never cached across evaluations). */
  async values(ctx: Ctx): Promise<SettingValues> {
    const rows = await ctx.em.getRepository(SettingEntity).find();
    return toSettingValues(new Map(rows.map((r) => [r.key, r.value])));
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
      await writeAudit(tx, 'setting.updated', 'setting', key, { from: before?.value ?? null, to: checked.value });
      if (before?.value !== checked.value) emit(tx, new SettingChanged(key, before?.value ?? null, checked.value));
      const row = await repo.findOneByOrFail({ key });
      return { kind: 'updated', setting: this.view(key, row) };
    });
  }
}

function allowedText(def: SettingDefinition): string {
  if (def.type === 'timeZone') return 'IANA time zone';
  return `${def.min}..${def.max}`;
}
