/** A half-filled order, kept in the session until it is created (never the credentials). */
export interface OrderDraft {
  categoryId?: string;
  categoryKind?: 'GENERAL' | 'CARTRIDGE' | 'EQUIPMENT';
  categoryName?: string;
  branchId?: string;
  branchName?: string;
  items: { model: string; quantity: number }[];
  equipment?: string;
  problem?: string;
  description?: string;
  /**
   * Drawn when the draft starts and sent with createOrder: pressing "Create" again after an answer that never
   * came, or a double press that reaches two bot instances, returns the order already made instead of a second.
   */
  requestKey?: string;
}

export type NewOrderStep =
  'category' | 'branch' | 'items' | 'equipment' | 'problem' | 'description' | 'confirm' | 'credentials';

/** The conversation in progress in a chat: what the next message or button press means. */
export type Flow =
  | { kind: 'newOrder'; step: NewOrderStep; draft: OrderDraft }
  | { kind: 'relay'; orderId: string; number: string }
  | { kind: 'rateComment'; orderId: string; stars: number }
  | { kind: 'estimate'; orderId: string }
  | { kind: 'releaseReason'; orderId: string }
  | { kind: 'unassignReason'; orderId: string }
  | { kind: 'staffCancelReason'; orderId: string }
  | { kind: 'addUser'; role: 'CLIENT' | 'CONTRACTOR' | 'MANAGER' | 'OWNER'; step: 'who' | 'account'; who?: string }
  | { kind: 'newTariff' }
  | { kind: 'tariffPrice'; tariffId: string }
  | { kind: 'tariffEdit'; tariffId: string; field: TariffTextField }
  // `timeZone`: TIMEZONE, the zone "today" is a day in (the payment date may not be after it).
  | { kind: 'invoicePaid'; invoiceId: string; timeZone: string; step: 'date' | 'note'; paidOn?: string };

/** Tariff fields the owner types a new value for (the flags are buttons). */
export type TariffTextField = 'name' | 'orders' | 'reaction';
