import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Idempotency record of a submission: HMAC(clientKey) → tip. For `TIP_LIMITS.receiptReplayHours` it also keeps
 * the receipt, encrypted under the school key, so a retry after a dropped connection can show the same receipt;
 * then `receiptEnc` is purged and a retry answers 409 TIP_ALREADY_SUBMITTED (see TipSubmitService).
 */
@Entity('tip_submissions')
export class TipSubmissionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 64, name: 'key_hash' })
  keyHash!: string;

  @Column({ type: 'varchar', length: 36, name: 'tip_id' })
  tipId!: string;

  @Column({ type: 'text', name: 'receipt_enc', nullable: true })
  receiptEnc!: string | null;

  @Column({ type: 'datetime', name: 'receipt_expires_at' })
  receiptExpiresAt!: Date;
}
