import { Column, Entity } from 'typeorm';
import type { RobotLastResult, RobotScope, RobotStatus } from '@anxin/shared';
import { UuidEntity } from '../database/base.entity';

/**
 * A WeCom group robot a school registered for itself, a grade or a class. The webhook key is the robot's only
 * credential (whoever holds it can post into the group), so it is kept encrypted under the school's data key and
 * leaves the server only in the send to WeCom; `key_digest` (a keyed hash under the same data key) finds a key
 * registered twice, `key_hint` (its last four characters) is what the app shows.
 */
@Entity('wecom_robots')
export class WecomRobotEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 8 })
  scope!: RobotScope;

  /** The grade (scope grade) or class (scope class); null for the whole school. */
  @Column({ type: 'varchar', length: 36, name: 'scope_id', nullable: true })
  scopeId!: string | null;

  @Column({ type: 'varchar', length: 30 })
  name!: string;

  /** `enc1.<data key id>.<…>`, bound to this row (see robotKeyAad). */
  @Column({ type: 'varchar', length: 400, name: 'key_ciphertext', select: false })
  keyCiphertext!: string;

  @Column({ type: 'varchar', length: 64, name: 'key_digest', select: false })
  keyDigest!: string;

  @Column({ type: 'varchar', length: 4, name: 'key_hint' })
  keyHint!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: RobotStatus;

  @Column({ type: 'varchar', length: 16, name: 'last_result', nullable: true })
  lastResult!: RobotLastResult | null;

  @Column({ type: 'datetime', name: 'last_result_at', nullable: true })
  lastResultAt!: Date | null;

  @Column({ type: 'varchar', length: 200, name: 'last_error', nullable: true })
  lastError!: string | null;

  /** After a 45009 from WeCom: no send to this robot before this time. */
  @Column({ type: 'datetime', name: 'rate_blocked_until', nullable: true })
  rateBlockedUntil!: Date | null;

  /** Dedupe key of the latest test message's outbox row (its status is the test's result). */
  @Column({ type: 'varchar', length: 191, name: 'last_test_key', nullable: true })
  lastTestKey!: string | null;

  @Column({ type: 'datetime', name: 'last_test_at', nullable: true })
  lastTestAt!: Date | null;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt!: Date;
}

/** The associated data of a robot's key ciphertext: the ciphertext opens only in its own row. */
export function robotKeyAad(robotId: string, schoolId: string): string {
  return `wecom_robots:${robotId}:${schoolId}:key`;
}
