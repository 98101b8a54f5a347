import { Column, Entity } from 'typeorm';
import { utcDayTransformer } from '../common/clock/utc-day';
import { UuidEntity } from '../database/base.entity';

/** The in-app copy of a message for one user: nothing Anxin sends lives only in WeChat. */
@Entity('inbox_items')
export class InboxItemEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'user_id' })
  userId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id', nullable: true })
  schoolId!: string | null;

  @Column({ type: 'varchar', length: 36, name: 'outbox_id', nullable: true })
  outboxId!: string | null;

  @Column({ type: 'varchar', length: 191, name: 'dedupe_key' })
  dedupeKey!: string;

  @Column({ type: 'varchar', length: 64 })
  template!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  page!: string | null;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  /**
   * Only the UTC day it was read (reads back as 00:00 UTC): a tap on a message is the user's own activity, and its
   * time of day could sit beside a tip they file next. The app needs only read or unread.
   */
  @Column({ type: 'date', name: 'read_on', nullable: true, utc: true, transformer: utcDayTransformer })
  readAt!: Date | null;
}
