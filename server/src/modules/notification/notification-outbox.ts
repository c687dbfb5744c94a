import type { Ctx } from '../../common/context.js';
import type { DomainEvent } from '../../common/events.js';
import { BillingPeriodClosed, InvoiceIssued, InvoiceOverdue } from '../billing/billing.events.js';
import { OrderEventKind, OrderStatus } from '../order/order.entity.js';
import { OrderEventRecorded } from '../order/order.events.js';
import { SqlParams } from '../order/order-visibility.js';
import type { SettingValues } from '../settings/settings.definitions.js';
import type { SettingsService } from '../settings/settings.service.js';
import { SlaStage, SlaStageReached } from '../sla/sla.events.js';
import { NotificationKind as K } from './notification.entity.js';
import {
  insertNotifications,
  insertOrderNotifications,
  RECIPIENT_COLUMNS,
  who,
  type OrderGroup,
} from './notification-sql.js';

/** Free contractors listed in a not-taken warning (R-SLA-2), at most. */
const FREE_CONTRACTORS_LISTED = 20;

/**
 * The notification outbox (PRODUCT.md §6): turns domain events into notification rows in the transaction
 * that raised them, just before it commits (`eventBus.addTransactionalHandler`). The server decides who is
 * told what; front-ends only deliver. Recipients per event:
 *
 * - order created: the author (confirmation with the number and the latest take time, R-SLA-6); the
 *   contractors the order is offered to (R-SLA-1: the pinned ones during the pinned window, else every
 *   active contractor serving the category);
 * - pinned window over: the eligible contractors not offered it yet;
 * - taken / assigned: the account's client members (who, estimate); the assigned contractor; every
 *   contractor who was offered it gets OFFER_GONE (their card is stale);
 * - released / unassigned: client members and managers; the holder when staff took it away; the order is
 *   offered again to the eligible contractors (but the one who had it);
 * - cancelled: client members; the holder and managers when it was in work; OFFER_GONE when it was NEW;
 * - done: client members (the author is asked to rate it; a pin offer when the tariff allows pinning and
 *   the contractor is not pinned yet);
 * - message: the other side (client members ↔ the holding contractor);
 * - not taken in time, running long: managers (not taken: with the free contractors — active, serving the
 *   category, below capacity); breaches: owners and managers;
 * - invoice issued / overdue: the account's client members; period closed: owners. Their payloads carry
 *   `billingTimeZone`: the zone the period bounds are days in (R-BIL-1) — the TIMEZONE the invoice's period was
 *   closed under (an overdue notice after a TIMEZONE change still names the days it was billed for), else
 *   TIMEZONE now.
 *
 * The one who acted is never told about their own action (except the author's confirmation). Only active
 * users. Channels: TELEGRAM for everyone with a Telegram id, ADMIN for owners and managers, EMAIL (when the
 * server sends e-mail) for those with an address who opted in — and invoices also go to the account's
 * contact address.
 */
export class NotificationOutbox {
  constructor(
    private readonly settings: SettingsService,
    /** Whether EMAIL notifications are written: only where e-mail is sent (SMTP configured). */
    private readonly email: boolean,
  ) {}

  /** The transactional event handler. */
  readonly write = async (tx: Ctx, events: readonly DomainEvent[]): Promise<void> => {
    let values: SettingValues | undefined;
    const settings = async () => (values ??= await this.settings.values(tx));
    const issued: string[] = [];
    const overdue: string[] = [];
    for (const event of events) {
      if (event instanceof OrderEventRecorded) await this.orderEvent(tx, event, settings);
      else if (event instanceof SlaStageReached) await this.slaStage(tx, event, await settings());
      else if (event instanceof InvoiceIssued) issued.push(event.invoiceId);
      else if (event instanceof InvoiceOverdue) overdue.push(event.invoiceId);
      else if (event instanceof BillingPeriodClosed) await this.periodClosed(tx, event, await settings());
    }
    // A period close issues one invoice per account: one statement for all of them.
    if (issued.length) await this.invoices(tx, K.INVOICE_ISSUED, issued, await settings());
    if (overdue.length) await this.invoices(tx, K.INVOICE_OVERDUE, overdue, await settings());
  };

  private async orderEvent(tx: Ctx, event: OrderEventRecorded, settings: () => Promise<SettingValues>) {
    const e = event.entry;
    const groups = orderEventGroups(e.kind, e.fromStatus, e.actorId, e.data);
    if (!groups) return;
    const { TIMEZONE } = await settings();
    const estimate = e.data.estimateHours;
    await insertOrderNotifications(
      tx,
      {
        orderId: e.orderId,
        contractorId: e.contractorId,
        actorId: e.actorId,
        timeZone: TIMEZONE,
        event: {
          eventId: event.eventId,
          event: e.kind,
          reason: e.reason,
          ...(typeof estimate === 'number' ? { estimateHours: estimate } : {}),
          ...(e.kind === OrderEventKind.ASSIGNED ? { assignedByStaff: true } : {}),
        },
        groups: (p) => groups(p, tx.clock.now()),
      },
      this.email,
    );
  }

  private async slaStage(tx: Ctx, event: SlaStageReached, settings: SettingValues) {
    const groups = (p: SqlParams): OrderGroup[] => {
      switch (event.stage) {
        case SlaStage.PINNED_WINDOW_OVER:
          return [
            {
              kind: K.ORDER_OFFERED,
              cond: `${who.offered(p.add(tx.clock.now()))} AND ${who.notOfferedYet}`,
              extra: `jsonb_build_object('window', 'ALL')`,
            },
          ];
        case SlaStage.NOT_TAKEN_WARNING:
          return [
            {
              kind: K.ORDER_NOT_TAKEN_WARNING,
              cond: who.managers,
              extra: `jsonb_build_object('freeContractors', ${freeContractorsSql(p.add(settings.MAX_ACTIVE_ORDERS_PER_CONTRACTOR))})`,
            },
          ];
        case SlaStage.RUNNING_LONG_WARNING:
          return [{ kind: K.ORDER_RUNNING_LONG_WARNING, cond: who.managers }];
        case SlaStage.REACTION_BREACHED:
          return [{ kind: K.ORDER_REACTION_BREACHED, cond: who.staff }];
        case SlaStage.WORK_BREACHED:
          return [{ kind: K.ORDER_WORK_BREACHED, cond: who.staff }];
      }
    };
    await insertOrderNotifications(
      tx,
      {
        orderId: event.orderId,
        contractorId: null,
        actorId: null,
        timeZone: settings.TIMEZONE,
        event: { stage: event.stage, dueAt: event.dueAt.toISOString() },
        groups,
      },
      this.email,
    );
  }

  private async invoices(tx: Ctx, kind: K, invoiceIds: string[], settings: SettingValues) {
    const payload = (p: SqlParams) => `jsonb_build_object(
           'invoiceId', i.id, 'account', jsonb_build_object('id', a.id, 'name', a.name),
           'periodStart', i.period_start, 'periodEnd', i.period_end, 'amount', i.amount::text, 'status', i.status,
           'issuedAt', i.issued_at, 'graceDays', ${p.add(settings.PAYMENT_GRACE_DAYS)}::int,
           'timeZone', coalesce(a.time_zone, ${p.add(settings.TIMEZONE)}::text),
           'billingTimeZone', coalesce(
             (SELECT bp.time_zone FROM billing_period bp WHERE bp.period_start = i.period_start),
             ${p.add(settings.TIMEZONE)}::text))`;
    const members = new SqlParams();
    await insertNotifications(
      tx,
      members,
      kind,
      `SELECT u.id, ${RECIPIENT_COLUMNS}, ${payload(members)} AS payload
         FROM invoice i
         JOIN client_account a ON a.id = i.account_id
         JOIN app_user u ON u.account_id = i.account_id AND u.role = 'CLIENT' AND u.active
        WHERE i.id = ANY(${members.add(invoiceIds)}::uuid[])`,
      this.email,
    );
    if (!this.email) return;
    // The account's contact address hears about its invoices too (PRODUCT.md §6), unless a member who gets
    // e-mail already has that address.
    const contacts = new SqlParams();
    await tx.em.query(
      `INSERT INTO notification (recipient_id, recipient_email, channel, kind, order_id, payload, created_at)
       SELECT NULL, a.contact_email, 'EMAIL', '${kind}', NULL, ${payload(contacts)}, ${contacts.add(tx.clock.now())}
         FROM invoice i
         JOIN client_account a ON a.id = i.account_id
        WHERE i.id = ANY(${contacts.add(invoiceIds)}::uuid[])
          AND a.contact_email IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM app_user m WHERE m.account_id = a.id AND m.role = 'CLIENT' AND m.active
                             AND m.email_notifications AND lower(m.email) = lower(a.contact_email))
        ORDER BY i.id`,
      contacts.values,
    );
  }

  private async periodClosed(tx: Ctx, event: BillingPeriodClosed, settings: SettingValues) {
    const p = new SqlParams();
    const payload = {
      periodStart: event.periodStart.toISOString(),
      periodEnd: event.periodEnd.toISOString(),
      billingTimeZone: settings.TIMEZONE,
      invoices: event.invoices,
      payouts: event.payouts,
    };
    await insertNotifications(
      tx,
      p,
      K.BILLING_PERIOD_CLOSED,
      `SELECT u.id, ${RECIPIENT_COLUMNS}, ${p.add(JSON.stringify(payload))}::jsonb AS payload
         FROM app_user u WHERE u.role = 'OWNER' AND u.active`,
      this.email,
    );
  }
}

/** Active contractors serving the order's category with room for another order (jsonb array, R-SLA-2). */
function freeContractorsSql(defaultCapacity: string): string {
  return `(SELECT coalesce(jsonb_agg(jsonb_build_object('id', f.id, 'firstName', f.first_name, 'lastName', f.last_name,
        'username', f.username, 'telegramId', f.telegram_id::text, 'activeOrders', f.active_orders,
        'capacity', f.capacity) ORDER BY f.active_orders, f.first_name, f.id), '[]'::jsonb)
     FROM (SELECT c.id, c.first_name, c.last_name, c.username, c.telegram_id,
                  coalesce(c.max_active_orders, ${defaultCapacity}::int) AS capacity,
                  (SELECT count(*)::int FROM service_order s WHERE s.contractor_id = c.id AND s.status = 'IN_PROGRESS')
                    AS active_orders
             FROM app_user c
            WHERE c.role = 'CONTRACTOR' AND c.active
              AND (NOT EXISTS (SELECT 1 FROM contractor_category cc WHERE cc.contractor_id = c.id)
                   OR EXISTS (SELECT 1 FROM contractor_category cc
                               WHERE cc.contractor_id = c.id AND cc.category_id = o.category_id))
           ) f
    WHERE f.active_orders < f.capacity
    LIMIT ${FREE_CONTRACTORS_LISTED})`;
}

type GroupsFor = (p: SqlParams, now: Date) => OrderGroup[];

/** Who is told what about one history entry (null: nobody). */
function orderEventGroups(
  kind: OrderEventKind,
  from: OrderStatus | null,
  actorId: string | null,
  data: Record<string, unknown>,
): GroupsFor | null {
  const client = (k: K): OrderGroup => ({ kind: k, cond: who.clientMembers });
  const offerGone: OrderGroup = {
    kind: K.OFFER_GONE,
    cond: `${who.hadOffer} AND u.id IS DISTINCT FROM o.contractor_id`,
  };
  const reoffer = (p: SqlParams, now: Date): OrderGroup => ({
    kind: K.ORDER_OFFERED,
    // Back to NEW: offered again per R-SLA-1, but not to the contractor who just had it.
    cond: `${who.offered(p.add(now))} AND u.id IS DISTINCT FROM ${p.add(data.contractorId ?? null)}::uuid`,
    extra: `jsonb_build_object('window', CASE WHEN o.pinned_until > ${p.add(now)} THEN 'PINNED' ELSE 'ALL' END)`,
  });
  switch (kind) {
    case OrderEventKind.CREATED:
      return (p, now) => [
        { kind: K.ORDER_CREATED, cond: who.author, excludeActor: false },
        {
          kind: K.ORDER_OFFERED,
          cond: who.offered(p.add(now)),
          extra: `jsonb_build_object('window', CASE WHEN o.pinned_until > ${p.add(now)} THEN 'PINNED' ELSE 'ALL' END)`,
        },
      ];
    case OrderEventKind.TAKEN:
      return () => [client(K.ORDER_TAKEN), offerGone];
    case OrderEventKind.ASSIGNED:
      return () => [{ kind: K.ORDER_ASSIGNED, cond: `u.id = o.contractor_id` }, client(K.ORDER_TAKEN), offerGone];
    case OrderEventKind.RELEASED:
      return (p, now) => [client(K.ORDER_RELEASED), { kind: K.ORDER_RELEASED, cond: who.managers }, reoffer(p, now)];
    case OrderEventKind.UNASSIGNED:
      return (p, now) => [
        { kind: K.ORDER_UNASSIGNED, cond: `u.id = ${p.add(data.contractorId ?? null)}::uuid` },
        client(K.ORDER_RELEASED),
        { kind: K.ORDER_RELEASED, cond: who.managers },
        reoffer(p, now),
      ];
    case OrderEventKind.CANCELLED:
      if (from === OrderStatus.IN_PROGRESS) {
        return () => [
          { kind: K.ORDER_CANCELLED, cond: `u.id = o.contractor_id` },
          client(K.ORDER_CANCELLED),
          { kind: K.ORDER_CANCELLED, cond: who.managers },
        ];
      }
      return () => [client(K.ORDER_CANCELLED), { ...offerGone, cond: who.hadOffer }];
    case OrderEventKind.DONE:
      return () => [
        {
          ...client(K.ORDER_DONE),
          extra: `jsonb_build_object('ratingRequested', u.id = o.author_id AND o.rating IS NULL,
            'pinOffer', base.can_pin AND NOT EXISTS (SELECT 1 FROM pinned_contractor pc
              WHERE pc.account_id = o.account_id AND pc.contractor_id = o.contractor_id))`,
        },
      ];
    case OrderEventKind.MESSAGE: {
      const messageId = typeof data.messageId === 'string' ? data.messageId : null;
      return (p) => {
        const message = `jsonb_build_object('message', (SELECT jsonb_build_object('id', m.id, 'kind', m.kind,
            'text', m.text, 'fileId', m.file_id, 'fileName', m.file_name, 'mimeType', m.mime_type,
            'fileSize', m.file_size, 'createdAt', m.created_at,
            'sender', jsonb_build_object('id', s.id, 'firstName', s.first_name, 'role', s.role))
          FROM order_message m JOIN app_user s ON s.id = m.sender_id WHERE m.id = ${p.add(messageId)}::uuid))`;
        const actor = `${p.add(actorId)}::uuid`;
        return [
          // The holder wrote: the client side hears it. A client member wrote: the holder hears it.
          { kind: K.ORDER_MESSAGE, cond: `${who.clientMembers} AND o.contractor_id = ${actor}`, extra: message },
          { kind: K.ORDER_MESSAGE, cond: `u.id = o.contractor_id AND o.status = 'IN_PROGRESS'`, extra: message },
        ];
      };
    }
    default:
      // RATED, ARCHIVED, RESTORED: nobody is told.
      return null;
  }
}
