import { Column, Entity, Index } from 'typeorm';
import { UuidEntity, jsonTransformer } from '../database/base.entity';
import type { DeliveryReason, DeliveryVia } from '@anxin/shared';
import type { OutboxChannel, OutboxFallback } from './outbox.types';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'dead';

/** The subscription consent a WeChat send holds: a one-time credit it spent, or long-term consent. */
export type OutboxCredit = 'one_time' | 'long_term';

/**
 * One message to deliver. Written in the transaction of the change it announces; delivered later by the
 * worker. `next_attempt_at` is also the lease expiry of a `sending` row, so one index serves both claims.
 * `delivered_via` and `delivery_reason` record how it reached its recipient (see DeliveryVia in shared/).
 */
@Entity('outbox')
@Index('ix_outbox_claim', ['status', 'nextAttemptAt'])
@Index('ix_outbox_school_created', ['schoolId', 'createdAt'])
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

  /** wecom_robot: the robot registration (wecom_robots.id); its webhook key is read and decrypted only to send. */
  @Column({ type: 'varchar', length: 36, name: 'robot_id', nullable: true })
  robotId!: string | null;

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

  /**
   * When the message first fell due: the enqueue time, or the later time its sender chose (a school's quiet hours
   * end). Lateness is counted from it, not from creation and not from a retry's next attempt. Set on every row (rows
   * written before the column existed were given their `created_at` by a migration); `LateAlerts` reads it through
   * ix_outbox_late.
   */
  @Column({ type: 'datetime', name: 'due_at', nullable: true })
  dueAt!: Date | null;

  /** The consent reserved for this row's WeChat send (held across retries until it is sent or refunded); null when none. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  credit!: OutboxCredit | null;

  /** wechat, wecom_robot, inbox_only or undelivered once decided; null while the message is open. */
  @Column({ type: 'varchar', length: 16, name: 'delivered_via', nullable: true })
  deliveredVia!: Exclude<DeliveryVia, 'pending'> | null;

  @Column({ type: 'varchar', length: 24, name: 'delivery_reason', nullable: true })
  deliveryReason!: DeliveryReason | null;

  /** When the "still undelivered" alert was raised for this row (once). */
  @Column({ type: 'datetime', name: 'alerted_at', nullable: true })
  alertedAt!: Date | null;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;
}
