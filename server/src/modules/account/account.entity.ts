import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum AccountStatus {
  ACTIVE = 'ACTIVE',
  INACTIVE = 'INACTIVE',
}

export enum BranchKind {
  ZONE = 'ZONE',
  BRANCH = 'BRANCH',
  DEPARTMENT = 'DEPARTMENT',
}

/** A client account: a company, an office or one person (R-ACC-1). */
@Entity('client_account')
export class ClientAccountEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'tariff_id', type: 'uuid' }) tariffId: string;
  @Column({ type: 'text', default: AccountStatus.ACTIVE }) status: AccountStatus;
  @Column({ name: 'contact_email', type: 'text', nullable: true }) contactEmail: string | null;
  @Column({ name: 'time_zone', type: 'text', nullable: true }) timeZone: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}

/** A node of an account's branch tree: zone → branch → department (R-ACC-2). */
@Entity('branch')
export class BranchEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId: string;
  @Column({ name: 'parent_id', type: 'uuid', nullable: true }) parentId: string | null;
  @Column({ type: 'text' }) kind: BranchKind;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', nullable: true }) code: string | null;
  @Column({ type: 'text', nullable: true }) address: string | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}

/** A contractor pinned by a client account (R-ACC-4). */
@Entity('pinned_contractor')
export class PinnedContractorEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' }) accountId: string;
  @PrimaryColumn({ name: 'contractor_id', type: 'uuid' }) contractorId: string;
  @Column({ name: 'pinned_at', type: 'timestamptz', default: () => 'now()' }) pinnedAt: Date;
  @Column({ name: 'pinned_by_id', type: 'uuid', nullable: true }) pinnedById: string | null;
}
