import { Arg, Ctx as GqlCtx, Mutation, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../../common/context.js';
import { AnyCaller, Staff, OwnerOnly } from '../../common/auth/access.js';
import { ApiScope } from '../../common/auth/scopes.js';
import type { SettingsService, SettingView } from './settings.service.js';
import { Setting, SettingType, SettingValueRejected, UpdateSettingResult } from './settings.types.js';

function toSetting(v: SettingView): Setting {
  return Object.assign(new Setting(), {
    key: v.definition.key,
    value: v.value,
    defaultValue: v.definition.default,
    isDefault: v.isDefault,
    type: v.definition.type as SettingType,
    min: v.definition.min === undefined ? null : String(v.definition.min),
    max: v.definition.max === undefined ? null : String(v.definition.max),
    description: v.definition.description,
    descriptionRu: v.definition.descriptionRu,
    updatedAt: v.updatedAt,
  });
}

@Resolver()
export class SettingsResolver {
  constructor(private readonly settingsService: SettingsService) {}

  @Query(() => [Setting], { description: 'Every system setting with its value, default and range.' })
  @Staff(ApiScope.SETTINGS_READ)
  async settings(@GqlCtx() ctx: Ctx): Promise<Setting[]> {
    return (await this.settingsService.list(ctx)).map(toSetting);
  }

  // Not a `Viewer` field: Viewer is a union. Every signed-in front-end needs it to name a period's days.
  @Query(() => String, {
    description:
      'The TIMEZONE setting: the zone in which billing periods’ days begin at 00:00 (R-BIL-1). Any signed-in caller may read it, to show a period `[periodStart, periodEnd)` as its first and last day.',
  })
  @AnyCaller()
  async billingTimeZone(@GqlCtx() ctx: Ctx): Promise<string> {
    return (await this.settingsService.values(ctx)).TIMEZONE;
  }

  @Mutation(() => UpdateSettingResult, {
    description: 'Sets one setting; an invalid value is refused and changes nothing.',
  })
  @OwnerOnly(ApiScope.SETTINGS_WRITE)
  async updateSetting(
    @GqlCtx() ctx: Ctx,
    @Arg('key', { description: 'The setting key, e.g. BILLING_DAY.' }) key: string,
    @Arg('value', { description: 'The new value as text.' }) value: string,
  ): Promise<typeof UpdateSettingResult> {
    const outcome = await this.settingsService.update(ctx, key, value);
    if (outcome.kind === 'updated') return toSetting(outcome.setting);
    return Object.assign(new SettingValueRejected(), {
      key: outcome.key,
      message: outcome.reason,
      allowed: outcome.allowed,
    });
  }
}
