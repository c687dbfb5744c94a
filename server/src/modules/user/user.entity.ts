import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum Role {
  CLIENT = 'CLIENT',
  CONTRACTOR = 'CONTRACTOR',
  MANAGER = 'MANAGER',
  OWNER = 'OWNER',
}

export enum Language {
  RU = 'ru',
  EN = 'en',
}

/** A person known to ITSupport. Keyed by internal id; Telegram id and @username are attributes (R-USR-4). */
@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** bigint comes back from pg as a string; kept as a string to avoid precision loss. */
  @Column({ name: 'telegram_id', type: 'bigint', nullable: true }) telegramId: string | null;
  @Column({ type: 'text', nullable: true }) username: string | null;
  @Column({ name: 'first_name', type: 'text', nullable: true }) firstName: string | null;
  @Column({ name: 'last_name', type: 'text', nullable: true }) lastName: string | null;
  @Column({ type: 'text' }) role: Role;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ type: 'text', default: Language.RU }) language: Language;
  @Column({ name: 'account_id', type: 'uuid', nullable: true }) accountId: string | null;
  @Column({ name: 'branch_id', type: 'uuid', nullable: true }) branchId: string | null;
  @Column({ type: 'text', nullable: true }) email: string | null;
  /** Opted in to notifications by e-mail (PRODUCT.md §6), sent to `email`. */
  @Column({ name: 'email_notifications', type: 'boolean', default: false }) emailNotifications: boolean;
  @Column({ name: 'password_hash', type: 'text', nullable: true }) passwordHash: string | null;
  @Column({ name: 'max_active_orders', type: 'integer', nullable: true }) maxActiveOrders: number | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true }) deactivatedAt: Date | null;
}
