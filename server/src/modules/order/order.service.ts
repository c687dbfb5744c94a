import type { Ctx } from '../../common/context.js';
import { emit, inTransaction } from '../../common/context.js';
import { actorIds } from '../../common/auth/principal.js';
import type { CredentialCipher } from '../../common/crypto.js';
import { queryRows } from '../../common/sql.js';
import type { SettingsService } from '../settings/settings.service.js';
import { OrderEventKind, OrderStatus } from './order.entity.js';
import { OrderChanged } from './order.events.js';

/** Orders and their lifecycle (R-ORD-1..11). Every transition is one atomic, recorded step. */
export class OrderService {
  constructor(
    readonly settings: SettingsService,
    readonly cipher: CredentialCipher,
  ) {}

  /**
   * R-USR-3 / R-ORD-7: returns every order a (deactivated) contractor holds to NEW, recording why.
   * The reaction SLA keeps counting from creation. Returns how many orders were released.
   */
  async releaseAllHeldBy(ctx: Ctx, contractorId: string): Promise<number> {
    return inTransaction(ctx, async (tx) => {
      const now = tx.clock.now();
      const released = await queryRows<{ id: string; account_id: string }>(
        tx.em,
        `UPDATE service_order
            SET status = 'NEW', contractor_id = NULL, estimate_hours = NULL, taken_at = NULL,
                work_due_at = NULL, updated_at = $2
          WHERE contractor_id = $1 AND status = 'IN_PROGRESS'
          RETURNING id, account_id`,
        [contractorId, now],
      );
      const { actorId, apiKeyId } = actorIds(tx.principal);
      for (const order of released) {
        await tx.em.query(
          `INSERT INTO order_event (order_id, account_id, kind, actor_id, api_key_id, from_status, to_status, reason, data, created_at)
           VALUES ($1, $2, $3, $4, $5, 'IN_PROGRESS', 'NEW', 'contractor deactivated', $6, $7)`,
          [
            order.id,
            order.account_id,
            OrderEventKind.RELEASED,
            actorId,
            apiKeyId,
            JSON.stringify({ contractorId }),
            now,
          ],
        );
        emit(tx, new OrderChanged(order.id, order.account_id, OrderStatus.NEW));
      }
      return released.length;
    });
  }
}
