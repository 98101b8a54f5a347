import { Column, Entity, Index } from 'typeorm';
import { UuidEntity, jsonTransformer } from '../database/base.entity';

/** A problem a school admin must see (a message that could not be delivered, or is late). Raised once per dedupe key. */
@Entity('alerts')
@Index('ix_alerts_school_created', ['schoolId', 'createdAt'])
export class AlertEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  /** 'delivery.undelivered' (late), 'delivery.failed' (permanent error, alert_admins fallback), 'delivery.dead' (retries exhausted). */
  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 32, name: 'subject_type', nullable: true })
  subjectType!: string | null;

  @Column({ type: 'varchar', length: 36, name: 'subject_id', nullable: true })
  subjectId!: string | null;

  @Index('uq_alerts_dedupe', { unique: true })
  @Column({ type: 'varchar', length: 191, name: 'dedupe_key' })
  dedupeKey!: string;

  @Column({ type: 'text', nullable: true, transformer: jsonTransformer })
  details!: Record<string, unknown> | null;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', name: 'resolved_at', nullable: true })
  resolvedAt!: Date | null;
}
