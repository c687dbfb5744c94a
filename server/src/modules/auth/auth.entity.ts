import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A web session of an owner or manager; only the SHA-256 of its token is stored. */
@Entity('web_session')
export class WebSessionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'token_hash', type: 'text' }) tokenHash: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true }) lastSeenAt: Date | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
}

/** A one-time sign-in link sent by the bot; single use, short-lived. */
@Entity('login_link')
export class LoginLinkEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'token_hash', type: 'text' }) tokenHash: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true }) usedAt: Date | null;
}

/** A password sign-in attempt, kept for brute-force throttling. */
@Entity('login_attempt')
export class LoginAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'text' }) username: string;
  @Column({ type: 'boolean' }) succeeded: boolean;
  @Column({ name: 'attempted_at', type: 'timestamptz' }) attemptedAt: Date;
}
