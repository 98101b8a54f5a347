import { Column, Entity, Index } from 'typeorm';
import { UuidEntity, jsonTransformer } from '../database/base.entity';
import type { OutboxChannel, OutboxFallback } from './outbox.types';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'dead';

/**
 * One message to deliver. Written in the transaction of the change it announces; delivered later by the
 * worker. `next_attempt_at` is also the lease expiry of a `sending` row, so one index serves both claims.
 */
@Entity('outbox')
@Index('ix_outbox_claim', ['status', 'nextAttemptAt'])
export class OutboxEntity extends UuidEntity {
  @Index('uq_outbox_dedupe', { unique: true })
  @Column({ type: 'varchar', length: 191, name: 'dedupe_key' })
  dedupeKey!: string;

  @Column({ type: 'varchar', length: 24 })
  channel!: OutboxChannel;

  @Column({ type: 'varchar', length: 36, name: 'school_id', nullable: true })
  schoolId!: string | null;

  @Column({ type: 'varchar', length: 36, name: 'recipient_user_id', nullable: true })
  recipientUserId!: string | null;

  @Column({ type: 'varchar', length: 128, name: 'robot_key', nullable: true })
  robotKey!: string | null;

  @Column({ type: 'varchar', length: 64 })
  template!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  page!: string | null;

  @Column({ type: 'text', nullable: true, transformer: jsonTransformer })
  data!: Record<string, string> | null;

  @Column({ type: 'text', nullable: true, transformer: jsonTransformer })
  fallback!: OutboxFallback | null;

  @Column({ type: 'varchar', length: 16 })
  status!: OutboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'datetime', name: 'next_attempt_at' })
  nextAttemptAt!: Date;

  @Column({ type: 'varchar', length: 500, name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column({ type: 'varchar', length: 64, name: 'locked_by', nullable: true })
  lockedBy!: string | null;

  @Column({ type: 'datetime', name: 'locked_until', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'datetime', name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  /** When the "still undelivered" alert was raised for this row (once). */
  @Column({ type: 'datetime', name: 'alerted_at', nullable: true })
  alertedAt!: Date | null;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;
}
