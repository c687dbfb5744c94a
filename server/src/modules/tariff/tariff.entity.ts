import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A tariff (R-TAR-1). Its price lives in TariffPriceEntity as history. */
@Entity('tariff')
export class TariffEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  /** null means unlimited. */
  @Column({ name: 'orders_per_period', type: 'integer', nullable: true }) ordersPerPeriod: number | null;
  @Column({ name: 'reaction_time_minutes', type: 'integer' }) reactionTimeMinutes: number;
  @Column({ name: 'can_pin_contractors', type: 'boolean', default: false }) canPinContractors: boolean;
  @Column({ name: 'can_see_contractor_contacts', type: 'boolean', default: false })
  canSeeContractorContacts: boolean;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}

/** One price of a tariff from a moment on; the price in force at t is the latest effectiveFrom ≤ t. */
@Entity('tariff_price')
export class TariffPriceEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'tariff_id', type: 'uuid' }) tariffId: string;
  /** numeric comes back as a string; money is never a float. */
  @Column({ type: 'numeric', precision: 12, scale: 2 }) price: string;
  @Column({ name: 'effective_from', type: 'timestamptz' }) effectiveFrom: Date;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'created_by_id', type: 'uuid', nullable: true }) createdById: string | null;
}
