import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Where a notification is delivered (PRODUCT.md §6). */
export enum NotificationChannel {
  TELEGRAM = 'TELEGRAM',
  ADMIN = 'ADMIN',
  EMAIL = 'EMAIL',
}

/** What a notification is about; the payload carries what a front-end needs to render it. */
export enum NotificationKind {
  ORDER_CREATED = 'ORDER_CREATED',
  ORDER_OFFERED = 'ORDER_OFFERED',
  OFFER_GONE = 'OFFER_GONE',
  ORDER_TAKEN = 'ORDER_TAKEN',
  ORDER_ASSIGNED = 'ORDER_ASSIGNED',
  ORDER_RELEASED = 'ORDER_RELEASED',
  ORDER_UNASSIGNED = 'ORDER_UNASSIGNED',
  ORDER_CANCELLED = 'ORDER_CANCELLED',
  ORDER_DONE = 'ORDER_DONE',
  ORDER_MESSAGE = 'ORDER_MESSAGE',
  ORDER_NOT_TAKEN_WARNING = 'ORDER_NOT_TAKEN_WARNING',
  ORDER_RUNNING_LONG_WARNING = 'ORDER_RUNNING_LONG_WARNING',
  ORDER_REACTION_BREACHED = 'ORDER_REACTION_BREACHED',
  ORDER_WORK_BREACHED = 'ORDER_WORK_BREACHED',
  INVOICE_ISSUED = 'INVOICE_ISSUED',
  INVOICE_OVERDUE = 'INVOICE_OVERDUE',
  BILLING_PERIOD_CLOSED = 'BILLING_PERIOD_CLOSED',
}

/** One notification for one recipient on one channel: the outbox row (written with the change that caused it). */
@Entity('notification')
export class NotificationEntity {
  /** bigserial, in commit order: the notification stream's position. */
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  /** The user told; null only for an e-mail to an address that belongs to no user (an account's contact). */
  @Column({ name: 'recipient_id', type: 'uuid', nullable: true }) recipientId: string | null;
  /** The recipient's access version when it was written: delivered only while the user's is the same. */
  @Column({ name: 'recipient_access_version', type: 'int', default: 0 }) recipientAccessVersion: number;
  /** EMAIL only: where it is sent (the user's address when it was written, or the account's contact). */
  @Column({ name: 'recipient_email', type: 'text', nullable: true }) recipientEmail: string | null;
  @Column({ type: 'text' }) channel: NotificationChannel;
  @Column({ type: 'text' }) kind: NotificationKind;
  @Column({ name: 'order_id', type: 'uuid', nullable: true }) orderId: string | null;
  @Column({ type: 'jsonb', default: {} }) payload: Record<string, unknown>;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** Acknowledged by the channel's front-end: never delivered again on it. */
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  /** EMAIL only: failed attempts so far, when to try again, and why it was given up (with delivered_at). */
  @Column({ name: 'delivery_attempts', type: 'int', default: 0 }) deliveryAttempts: number;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true }) nextAttemptAt: Date | null;
  @Column({ name: 'delivery_error', type: 'text', nullable: true }) deliveryError: string | null;
  /** Why it was withdrawn undelivered (with delivered_at): the recipient's access changed first. */
  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true }) withdrawnReason: string | null;
  /** Read in the admin panel. */
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt: Date | null;
}
