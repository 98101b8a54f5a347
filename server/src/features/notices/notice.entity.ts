import { Column, Entity } from 'typeorm';
import type { NoticeAudienceScope, NoticeBody, NoticeConfirmMode, NoticeKind, NoticeQuestion, NoticeReviewDecision, NoticeStatus } from '@anxin/shared';
import { UuidEntity, jsonTransformer } from '../../platform/database/base.entity';

/**
 * A letter home, notice or urgent warning of one school: the draft while it is written, then what was published.
 * After publishing nothing here changes but the lifecycle fields (closed, recalled) and the fan-out's progress.
 */
@Entity('notices')
export class NoticeEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: NoticeKind;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  /** The structured document (shared/src/notice-body.ts), never HTML. */
  @Column({ type: 'text', transformer: jsonTransformer })
  body!: NoticeBody;

  @Column({ type: 'varchar', length: 16, name: 'confirm_mode' })
  confirmMode!: NoticeConfirmMode;

  @Column({ type: 'text', nullable: true, transformer: jsonTransformer })
  question!: NoticeQuestion | null;

  @Column({ type: 'datetime', name: 'confirm_deadline', nullable: true })
  confirmDeadline!: Date | null;

  @Column({ type: 'varchar', length: 16, name: 'audience_scope' })
  audienceScope!: NoticeAudienceScope;

  /** The grade or class ids the author chose (empty for the whole school); the classes reached are in notice_classes. */
  @Column({ type: 'text', name: 'audience_ids', transformer: jsonTransformer })
  audienceIds!: string[];

  @Column({ type: 'varchar', length: 16 })
  status!: NoticeStatus;

  /** Bumped by every change of the draft: publishing commits only the version the content check read. */
  @Column({ type: 'int', default: 1 })
  version!: number;

  /** sha256 (hex) of the canonical JSON of { title, body, question }. */
  @Column({ type: 'varchar', length: 64, name: 'content_hash' })
  contentHash!: string;

  @Column({ type: 'varchar', length: 16, name: 'content_check', nullable: true })
  contentCheck!: 'pass' | 'review' | 'risky' | null;

  @Column({ type: 'int', name: 'content_check_label', nullable: true })
  contentCheckLabel!: number | null;

  @Column({ type: 'varchar', length: 36, name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt!: Date;

  @Column({ type: 'datetime', name: 'scheduled_at', nullable: true })
  scheduledAt!: Date | null;

  @Column({ type: 'varchar', length: 36, name: 'published_by', nullable: true })
  publishedBy!: string | null;

  @Column({ type: 'datetime', name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'datetime', name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'datetime', name: 'recalled_at', nullable: true })
  recalledAt!: Date | null;

  @Column({ type: 'varchar', length: 36, name: 'recalled_by', nullable: true })
  recalledBy!: string | null;

  @Column({ type: 'varchar', length: 255, name: 'recall_reason', nullable: true })
  recallReason!: string | null;

  /** Recipients counted when the fan-out started (plus guardians who joined later); null before it starts. */
  @Column({ type: 'int', name: 'fanout_total', nullable: true })
  fanoutTotal!: number | null;

  /** The fan-out walks the recipients by guardian user id: the last one done ('' before the first batch). */
  @Column({ type: 'varchar', length: 36, name: 'fanout_cursor', default: '' })
  fanoutCursor!: string;

  @Column({ type: 'datetime', name: 'fanout_done_at', nullable: true })
  fanoutDoneAt!: Date | null;

  /** Bindings approved up to this time have been looked at for late joiners. */
  @Column({ type: 'datetime', name: 'joins_scanned_until', nullable: true })
  joinsScannedUntil!: Date | null;

  /** A correction: the notice it corrects (unique: a notice is corrected once, so a chain has one latest). */
  @Column({ type: 'varchar', length: 36, name: 'correction_of', nullable: true })
  correctionOf!: string | null;

  /** The correction that replaced this notice (set in the transaction that publishes it). */
  @Column({ type: 'varchar', length: 36, name: 'corrected_by', nullable: true })
  correctedBy!: string | null;

  /** A correction: what changed, as guardians read it. */
  @Column({ type: 'varchar', length: 255, name: 'correction_note', nullable: true })
  correctionNote!: string | null;

  /** The principal's decision on a notice the content check marked `review`: null while it waits. */
  @Column({ type: 'varchar', length: 16, name: 'review_decision', nullable: true })
  reviewDecision!: NoticeReviewDecision | null;

  @Column({ type: 'varchar', length: 255, name: 'review_note', nullable: true })
  reviewNote!: string | null;

  @Column({ type: 'varchar', length: 36, name: 'reviewed_by', nullable: true })
  reviewedBy!: string | null;

  @Column({ type: 'datetime', name: 'reviewed_at', nullable: true })
  reviewedAt!: Date | null;
}
