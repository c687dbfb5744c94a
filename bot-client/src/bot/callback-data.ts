/**
 * Typed callback-data codecs. Telegram allows at most 64 bytes of callback data, so ids (UUIDs) are packed
 * into 22 base64url characters and every codec refuses to produce more than 64 bytes.
 */
export const CALLBACK_DATA_LIMIT = 64;

type FieldKind = 'uuid' | 'int' | 'word';
type FieldValue<K extends FieldKind> = K extends 'int' ? number : string;
type Shape = Record<string, FieldKind>;
export type CallbackValue<S extends Shape> = { [K in keyof S]: FieldValue<S[K]> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORD = /^[A-Za-z0-9_]{1,24}$/;

export class CallbackData<S extends Shape> {
  constructor(
    /** Short, unique, no ':' — tells the handlers apart. */
    readonly prefix: string,
    readonly shape: S,
  ) {}

  /** The callback data for `value`; throws on a value that does not fit (a bug, never user input). */
  encode(value: CallbackValue<S>): string {
    const parts = [this.prefix];
    for (const [name, kind] of Object.entries(this.shape)) parts.push(encodeField(kind, value[name]!, name));
    const data = parts.join(':');
    if (Buffer.byteLength(data) > CALLBACK_DATA_LIMIT) throw new Error(`callback data over 64 bytes: ${data}`);
    return data;
  }

  /** The value in `data`, or undefined when `data` is not this codec's (or is malformed). */
  decode(data: string): CallbackValue<S> | undefined {
    const parts = data.split(':');
    const names = Object.keys(this.shape);
    if (parts[0] !== this.prefix || parts.length !== names.length + 1) return undefined;
    const value: Record<string, string | number> = {};
    for (const [i, name] of names.entries()) {
      const decoded = decodeField(this.shape[name]!, parts[i + 1]!);
      if (decoded === undefined) return undefined;
      value[name] = decoded;
    }
    return value as CallbackValue<S>;
  }

  /** Matches this codec's data (for bot.callbackQuery). */
  get pattern(): RegExp {
    return new RegExp(`^${this.prefix}(:|$)`);
  }

  /** The longest value each field can hold (the 64-byte test encodes it). */
  widest(): CallbackValue<S> {
    const value: Record<string, string | number> = {};
    for (const [name, kind] of Object.entries(this.shape)) {
      value[name] =
        kind === 'uuid' ? 'ffffffff-ffff-ffff-ffff-ffffffffffff' : kind === 'int' ? 2_147_483_647 : 'W'.repeat(24);
    }
    return value as CallbackValue<S>;
  }
}

function encodeField(kind: FieldKind, value: string | number, name: string): string {
  switch (kind) {
    case 'uuid':
      if (typeof value !== 'string' || !UUID.test(value)) throw new Error(`${name}: not a UUID: ${value}`);
      return Buffer.from(value.replace(/-/g, ''), 'hex').toString('base64url');
    case 'int':
      if (!Number.isSafeInteger(value)) throw new Error(`${name}: not an integer: ${value}`);
      return String(value);
    case 'word':
      if (typeof value !== 'string' || !WORD.test(value)) throw new Error(`${name}: not a short word: ${value}`);
      return value;
  }
}

function decodeField(kind: FieldKind, raw: string): string | number | undefined {
  switch (kind) {
    case 'uuid': {
      if (!/^[A-Za-z0-9_-]{22}$/.test(raw)) return undefined;
      const hex = Buffer.from(raw, 'base64url').toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
    case 'int':
      return /^-?\d{1,15}$/.test(raw) ? Number(raw) : undefined;
    case 'word':
      return WORD.test(raw) ? raw : undefined;
  }
}

const cb = <S extends Shape>(prefix: string, shape: S) => new CallbackData(prefix, shape);

/** Every button the bot can show, by what it does. Menu buttons only act on the current menu message. */
export const callbacks = {
  // Navigation and settings
  menu: cb('m', { screen: 'word' }),
  language: cb('lang', { locale: 'word' }),
  cancelFlow: cb('x', {}),
  page: cb('pg', { list: 'word', page: 'int' }),
  // Client: new order wizard
  category: cb('cat', { categoryId: 'uuid' }),
  branch: cb('br', { branchId: 'uuid' }),
  itemsDone: cb('itd', {}),
  skipStep: cb('skip', {}),
  confirmOrder: cb('ok', {}),
  addCredentials: cb('cred', {}),
  // Orders (any role)
  orderCard: cb('o', { orderId: 'uuid' }),
  cancelOrder: cb('co', { orderId: 'uuid' }),
  rate: cb('rt', { orderId: 'uuid', stars: 'int' }),
  write: cb('wr', { orderId: 'uuid' }),
  pin: cb('pin', { contractorId: 'uuid', on: 'int' }),
  pinOffered: cb('pno', { orderId: 'uuid', contractorId: 'uuid' }),
  // Contractor
  take: cb('tk', { orderId: 'uuid' }),
  estimate: cb('est', { orderId: 'uuid', hours: 'int' }),
  credentials: cb('crd', { orderId: 'uuid' }),
  release: cb('rel', { orderId: 'uuid' }),
  close: cb('cls', { orderId: 'uuid' }),
  // Manager / owner
  assignList: cb('al', { orderId: 'uuid' }),
  assign: cb('as', { orderId: 'uuid', contractorId: 'uuid' }),
  assignEstimate: cb('ae', { orderId: 'uuid', contractorId: 'uuid', hours: 'int' }),
  unassign: cb('ua', { orderId: 'uuid' }),
  staffCancel: cb('sc', { orderId: 'uuid' }),
  addUserRole: cb('ar', { role: 'word' }),
  addUserAccount: cb('aua', { accountId: 'uuid' }),
  userCard: cb('u', { userId: 'uuid' }),
  setUserActive: cb('ua1', { userId: 'uuid', active: 'int' }),
  accountCard: cb('acc', { accountId: 'uuid' }),
  setTariff: cb('st', { accountId: 'uuid', tariffId: 'uuid' }),
  invoicePaid: cb('ip', { invoiceId: 'uuid' }),
  invoicePaidToday: cb('ipt', {}),
  invoiceNoNote: cb('ipn', {}),
  tariffActive: cb('tfa', { tariffId: 'uuid', active: 'int' }),
  tariffPrice: cb('tfp', { tariffId: 'uuid' }),
  newTariff: cb('tfn', {}),
  tariffCard: cb('tfc', { tariffId: 'uuid' }),
  tariffEdit: cb('tfe', { tariffId: 'uuid', field: 'word' }),
  tariffFlag: cb('tff', { tariffId: 'uuid', flag: 'word', on: 'int' }),
  tariffUnlimited: cb('tfu', { tariffId: 'uuid' }),
  report: cb('rep', { report: 'word' }),
  reportPeriod: cb('rpp', { report: 'word', periodStart: 'int' }),
} as const;
