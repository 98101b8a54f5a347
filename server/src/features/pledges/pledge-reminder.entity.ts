import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * When a class was last reminded of a pledge (a staff action). A reminder claims the row with one conditional UPDATE
 * (only if the last one is PLEDGE_REMIND_INTERVAL_HOURS old), so two taps at once send one reminder.
 */
@Entity('pledge_reminders')
export class PledgeReminderEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'pledge_id' })
  pledgeId!: string;

  @PrimaryColumn({ type: 'varchar', length: 36, name: 'class_id' })
  classId!: string;

  /** Before the first reminder: the epoch. */
  @Column({ type: 'datetime', name: 'last_sent_at' })
  lastSentAt!: Date;

  @Column({ type: 'int', name: 'sent_count', default: 0 })
  sentCount!: number;
}
