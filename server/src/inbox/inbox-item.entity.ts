import { Column, Entity, Index } from 'typeorm';
import { UuidEntity } from '../database/base.entity';

/** The in-app copy of a message for one user: nothing Anxin sends lives only in WeChat. */
@Entity('inbox_items')
@Index('uq_inbox_items_user_dedupe', ['userId', 'dedupeKey'], { unique: true })
@Index('ix_inbox_items_user_created', ['userId', 'createdAt'])
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

  @Column({ type: 'datetime', name: 'read_at', nullable: true })
  readAt!: Date | null;
}
