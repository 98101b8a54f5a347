import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../../platform/common/clock/clock';
import { utcDay } from '../../platform/common/clock/utc-day';
import type { SecurityEvent } from './security-event.entity';

/** Writes the operators' security log (see SecurityEventEntity): counts per user, event and UTC day. */
@Injectable()
export class SecurityLogService {
  constructor(private readonly clock: Clock) {}

  /** Adds one to today's count, in the caller's transaction. One atomic upsert, safe under concurrency. */
  async record(m: EntityManager, userId: string, event: SecurityEvent): Promise<void> {
    const upsert = m.connection.options.type === 'better-sqlite3'
      ? 'INSERT INTO security_events (user_id, event, day, count) VALUES (?, ?, ?, 1) ON CONFLICT(user_id, event, day) DO UPDATE SET count = count + 1'
      : 'INSERT INTO security_events (user_id, event, day, count) VALUES (?, ?, ?, 1) ON DUPLICATE KEY UPDATE count = count + 1';
    await m.query(upsert, [userId, event, utcDay(this.clock.now())]);
  }
}
