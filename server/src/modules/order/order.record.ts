import type { OrderStatus } from './order.entity.js';

/**
 * An order row as services hand it around: every column except the credentials themselves,
 * plus whether credentials are stored (R-ORD-4: the ciphertext is read only for the holder).
 */
export interface OrderRecord {
  id: string;
  number: string;
  accountId: string;
  authorId: string;
  branchId: string | null;
  categoryId: string;
  description: string;
  equipment: string | null;
  problem: string | null;
  hasCredentials: boolean;
  status: OrderStatus;
  contractorId: string | null;
  estimateHours: number | null;
  reactionMinutes: number;
  pinnedUntil: Date | null;
  createdAt: Date;
  takenAt: Date | null;
  doneAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  reactionDueAt: Date;
  workDueAt: Date | null;
  breachedAt: Date | null;
  rate: string | null;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: Date | null;
  archivedAt: Date | null;
  updatedAt: Date;
}

/** The select list matching OrderRecord, for SELECT and for UPDATE … RETURNING (alias `o`). */
export const ORDER_COLUMNS = `o.id, o.number, o.account_id, o.author_id, o.branch_id, o.category_id, o.description,
  o.equipment, o.problem, (o.credentials IS NOT NULL) AS has_credentials, o.status, o.contractor_id,
  o.estimate_hours, o.reaction_minutes, o.pinned_until, o.created_at, o.taken_at, o.done_at, o.cancelled_at,
  o.cancel_reason, o.reaction_due_at, o.work_due_at, o.breached_at, o.rate::text AS rate, o.rating,
  o.rating_comment, o.rated_at, o.archived_at, o.updated_at`;

type Raw = Record<string, unknown>;

const date = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

/** Maps a raw row selected with ORDER_COLUMNS. */
export function toOrderRecord(r: Raw): OrderRecord {
  return {
    id: r.id as string,
    number: r.number as string,
    accountId: r.account_id as string,
    authorId: r.author_id as string,
    branchId: (r.branch_id as string | null) ?? null,
    categoryId: r.category_id as string,
    description: r.description as string,
    equipment: (r.equipment as string | null) ?? null,
    problem: (r.problem as string | null) ?? null,
    hasCredentials: r.has_credentials === true,
    status: r.status as OrderStatus,
    contractorId: (r.contractor_id as string | null) ?? null,
    estimateHours: (r.estimate_hours as number | null) ?? null,
    reactionMinutes: r.reaction_minutes as number,
    pinnedUntil: date(r.pinned_until),
    createdAt: date(r.created_at)!,
    takenAt: date(r.taken_at),
    doneAt: date(r.done_at),
    cancelledAt: date(r.cancelled_at),
    cancelReason: (r.cancel_reason as string | null) ?? null,
    reactionDueAt: date(r.reaction_due_at)!,
    workDueAt: date(r.work_due_at),
    breachedAt: date(r.breached_at),
    rate: (r.rate as string | null) ?? null,
    rating: r.rating === null || r.rating === undefined ? null : Number(r.rating),
    ratingComment: (r.rating_comment as string | null) ?? null,
    ratedAt: date(r.rated_at),
    archivedAt: date(r.archived_at),
    updatedAt: date(r.updated_at)!,
  };
}
