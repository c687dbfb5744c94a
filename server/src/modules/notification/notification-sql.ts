import type { Ctx } from '../../common/context.js';
import { SqlParams, offeredToContractorSql } from '../order/order-visibility.js';
import type { NotificationKind } from './notification.entity.js';

/**
 * SQL building blocks of the notification outbox. Recipients are chosen by conditions on `u` (app_user)
 * and, for order notifications, `o` (the order) and `base` (the order's payload): each notification is
 * one INSERT … SELECT, however many recipients it has.
 */

/**
 * Which channels a recipient gets: Telegram when they have a Telegram id, the admin panel when staff, e-mail
 * when they have an address and opted in (and the kind makes sense by mail: a stale offer card is Telegram's).
 * `r` is a recipient row (id, role, telegram_id, email, email_notifications) and `kind` its notification kind.
 */
export function channelRule(kind: string): string {
  return `((ch.channel = 'TELEGRAM' AND r.telegram_id IS NOT NULL)
  OR (ch.channel = 'ADMIN' AND r.role IN ('OWNER', 'MANAGER'))
  OR (ch.channel = 'EMAIL' AND r.email IS NOT NULL AND r.email_notifications AND ${kind} <> 'OFFER_GONE'))`;
}

/** The channels notifications are written for: EMAIL only where e-mail is sent (SMTP configured). */
export function channelsSql(email: boolean): string {
  return `(VALUES ('TELEGRAM'), ('ADMIN')${email ? `, ('EMAIL')` : ''}) AS ch(channel)`;
}

/**
 * The recipient columns every recipient SELECT yields (after u.id): what the channel rule needs, and the
 * recipient's access version as the same statement read it (stored on the row: delivery requires it unchanged).
 */
export const RECIPIENT_COLUMNS = 'u.role, u.telegram_id, u.email, u.email_notifications, u.access_version';

/** An EMAIL notification keeps the address it goes to. */
const EMAIL_ADDRESS = `CASE WHEN ch.channel = 'EMAIL' THEN r.email END`;

export const who = {
  /** Client members of the order's account. */
  clientMembers: `u.role = 'CLIENT' AND u.account_id = o.account_id`,
  author: `u.id = o.author_id`,
  managers: `u.role = 'MANAGER'`,
  owners: `u.role = 'OWNER'`,
  staff: `u.role IN ('MANAGER', 'OWNER')`,
  /** R-SLA-1: a NEW order is offered to this contractor now (category served; pinned during the window). */
  offered: (now: string) => `u.role = 'CONTRACTOR' AND ${offeredToContractorSql('u.id', now)}`,
  /** Contractors who were offered the order (they hold its card in Telegram). */
  hadOffer: `u.id IN (SELECT n.recipient_id FROM notification n WHERE n.order_id = o.id AND n.kind = 'ORDER_OFFERED')`,
  /** Not offered yet (the rest, once the pinned window is over). */
  notOfferedYet: `NOT EXISTS (SELECT 1 FROM notification n
      WHERE n.order_id = o.id AND n.kind = 'ORDER_OFFERED' AND n.recipient_id = u.id)`,
};

/** Everything a front-end needs to show an order, never the credentials (R-ORD-4). `$contractor`: who is concerned. */
function orderBaseSql(
  order: string,
  contractor: string,
  actor: string,
  timeZone: string,
  eventPayload: string,
): string {
  return `SELECT o.id AS order_id,
      jsonb_build_object(
        'orderId', o.id, 'number', o.number, 'status', o.status, 'description', left(o.description, 500),
        'equipment', o.equipment, 'problem', o.problem,
        'items', coalesce((SELECT jsonb_agg(jsonb_build_object('model', i.model, 'quantity', i.quantity)
                            ORDER BY i.position) FROM order_item i WHERE i.order_id = o.id), '[]'::jsonb),
        'category', jsonb_build_object('id', c.id, 'code', c.code, 'nameRu', c.name_ru, 'nameEn', c.name_en),
        'account', jsonb_build_object('id', a.id, 'name', a.name),
        'branch', (SELECT jsonb_build_object('id', b.id, 'name', b.name) FROM branch b WHERE b.id = o.branch_id),
        'author', jsonb_build_object('id', au.id, 'firstName', au.first_name, 'lastName', au.last_name),
        'timeZone', coalesce(a.time_zone, ${timeZone}::text),
        'createdAt', o.created_at, 'reactionDueAt', o.reaction_due_at, 'pinnedUntil', o.pinned_until,
        'takenAt', o.taken_at, 'workDueAt', o.work_due_at, 'estimateHours', o.estimate_hours,
        'doneAt', o.done_at, 'cancelledAt', o.cancelled_at, 'breachedAt', o.breached_at,
        'hasCredentials', o.credentials IS NOT NULL,
        'actor', (SELECT jsonb_build_object('id', ac.id, 'firstName', ac.first_name, 'role', ac.role)
                    FROM app_user ac WHERE ac.id = ${actor}::uuid)
      ) || ${eventPayload}::jsonb AS payload,
      CASE WHEN cu.id IS NULL THEN 'null'::jsonb ELSE jsonb_build_object('id', cu.id, 'firstName', cu.first_name,
        'lastName', cu.last_name, 'username', cu.username, 'telegramId', cu.telegram_id::text) END AS contractor_full,
      CASE WHEN cu.id IS NULL THEN 'null'::jsonb
        ELSE jsonb_build_object('id', cu.id, 'firstName', coalesce(cu.first_name, 'Contractor')) END AS contractor_short,
      t.can_see_contractor_contacts AS can_see_contacts, t.can_pin_contractors AS can_pin
    FROM service_order o
    JOIN category c ON c.id = o.category_id
    JOIN client_account a ON a.id = o.account_id
    JOIN tariff t ON t.id = a.tariff_id
    JOIN app_user au ON au.id = o.author_id
    LEFT JOIN app_user cu ON cu.id = coalesce(${contractor}::uuid, o.contractor_id)
    WHERE o.id = ${order}::uuid`;
}

/** One kind of notification about an order, for the recipients `cond` selects. */
export interface OrderGroup {
  kind: NotificationKind;
  /** Condition on u, o, base (and the group's parameters). */
  cond: string;
  /** Extra payload for each recipient (jsonb SQL on u, o, base). */
  extra?: string;
  /** False for a confirmation the actor receives about their own action. Default true. */
  excludeActor?: boolean;
}

export interface OrderNotification {
  orderId: string;
  /** The contractor concerned (who took, was assigned, released, closed…), or null. */
  contractorId: string | null;
  actorId: string | null;
  timeZone: string;
  /** Merged into every recipient's payload: what happened (event id, reason, stage, message…). */
  event: Record<string, unknown>;
  groups: (p: SqlParams) => OrderGroup[];
}

/**
 * Inserts the notifications of one order event: one statement for every recipient and channel. Clients see
 * the contractor's contacts only if their tariff allows it (R-ACC-5); everyone else sees them. Only active
 * users are notified.
 */
export async function insertOrderNotifications(tx: Ctx, n: OrderNotification, email: boolean): Promise<void> {
  const p = new SqlParams();
  const order = p.add(n.orderId);
  const contractor = p.add(n.contractorId);
  const actor = p.add(n.actorId);
  const base = orderBaseSql(order, contractor, actor, p.add(n.timeZone), p.add(JSON.stringify(n.event)));
  const groups = n.groups(p);
  if (!groups.length) return;
  const selects = groups.map(
    (g, i) => `SELECT u.id, ${RECIPIENT_COLUMNS}, '${g.kind}'::text AS kind, ${i} AS grp,
        base.payload || jsonb_build_object('contractor', CASE WHEN u.role = 'CLIENT' AND NOT base.can_see_contacts
          THEN base.contractor_short ELSE base.contractor_full END) || ${g.extra ?? `'{}'::jsonb`} AS payload
      FROM base JOIN service_order o ON o.id = base.order_id JOIN app_user u ON u.active
      WHERE (${g.cond})${g.excludeActor === false ? '' : ` AND u.id IS DISTINCT FROM ${actor}::uuid`}`,
  );
  await tx.em.query(
    `WITH base AS (${base})
     INSERT INTO notification (recipient_id, recipient_access_version, recipient_email, channel, kind, order_id,
                               payload, created_at)
     SELECT r.id, r.access_version, ${EMAIL_ADDRESS}, ch.channel, r.kind, ${order}::uuid, r.payload,
            ${p.add(tx.clock.now())}
       FROM (${selects.join('\n UNION ALL\n')}) r CROSS JOIN ${channelsSql(email)}
      WHERE ${channelRule('r.kind')}
      ORDER BY r.grp, r.id, ch.channel`,
    p.values,
  );
}

/**
 * Inserts notifications that are not about an order: `recipients` is a SELECT yielding u.id,
 * RECIPIENT_COLUMNS and payload (jsonb) for each recipient, using the parameters in `p`.
 */
export async function insertNotifications(
  tx: Ctx,
  p: SqlParams,
  kind: NotificationKind,
  recipients: string,
  email: boolean,
): Promise<void> {
  await tx.em.query(
    `INSERT INTO notification (recipient_id, recipient_access_version, recipient_email, channel, kind, order_id,
                               payload, created_at)
     SELECT r.id, r.access_version, ${EMAIL_ADDRESS}, ch.channel, '${kind}', NULL, r.payload, ${p.add(tx.clock.now())}
       FROM (${recipients}) r CROSS JOIN ${channelsSql(email)}
      WHERE ${channelRule(`'${kind}'`)}
      ORDER BY r.id, ch.channel`,
    p.values,
  );
}
