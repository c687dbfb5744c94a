import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SlaStage } from './sla.events.js';

/** An SLA stage that fired for an order (once per order, stage and cycle; R-SLA-5). */
@Entity('sla_warning')
export class SlaWarningEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'order_id', type: 'uuid' }) orderId: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId: string;
  @Column({ type: 'text' }) stage: SlaStage;
  /** Start of the span counted: the creation (reaction stages) or the take (work stages). */
  @Column({ name: 'cycle_start', type: 'timestamptz' }) cycleStart: Date;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  @Column({ name: 'fired_at', type: 'timestamptz' }) firedAt: Date;
}
