import { Column, Entity } from 'typeorm';
import type { ShanghaiDay } from '@anxin/shared';
import { UuidEntity } from '../../platform/database/base.entity';

/**
 * One guardian's receipt of one published notice (one per guardian however many of their children it reaches;
 * the children are in notice_receipt_students). It keeps the content hash of what was sent and the day (Asia/Shanghai)
 * the guardian read, confirmed, signed and answered; `acknowledged_on` is the day they had done what the notice asks.
 * Days, never times of day (DATE columns, like the identity tables): a guardian may open a letter and file an
 * anonymous tip a minute later, and a time here would place them next to it. The proof of receipt is the fact and
 * the day.
 */
@Entity('notice_receipts')
export class NoticeReceiptEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'notice_id' })
  noticeId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 36, name: 'guardian_user_id' })
  guardianUserId!: string;

  @Column({ type: 'varchar', length: 64, name: 'content_hash' })
  contentHash!: string;

  /** The dedupe key of the message that announced it (the outbox's sent hook finds the receipt by it). */
  @Column({ type: 'varchar', length: 191, name: 'message_key' })
  messageKey!: string;

  /** When the worker made it: a time of the school's publication (or of a late joiner's scan), not of the guardian. */
  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'date', name: 'read_on', nullable: true, utc: true })
  readOn!: ShanghaiDay | null;

  @Column({ type: 'date', name: 'confirmed_on', nullable: true, utc: true })
  confirmedOn!: ShanghaiDay | null;

  @Column({ type: 'date', name: 'signed_on', nullable: true, utc: true })
  signedOn!: ShanghaiDay | null;

  @Column({ type: 'date', name: 'answered_on', nullable: true, utc: true })
  answeredOn!: ShanghaiDay | null;

  /** Choice answers as `,0,2,` (indices into the options), so they can be counted per option in SQL. */
  @Column({ type: 'varchar', length: 64, name: 'answer_choices', nullable: true })
  answerChoices!: string | null;

  /** A short-text answer, encrypted with the school's data key (guardians may write anything there). */
  @Column({ type: 'text', name: 'answer_text_enc', nullable: true })
  answerTextEnc!: string | null;

  /**
   * Set when the retention rule erased the answer (school year + the district's `receiptYears`): the answer's hash as
   * the receipt's seal covered it, so the proof still verifies the row; `answer_choices` and `answer_text_enc` are then null.
   */
  @Column({ type: 'varchar', length: 64, name: 'answer_erased_hash', nullable: true })
  answerErasedHash!: string | null;

  @Column({ type: 'date', name: 'acknowledged_on', nullable: true, utc: true })
  acknowledgedOn!: ShanghaiDay | null;

  /**
   * Delivered: WeChat accepted the announcement (the outbox's sent hook) or the guardian opened the notice, whichever
   * came first; set once, so the class counts (`notice_class_counts`) count each receipt once.
   */
  @Column({ type: 'boolean', default: false })
  delivered!: boolean;

  /** What the class counts hold of this receipt: a bit per figure (`TALLY_BITS` in notice-counts.ts). */
  @Column({ type: 'int', default: 0 })
  tallied!: number;

  /**
   * The guardian changed the receipt and its class counts and seal leaf are not yet brought up to it
   * (`ReceiptTallies`, behind the guardian's transaction); cleared when they are.
   */
  @Column({ type: 'boolean', name: 'tally_due', default: false })
  tallyDue!: boolean;
}
