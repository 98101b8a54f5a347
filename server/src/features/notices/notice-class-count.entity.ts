import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The class id of a notice's totals row: every receipt counted once, however many of its classes its children are in. */
export const TOTALS_CLASS = '';

/**
 * The columns tallying the options of a choice question (a0 … a9 below), one per option a question may have
 * (NOTICE_LIMITS.questionOptionsMax; notice-counts.spec.ts fails if the two part).
 */
export const ANSWER_COLUMNS = Array.from({ length: 10 }, (_, i) => `a${i}`);

/**
 * A notice's receipts counted per class (one row per class whose children a receipt names, and one totals row with
 * class id `TOTALS_CLASS`), kept by every change that moves a figure in the same transaction as that change
 * (`NoticeCounters`), so the class statistics read these rows instead of the receipts. Counts only: no guardian.
 */
@Entity('notice_class_counts')
export class NoticeClassCountEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'notice_id' })
  noticeId!: string;

  @PrimaryColumn({ type: 'varchar', length: 36, name: 'class_id' })
  classId!: string;

  @Column({ type: 'int' })
  recipients!: number;

  /** Accepted by WeChat, or read (the receipt's `delivered`). */
  @Column({ type: 'int' })
  delivered!: number;

  @Column({ type: 'int', name: 'read_count' })
  readCount!: number;

  @Column({ type: 'int' })
  confirmed!: number;

  @Column({ type: 'int' })
  signed!: number;

  @Column({ type: 'int' })
  answered!: number;

  @Column({ type: 'int' })
  acknowledged!: number;

  @Column({ type: 'int' }) a0!: number;
  @Column({ type: 'int' }) a1!: number;
  @Column({ type: 'int' }) a2!: number;
  @Column({ type: 'int' }) a3!: number;
  @Column({ type: 'int' }) a4!: number;
  @Column({ type: 'int' }) a5!: number;
  @Column({ type: 'int' }) a6!: number;
  @Column({ type: 'int' }) a7!: number;
  @Column({ type: 'int' }) a8!: number;
  @Column({ type: 'int' }) a9!: number;
}
