import { isValidTimeZone } from '../../common/time-zone.js';

/** Every setting of §9: its type, default, range and help text. */
export interface SettingDefinition {
  key: SettingKey;
  type: 'integer' | 'money' | 'timeZone';
  default: string;
  min?: number;
  max?: number;
  description: string;
  descriptionRu: string;
}

export const SETTING_KEYS = [
  'ASSIGNED_CONTRACTORS_TIME_LIMIT',
  'INFORM_MANAGER_CREATED_PROJECT_LIMIT',
  'INFORM_MANAGER_IN_WORK_PROJECT_LIMIT',
  'BILLING_DAY',
  'ORDER_RATE',
  'TIMEZONE',
  'MAX_ESTIMATE_HOURS',
  'MAX_ACTIVE_ORDERS_PER_CONTRACTOR',
  'MAX_OPEN_ORDERS_PER_CLIENT',
  'PAYMENT_GRACE_DAYS',
  'ARCHIVE_AFTER_DAYS',
] as const;

export type SettingKey = (typeof SETTING_KEYS)[number];

/** Largest value accepted where the product sets no upper bound: keeps arithmetic and storage sane. */
const OPEN_MAX = 1_000_000;

export const SETTING_DEFINITIONS: Record<SettingKey, SettingDefinition> = {
  ASSIGNED_CONTRACTORS_TIME_LIMIT: {
    key: 'ASSIGNED_CONTRACTORS_TIME_LIMIT',
    type: 'integer',
    default: '20',
    min: 1,
    max: 100,
    description: '% of the tariff reaction time during which only pinned contractors see and may take a new order.',
    descriptionRu:
      '% времени реакции тарифа, в течение которого новую заявку видят и могут взять только закреплённые исполнители.',
  },
  INFORM_MANAGER_CREATED_PROJECT_LIMIT: {
    key: 'INFORM_MANAGER_CREATED_PROJECT_LIMIT',
    type: 'integer',
    default: '95',
    min: 1,
    max: 100,
    description: '% of the reaction time after which managers are warned that an order has not been taken.',
    descriptionRu: '% времени реакции, после которого менеджеров предупреждают, что заявку не взяли.',
  },
  INFORM_MANAGER_IN_WORK_PROJECT_LIMIT: {
    key: 'INFORM_MANAGER_IN_WORK_PROJECT_LIMIT',
    type: 'integer',
    default: '95',
    min: 1,
    max: 100,
    description: '% of the contractor’s estimate after which managers are warned that an order runs long.',
    descriptionRu: '% оценки исполнителя, после которого менеджеров предупреждают, что заявка затянулась.',
  },
  BILLING_DAY: {
    key: 'BILLING_DAY',
    type: 'integer',
    default: '1',
    min: 1,
    max: 28,
    description: 'Day of the month on which a billing period starts (00:00 in TIMEZONE).',
    descriptionRu: 'День месяца, с которого начинается расчётный период (00:00 по TIMEZONE).',
  },
  ORDER_RATE: {
    key: 'ORDER_RATE',
    type: 'money',
    default: '500',
    min: 0,
    max: OPEN_MAX,
    description: 'RUB paid to a contractor per order closed; stored on each order when it is closed.',
    descriptionRu: 'Оплата исполнителю за закрытую заявку, руб.; сохраняется в заявке при закрытии.',
  },
  TIMEZONE: {
    key: 'TIMEZONE',
    type: 'timeZone',
    default: 'Europe/Moscow',
    description: 'IANA time zone for billing periods, order numbers and display.',
    descriptionRu: 'Часовой пояс IANA для расчётных периодов, номеров заявок и отображения.',
  },
  MAX_ESTIMATE_HOURS: {
    key: 'MAX_ESTIMATE_HOURS',
    type: 'integer',
    default: '24',
    min: 1,
    max: 720,
    description: 'Largest estimate in whole hours a contractor may give when taking an order.',
    descriptionRu: 'Наибольшая оценка в часах, которую исполнитель может дать, беря заявку.',
  },
  MAX_ACTIVE_ORDERS_PER_CONTRACTOR: {
    key: 'MAX_ACTIVE_ORDERS_PER_CONTRACTOR',
    type: 'integer',
    default: '3',
    min: 1,
    max: OPEN_MAX,
    description: 'How many orders a contractor may hold in work at once.',
    descriptionRu: 'Сколько заявок исполнитель может одновременно держать в работе.',
  },
  MAX_OPEN_ORDERS_PER_CLIENT: {
    key: 'MAX_OPEN_ORDERS_PER_CLIENT',
    type: 'integer',
    default: '3',
    min: 1,
    max: OPEN_MAX,
    description: 'How many open (new or in work) orders a client account may have at once.',
    descriptionRu: 'Сколько открытых (новых или в работе) заявок может быть у клиента одновременно.',
  },
  PAYMENT_GRACE_DAYS: {
    key: 'PAYMENT_GRACE_DAYS',
    type: 'integer',
    default: '7',
    min: 0,
    max: 3650,
    description: 'Days an invoice may stay unpaid before the account may not create new orders.',
    descriptionRu: 'Сколько дней счёт может оставаться неоплаченным, прежде чем клиенту запретят новые заявки.',
  },
  ARCHIVE_AFTER_DAYS: {
    key: 'ARCHIVE_AFTER_DAYS',
    type: 'integer',
    default: '365',
    min: 1,
    max: 36500,
    description: 'Days after which done and cancelled orders are archived (hidden from working lists, never deleted).',
    descriptionRu: 'Через сколько дней выполненные и отменённые заявки уходят в архив (не удаляются).',
  },
};

export function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as readonly string[]).includes(key);
}

/** The allowed values of a setting, in words (shown when a value is refused). */
export function allowedRange(def: SettingDefinition): string {
  if (def.type === 'timeZone') return 'an IANA time zone name such as Europe/Moscow';
  if (def.type === 'money') return `an amount from ${def.min} to ${def.max} with at most 2 decimals`;
  return `a whole number from ${def.min} to ${def.max}`;
}

/** Normalises a proposed value, or returns why it is refused. Pure. */
export function validateSettingValue(
  def: SettingDefinition,
  raw: string,
): { ok: true; value: string } | { ok: false; reason: string } {
  const value = raw.trim();
  const refuse = () => ({ ok: false as const, reason: `${def.key} must be ${allowedRange(def)}` });
  if (def.type === 'timeZone') return isValidTimeZone(value) && value.length <= 64 ? { ok: true, value } : refuse();
  const pattern = def.type === 'money' ? /^\d{1,9}(\.\d{1,2})?$/ : /^\d{1,9}$/;
  if (!pattern.test(value)) return refuse();
  const n = Number(value);
  if (n < def.min! || n > def.max!) return refuse();
  return { ok: true, value: def.type === 'money' ? n.toFixed(2).replace(/\.00$/, '') : String(n) };
}

/** Typed view of all settings as numbers and strings. */
export interface SettingValues {
  ASSIGNED_CONTRACTORS_TIME_LIMIT: number;
  INFORM_MANAGER_CREATED_PROJECT_LIMIT: number;
  INFORM_MANAGER_IN_WORK_PROJECT_LIMIT: number;
  BILLING_DAY: number;
  ORDER_RATE: string;
  TIMEZONE: string;
  MAX_ESTIMATE_HOURS: number;
  MAX_ACTIVE_ORDERS_PER_CONTRACTOR: number;
  MAX_OPEN_ORDERS_PER_CLIENT: number;
  PAYMENT_GRACE_DAYS: number;
  ARCHIVE_AFTER_DAYS: number;
}

/** Builds typed values from stored rows, falling back to defaults for absent or unreadable rows. */
export function toSettingValues(stored: ReadonlyMap<string, string>): SettingValues {
  const raw = (key: SettingKey) => {
    const def = SETTING_DEFINITIONS[key];
    const v = stored.get(key);
    const checked = v === undefined ? undefined : validateSettingValue(def, v);
    return checked?.ok ? checked.value : def.default;
  };
  const num = (key: SettingKey) => Number(raw(key));
  return {
    ASSIGNED_CONTRACTORS_TIME_LIMIT: num('ASSIGNED_CONTRACTORS_TIME_LIMIT'),
    INFORM_MANAGER_CREATED_PROJECT_LIMIT: num('INFORM_MANAGER_CREATED_PROJECT_LIMIT'),
    INFORM_MANAGER_IN_WORK_PROJECT_LIMIT: num('INFORM_MANAGER_IN_WORK_PROJECT_LIMIT'),
    BILLING_DAY: num('BILLING_DAY'),
    ORDER_RATE: raw('ORDER_RATE'),
    TIMEZONE: raw('TIMEZONE'),
    MAX_ESTIMATE_HOURS: num('MAX_ESTIMATE_HOURS'),
    MAX_ACTIVE_ORDERS_PER_CONTRACTOR: num('MAX_ACTIVE_ORDERS_PER_CONTRACTOR'),
    MAX_OPEN_ORDERS_PER_CLIENT: num('MAX_OPEN_ORDERS_PER_CLIENT'),
    PAYMENT_GRACE_DAYS: num('PAYMENT_GRACE_DAYS'),
    ARCHIVE_AFTER_DAYS: num('ARCHIVE_AFTER_DAYS'),
  };
}
