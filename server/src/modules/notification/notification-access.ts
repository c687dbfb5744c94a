import { AccessChanged } from '../../common/auth/access-changed.js';
import type { Ctx } from '../../common/context.js';
import type { DomainEvent } from '../../common/events.js';

/**
 * A notification is delivered only to a recipient whose access is what it was when the notification was
 * written (PRODUCT.md §6 with R-USR-2, R-USR-3, R-ACC-1, R-ACC-2). Who is told what is decided from the
 * recipient's role, account, branch and active flag at writing; a row still undelivered when one of them
 * changes (the bot was down or behind, an e-mail waits for a retry) was meant for someone the user no longer
 * is: a manager made a client of another account must not receive staff news of other accounts' orders, a
 * client moved to another account not the old account's conversations, and a user reactivated nothing from
 * before their deactivation.
 *
 * `app_user.access_version` counts those changes (a trigger raises it, whatever code makes them); each row
 * keeps the version its writing statement read, from the same snapshot that chose the recipient. Delivery on
 * every channel requires the two to be equal (DELIVERABLE), so a row written concurrently with a change under
 * the former access never goes out either; and the change itself withdraws the user's undelivered rows in its
 * own transaction (withdrawStaleNotifications), so they are closed for good with the reason on the row.
 */

/** Why a notification was withdrawn (`withdrawn_reason`; `delivered_at` is set with it). */
export const WITHDRAWN_ACCESS_CHANGED = 'recipient access changed';
export const WITHDRAWN_DEACTIVATED = 'recipient deactivated';

/**
 * SQL: notification `n` may still be delivered to its recipient `u` (app_user): not delivered, acknowledged,
 * given up or withdrawn yet, the recipient active, and their access unchanged since it was written.
 */
export const DELIVERABLE = `n.delivered_at IS NULL AND u.active AND n.recipient_access_version = u.access_version`;

/** SQL: why `n` can no longer go to `u` on any channel (null: it still can, as far as access goes). */
export const WITHDRAWAL_REASON = `CASE WHEN u.id IS NULL OR NOT u.active THEN '${WITHDRAWN_DEACTIVATED}'
    WHEN n.recipient_access_version <> u.access_version THEN '${WITHDRAWN_ACCESS_CHANGED}' END`;

/**
 * The transactional event handler: when a user's access may have changed (AccessChanged with a user), closes
 * that user's undelivered notifications written under their former access, on every channel, in the
 * transaction that made the change. A change that leaves role, account, branch and active flag as they were
 * (a new name, say) withdraws nothing.
 */
export async function withdrawStaleNotifications(tx: Ctx, events: readonly DomainEvent[]): Promise<void> {
  const userIds = [...new Set(events.flatMap((e) => (e instanceof AccessChanged && e.userId ? [e.userId] : [])))];
  if (!userIds.length) return;
  await tx.em.query(
    `UPDATE notification n SET delivered_at = $2, withdrawn_reason = ${WITHDRAWAL_REASON}
       FROM app_user u
      WHERE u.id = ANY($1::uuid[]) AND n.recipient_id = u.id AND n.delivered_at IS NULL
        AND (NOT u.active OR n.recipient_access_version <> u.access_version)`,
    [userIds, tx.clock.now()],
  );
}

/**
 * SQL: `n` is one its recipient `u` may see in the admin panel's list: delivered to them (not withdrawn), or
 * still deliverable as far as their access goes.
 */
export const LISTABLE = `n.withdrawn_reason IS NULL
    AND (n.delivered_at IS NOT NULL OR n.recipient_access_version = u.access_version)`;
