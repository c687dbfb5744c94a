import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum InvoiceStatus {
  UNPAID = 'UNPAID',
  PAID = 'PAID',
}

/** One invoice per account and billing period (R-BIL-2); paid outside the system (R-BIL-3). */
@Entity('invoice')
export class InvoiceEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId: string;
  @Column({ name: 'tariff_id', type: 'uuid' }) tariffId: string;
  @Column({ name: 'period_start', type: 'timestamptz' }) periodStart: Date;
  @Column({ name: 'period_end', type: 'timestamptz' }) periodEnd: Date;
  @Column({ type: 'numeric', precision: 12, scale: 2 }) amount: string;
  @Column({ type: 'text', default: InvoiceStatus.UNPAID }) status: InvoiceStatus;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt: Date;
  /** The date the payment was made, as the owner entered it (YYYY-MM-DD). */
  @Column({ name: 'paid_on', type: 'date', nullable: true }) paidOn: string | null;
  @Column({ name: 'payment_note', type: 'text', nullable: true }) paymentNote: string | null;
  @Column({ name: 'marked_paid_at', type: 'timestamptz', nullable: true }) markedPaidAt: Date | null;
  @Column({ name: 'marked_paid_by_id', type: 'uuid', nullable: true }) markedPaidById: string | null;
  /** When InvoiceOverdue was raised for it (once per invoice). */
  @Column({ name: 'overdue_notified_at', type: 'timestamptz', nullable: true }) overdueNotifiedAt: Date | null;
}
