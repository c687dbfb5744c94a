import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An integration's API key. Only the SHA-256 of its secret is stored (the secret is 32 random bytes, so no slow hash is needed). */
@Entity('api_key')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  /** The public part of the key (shown in lists, used for lookup). */
  @Column({ type: 'text' }) prefix: string;
  @Column({ name: 'key_hash', type: 'text' }) keyHash: string;
  @Column({ type: 'text', array: true }) scopes: string[];
  @Column({ name: 'created_by_id', type: 'uuid' }) createdById: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true }) lastUsedAt: Date | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
}

/** An append-only record of an administrative change (users, tariffs, settings, keys…). */
@Entity('audit_log')
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ name: 'api_key_id', type: 'uuid', nullable: true }) apiKeyId: string | null;
  @Column({ type: 'text' }) action: string;
  @Column({ type: 'text' }) entity: string;
  @Column({ name: 'entity_id', type: 'text', nullable: true }) entityId: string | null;
  @Column({ type: 'jsonb', default: {} }) data: Record<string, unknown>;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
