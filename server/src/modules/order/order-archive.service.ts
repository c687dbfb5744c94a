import type { Ctx } from '../../common/context.js';
import { inTransaction } from '../../common/context.js';
import { queryRows } from '../../common/sql.js';
import type { SettingsService } from '../settings/settings.service.js';
import { OrderEventKind, type OrderStatus } from './order.entity.js';
import { recordHistory } from './order-store.js';

const DAY_MS = 86_400_000;
/** Orders archived per transaction: keeps each one short when a backlog is worked off. */
const BATCH = 200;

/**
 * R-ORD-11: the archive job's work. DONE/CANCELLED orders finished more than ARCHIVE_AFTER_DAYS
 * ago are archived (hidden from working lists; still in reports, search and exports). Never
 * deletes. An order staff restored from the archive is left alone: it was brought back on purpose.
 */
export class OrderArchiveService {
  constructor(private readonly settings: SettingsService) {}

  /** Archives every eligible order (in batches); returns how many were archived. */
  async archiveDue(ctx: Ctx): Promise<number> {
    const { ARCHIVE_AFTER_DAYS } = await this.settings.values(ctx);
    const now = ctx.clock.now();
    const finishedBefore = new Date(now.getTime() - ARCHIVE_AFTER_DAYS * DAY_MS);
    let total = 0;
    for (;;) {
      const archived = await this.archiveBatch(ctx, now, finishedBefore, ARCHIVE_AFTER_DAYS);
      total += archived;
      if (archived < BATCH) break;
    }
    if (total) ctx.log.info({ archived: total, archiveAfterDays: ARCHIVE_AFTER_DAYS }, 'orders archived');
    return total;
  }

  /**
   * One UPDATE … RETURNING, and an ARCHIVED history row per order (no actor: the system did it),
   * in one transaction. History goes through recordHistory like every other change, so the order
   * event stream and the notifications see it.
   */
  private archiveBatch(ctx: Ctx, now: Date, finishedBefore: Date, days: number): Promise<number> {
    return inTransaction(ctx, async (tx) => {
      const rows = await queryRows<{
        id: string;
        account_id: string;
        status: OrderStatus;
        contractor_id: string | null;
      }>(
        tx.em,
        `WITH due AS (
           SELECT o.id FROM service_order o
            WHERE o.archived_at IS NULL AND o.status IN ('DONE', 'CANCELLED')
              AND coalesce(o.done_at, o.cancelled_at) < $2
              AND NOT EXISTS (SELECT 1 FROM order_event e WHERE e.order_id = o.id AND e.kind = 'RESTORED')
            ORDER BY coalesce(o.done_at, o.cancelled_at), o.id
            LIMIT $3
            FOR NO KEY UPDATE SKIP LOCKED
         )
         UPDATE service_order o SET archived_at = $1, updated_at = $1
           FROM due WHERE o.id = due.id AND o.archived_at IS NULL
         RETURNING o.id, o.account_id, o.status, o.contractor_id`,
        [now, finishedBefore, BATCH],
      );
      for (const r of rows) {
        recordHistory(tx, {
          orderId: r.id,
          accountId: r.account_id,
          kind: OrderEventKind.ARCHIVED,
          fromStatus: null,
          toStatus: null,
          orderStatus: r.status,
          reason: null,
          data: { archiveAfterDays: days },
          contractorId: r.contractor_id,
        });
      }
      return rows.length;
    });
  }
}
