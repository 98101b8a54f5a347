import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A short-lived follow-up token (receipt → token), stored as SHA-256 only. */
@Entity('tip_followup_tokens')
export class TipFollowupTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'token_hash' })
  tokenHash!: string;

  @Column({ type: 'varchar', length: 36, name: 'tip_id' })
  tipId!: string;

  @Column({ type: 'datetime', name: 'expires_at' })
  expiresAt!: Date;
}
