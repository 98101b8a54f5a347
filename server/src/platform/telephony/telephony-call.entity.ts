import { Column, Entity } from 'typeorm';
import { UuidEntity } from '../database/base.entity';

/** What is known of one SMS or call: Tencent accepted it, refused it, then its receipt / call status / key press. */
export type TelephonyCallStatus = 'accepted' | 'failed' | 'delivered' | 'undelivered' | 'answered' | 'no_answer' | 'busy' | 'key';

/**
 * One SMS or voice call the outbox made (or tried to). `provider_id` is Tencent's SerialNo (SMS) or CallId (voice):
 * a callback is accepted only for an id in this table. The row names no person and holds no phone number; the
 * outbox row it came from (`dedupe_key`) tells its sender which step of what it was.
 */
@Entity('telephony_calls')
export class TelephonyCallEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'outbox_id' })
  outboxId!: string;

  @Column({ type: 'varchar', length: 191, name: 'dedupe_key' })
  dedupeKey!: string;

  @Column({ type: 'varchar', length: 8 })
  channel!: 'sms' | 'voice';

  @Column({ type: 'varchar', length: 36, name: 'school_id', nullable: true })
  schoolId!: string | null;

  @Column({ type: 'varchar', length: 100, name: 'provider_id', nullable: true })
  providerId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: TelephonyCallStatus;

  @Column({ type: 'varchar', length: 120, name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt!: Date;
}
