import { Column, Entity, Index } from 'typeorm';
import { UuidEntity } from '../database/base.entity';

/** A login session. Only the SHA-256 of the bearer token is stored. */
@Entity('sessions')
export class SessionEntity extends UuidEntity {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64, name: 'token_hash' })
  tokenHash!: string;

  @Index()
  @Column({ type: 'varchar', length: 36, name: 'user_id' })
  userId!: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', name: 'last_seen_at' })
  lastSeenAt!: Date;

  @Column({ type: 'datetime', name: 'expires_at' })
  expiresAt!: Date;

  @Column({ type: 'datetime', name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
