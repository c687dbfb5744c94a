import { Field, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import { DateTimeISO } from '../../common/graphql/scalars.js';
import { VisibleWithParent } from '../../common/auth/access.js';

export enum SettingType {
  INTEGER = 'integer',
  MONEY = 'money',
  TIME_ZONE = 'timeZone',
}
registerEnumType(SettingType, {
  name: 'SettingType',
  description: 'How a setting value is written.',
  valuesConfig: {
    INTEGER: { description: 'A whole number within min..max.' },
    MONEY: { description: 'An amount in RUB with at most two decimals within min..max.' },
    TIME_ZONE: { description: 'An IANA time zone name such as Europe/Moscow.' },
  },
});

@ObjectType({ description: 'A system setting (PRODUCT.md §9): its value, default, range and meaning.' })
@VisibleWithParent()
export class Setting {
  @Field({ description: 'The setting key, e.g. BILLING_DAY.' })
  key: string;

  @Field({ description: 'The value in force, as text (numbers in plain decimal notation).' })
  value: string;

  @Field({ description: 'The value used when none has been set.' })
  defaultValue: string;

  @Field({ description: 'True when no value has been set and the default applies.' })
  isDefault: boolean;

  @Field(() => SettingType, { description: 'How the value is written.' })
  type: SettingType;

  @Field(() => String, { nullable: true, description: 'Smallest allowed value (numbers only).' })
  min: string | null;

  @Field(() => String, { nullable: true, description: 'Largest allowed value (numbers only).' })
  max: string | null;

  @Field({ description: 'What the setting does, in English.' })
  description: string;

  @Field({ description: 'What the setting does, in Russian.' })
  descriptionRu: string;

  @Field(() => DateTimeISO, { nullable: true, description: 'When the value was last changed; null for the default.' })
  updatedAt: Date | null;
}

@ObjectType({ description: 'A setting value was refused; nothing was changed.' })
@VisibleWithParent()
export class SettingValueRejected {
  @Field({ description: 'The key that was being set.' })
  key: string;

  @Field({ description: 'Why the value was refused, naming the allowed range.' })
  message: string;

  @Field({ description: 'The allowed values, short: "1..28" or "IANA time zone".' })
  allowed: string;
}

export const UpdateSettingResult = createUnionType({
  name: 'UpdateSettingResult',
  description: 'The setting as stored, or why the value was refused.',
  types: () => [Setting, SettingValueRejected] as const,
});
