import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * When a class was last reminded of a notice. A reminder claims the row with one conditional UPDATE (only if the last
 * one is 12 hours old), so two teachers tapping at once send one reminder.
 */
@Entity('notice_reminders')
export class NoticeReminderEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'notice_id' })
  noticeId!: string;

  @PrimaryColumn({ type: 'varchar', length: 36, name: 'class_id' })
  classId!: string;

  /** Before the first reminder: the epoch. */
  @Column({ type: 'datetime', name: 'last_sent_at' })
  lastSentAt!: Date;

  @Column({ type: 'int', name: 'sent_count', default: 0 })
  sentCount!: number;
}
