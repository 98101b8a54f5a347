import { Column, Entity, PrimaryColumn } from 'typeorm';
import { utcDayTransformer } from '../common/clock/utc-day';

/**
 * A WeChat push already applied. The key is an HMAC of sender, CreateTime and event (no openid is stored); WeChat
 * retries a push up to three times, and a retry finds its key here and changes nothing. Kept by day, for pruning.
 */
@Entity('wechat_push_receipts')
export class PushReceiptEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'dedupe_key' })
  dedupeKey!: string;

  @Column({ type: 'date', name: 'received_on', utc: true, transformer: utcDayTransformer })
  receivedOn!: Date;
}
