import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../../platform/common/clock/clock';
import { utcDay } from '../../platform/common/clock/utc-day';
import { hmacHex, subkey } from '../../platform/crypto/aes-gcm';
import { RateCounterEntity } from './rate-counter.entity';
import { RateKeys } from './rate-keys';

/**
 * Fixed-window counters. The subject (a user id, a client address, a school or tip id) is only ever seen here, as
 * HMAC(subject) under the day's random key (RateKeys), which is derived from nothing — not the master key, not the
 * date — and is deleted once the day is over. Counter rows carry no tip id and no time finer than their window.
 * So the database and the master key together cannot tell, after the day, whose counter a row was, and an
 * address cannot be found by trying every address.
 */
@Injectable()
export class TipRateLimiter {
  constructor(private readonly keys: RateKeys, private readonly clock: Clock) {}

  /** Adds one to the window's count and returns the new count. */
  async hit(m: EntityManager, kind: string, subject: string, windowMs: number): Promise<number> {
    const now = this.clock.now();
    const key = await this.keys.ensure(m, utcDay(now));
    const bucket = counterBucket(key, kind, subject, windowMs, now);
    const windowEnd = (Math.floor(now.getTime() / windowMs) + 1) * windowMs;
    // One atomic upsert. (INSERT IGNORE followed by UPDATE deadlocks on InnoDB under concurrency: both
    // transactions take a shared lock on the existing row, then both wait to upgrade it.)
    const meta = m.connection.getMetadata(RateCounterEntity);
    const expires = m.connection.driver.preparePersistentValue(new Date(windowEnd), meta.findColumnWithPropertyName('expiresAt')!);
    const upsert = m.connection.options.type === 'better-sqlite3'
      ? 'INSERT INTO tip_rate_counters (bucket, count, expires_at) VALUES (?, 1, ?) ON CONFLICT(bucket) DO UPDATE SET count = count + 1'
      : 'INSERT INTO tip_rate_counters (bucket, count, expires_at) VALUES (?, 1, ?) ON DUPLICATE KEY UPDATE count = count + 1';
    await m.query(upsert, [bucket, expires]);
    const row = await m.findOneOrFail(RateCounterEntity, { where: { bucket } });
    return row.count;
  }

  async peek(m: EntityManager, kind: string, subject: string, windowMs: number): Promise<number> {
    const now = this.clock.now();
    const key = await this.keys.find(m, utcDay(now));
    if (!key) return 0;
    const row = await m.findOne(RateCounterEntity, { where: { bucket: counterBucket(key, kind, subject, windowMs, now) } });
    return row?.count ?? 0;
  }
}

/** `<kind>:<HMAC(subject) under the kind's subkey of the day key>:<window number>`. */
export function counterBucket(dayKey: Buffer, kind: string, subject: string, windowMs: number, at: Date): string {
  return `${kind}:${hmacHex(subkey(dayKey, `rate:${kind}`), subject)}:${Math.floor(at.getTime() / windowMs)}`;
}
