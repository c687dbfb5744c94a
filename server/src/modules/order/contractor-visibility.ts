import type { EntityManager } from 'typeorm';
import { queryRows } from '../../common/sql.js';
import { contractorOrdersSql } from './order-visibility.js';

interface Question {
  contractorId: string;
  orderIds: string[];
  now: Date;
  answer: (visible: Set<string>) => void;
  fail: (error: unknown) => void;
}

/**
 * Which of some orders each contractor may see, for every contractor subscribed to the live history at once.
 * Whether a contractor sees an order depends on the contractor and the time (its own orders, and the offers
 * R-SLA-1 allows now), so each one's live rows need a read. The rows of one commit reach every subscriber in
 * the same turn of the event loop; their questions are gathered until the next turn and answered by one query,
 * each at its own `now` — not one query per contractor and commit.
 */
export class ContractorVisibility {
  private pending: Question[] = [];

  constructor(private readonly em: EntityManager) {}

  /** The ids among `orderIds` that the contractor may see at `now`. */
  visible(contractorId: string, orderIds: string[], now: Date): Promise<Set<string>> {
    return new Promise((answer, fail) => {
      if (!this.pending.length) setImmediate(() => void this.ask());
      this.pending.push({ contractorId, orderIds, now, answer, fail });
    });
  }

  private async ask(): Promise<void> {
    const questions = this.pending;
    this.pending = [];
    try {
      const rows = await queryRows<{ n: string; order_id: string }>(
        this.em,
        `SELECT q.n::text AS n, o.id::text AS order_id
           FROM unnest($1::uuid[], $2::timestamptz[]) WITH ORDINALITY AS q(contractor_id, now, n)
           JOIN service_order o ON o.id = ANY($3::uuid[])
          WHERE ${contractorOrdersSql('q.contractor_id', 'q.now')}`,
        [
          questions.map((q) => q.contractorId),
          questions.map((q) => q.now),
          [...new Set(questions.flatMap((q) => q.orderIds))],
        ],
      );
      const seen = new Set(rows.map((r) => `${r.n}:${r.order_id}`));
      questions.forEach((q, i) => q.answer(new Set(q.orderIds.filter((id) => seen.has(`${i + 1}:${id}`)))));
    } catch (error) {
      for (const q of questions) q.fail(error);
    }
  }
}
