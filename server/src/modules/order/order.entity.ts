import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum OrderStatus {
  NEW = 'NEW',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

/** An order (заявка). Transitions happen only through OrderService (R-ORD-2). */
@Entity('service_order')
export class OrderEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** YYYY-NNNNNN, assigned by a database trigger. */
  @Column({ type: 'text', insert: false }) number: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId: string;
  @Column({ name: 'author_id', type: 'uuid' }) authorId: string;
  @Column({ name: 'branch_id', type: 'uuid', nullable: true }) branchId: string | null;
  @Column({ name: 'category_id', type: 'uuid' }) categoryId: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'text', nullable: true }) equipment: string | null;
  @Column({ type: 'text', nullable: true }) problem: string | null;
  /** AES-256-GCM envelope (R-ORD-4); never selected unless the holder asks. */
  @Column({ type: 'bytea', nullable: true, select: false }) credentials: Buffer | null;
  @Column({ type: 'text', default: OrderStatus.NEW }) status: OrderStatus;
  @Column({ name: 'contractor_id', type: 'uuid', nullable: true }) contractorId: string | null;
  @Column({ name: 'estimate_hours', type: 'integer', nullable: true }) estimateHours: number | null;
  /** The tariff's reaction time when the order was created. */
  @Column({ name: 'reaction_minutes', type: 'integer' }) reactionMinutes: number;
  /** End of the pinned-only window (R-SLA-1); null when the account had no pinned contractors. */
  @Column({ name: 'pinned_until', type: 'timestamptz', nullable: true }) pinnedUntil: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'taken_at', type: 'timestamptz', nullable: true }) takenAt: Date | null;
  @Column({ name: 'done_at', type: 'timestamptz', nullable: true }) doneAt: Date | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason: string | null;
  @Column({ name: 'reaction_due_at', type: 'timestamptz' }) reactionDueAt: Date;
  @Column({ name: 'work_due_at', type: 'timestamptz', nullable: true }) workDueAt: Date | null;
  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true }) breachedAt: Date | null;
  /** The earliest pending SLA stage (R-SLA-5); null when nothing is pending. Kept by the SLA module. */
  @Column({ name: 'sla_next_due_at', type: 'timestamptz', nullable: true }) slaNextDueAt: Date | null;
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true }) rate: string | null;
  @Column({ type: 'smallint', nullable: true }) rating: number | null;
  @Column({ name: 'rating_comment', type: 'text', nullable: true }) ratingComment: string | null;
  @Column({ name: 'rated_at', type: 'timestamptz', nullable: true }) ratedAt: Date | null;
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true }) archivedAt: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** A cartridge line of a CARTRIDGE order (R-ORD-1). */
@Entity('order_item')
export class OrderItemEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'order_id', type: 'uuid' }) orderId: string;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'text' }) model: string;
  @Column({ type: 'integer' }) quantity: number;
}

export enum OrderEventKind {
  CREATED = 'CREATED',
  TAKEN = 'TAKEN',
  ASSIGNED = 'ASSIGNED',
  RELEASED = 'RELEASED',
  UNASSIGNED = 'UNASSIGNED',
  CANCELLED = 'CANCELLED',
  DONE = 'DONE',
  MESSAGE = 'MESSAGE',
  RATED = 'RATED',
  ARCHIVED = 'ARCHIVED',
  RESTORED = 'RESTORED',
}

/** One entry of an order's append-only history (the database refuses updates and deletes). */
@Entity('order_event')
export class OrderEventEntity {
  /** bigserial: a monotonic sequence across all orders. */
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'order_id', type: 'uuid' }) orderId: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId: string;
  @Column({ type: 'text' }) kind: OrderEventKind;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ name: 'api_key_id', type: 'uuid', nullable: true }) apiKeyId: string | null;
  @Column({ name: 'from_status', type: 'text', nullable: true }) fromStatus: OrderStatus | null;
  @Column({ name: 'to_status', type: 'text', nullable: true }) toStatus: OrderStatus | null;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ type: 'jsonb', default: {} }) data: Record<string, unknown>;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export enum MessageKind {
  TEXT = 'TEXT',
  PHOTO = 'PHOTO',
  DOCUMENT = 'DOCUMENT',
  VOICE = 'VOICE',
}

/** A message of an order's conversation (R-ORD-9); files are references (Telegram file ids). */
@Entity('order_message')
export class OrderMessageEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'order_id', type: 'uuid' }) orderId: string;
  @Column({ name: 'sender_id', type: 'uuid' }) senderId: string;
  @Column({ type: 'text' }) kind: MessageKind;
  @Column({ type: 'text', nullable: true }) text: string | null;
  @Column({ name: 'file_id', type: 'text', nullable: true }) fileId: string | null;
  @Column({ name: 'file_unique_id', type: 'text', nullable: true }) fileUniqueId: string | null;
  @Column({ name: 'file_name', type: 'text', nullable: true }) fileName: string | null;
  @Column({ name: 'mime_type', type: 'text', nullable: true }) mimeType: string | null;
  @Column({ name: 'file_size', type: 'integer', nullable: true }) fileSize: number | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
