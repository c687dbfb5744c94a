import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A closed billing period (R-BIL-2): closed once, never overlapping another. */
@Entity('billing_period')
export class BillingPeriodEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'period_start', type: 'timestamptz' }) periodStart: Date;
  @Column({ name: 'period_end', type: 'timestamptz' }) periodEnd: Date;
  /** BILLING_DAY and TIMEZONE in force when it was closed. */
  @Column({ name: 'billing_day', type: 'smallint' }) billingDay: number;
  @Column({ name: 'time_zone', type: 'text' }) timeZone: string;
  @Column({ name: 'closed_at', type: 'timestamptz' }) closedAt: Date;
  @Column({ name: 'invoice_count', type: 'integer' }) invoiceCount: number;
  @Column({ name: 'invoice_total', type: 'numeric', precision: 14, scale: 2 }) invoiceTotal: string;
  @Column({ name: 'payout_count', type: 'integer' }) payoutCount: number;
  @Column({ name: 'payout_total', type: 'numeric', precision: 14, scale: 2 }) payoutTotal: string;
}

/** What a contractor earned in a closed period: orders closed DONE in it × the rate stored on each (R-BIL-2). */
@Entity('payout')
export class PayoutEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'contractor_id', type: 'uuid' }) contractorId: string;
  @Column({ name: 'period_start', type: 'timestamptz' }) periodStart: Date;
  @Column({ name: 'period_end', type: 'timestamptz' }) periodEnd: Date;
  @Column({ name: 'orders_count', type: 'integer' }) ordersCount: number;
  @Column({ type: 'numeric', precision: 12, scale: 2 }) amount: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
