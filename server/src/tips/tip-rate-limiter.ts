import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, LessThan } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { CryptoService } from '../crypto/crypto.service';
import { RateCounterEntity } from './rate-counter.entity';

/**
 * Fixed-window counters (security checklist E14). The subject (an openid/user id, an IP, a school id) is only
 * ever seen here, as HMAC(subject) under a key that changes every UTC day and is derived from the master key,
 * never stored. Counter rows carry no tip id and no time finer than their window.
 */
@Injectable()
export class TipRateLimiter {
  constructor(private readonly crypto: CryptoService, private readonly clock: Clock) {}

  bucket(kind: string, subject: string, windowMs: number, now = this.clock.now()): string {
    return `${kind}:${this.crypto.dailyHmac(kind, subject, now)}:${Math.floor(now.getTime() / windowMs)}`;
  }

  /** Adds one to the window's count and returns the new count. */
  async hit(m: EntityManager, kind: string, subject: string, windowMs: number): Promise<number> {
    const now = this.clock.now();
    const bucket = this.bucket(kind, subject, windowMs, now);
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
    // Now and then, drop finished windows (cheap: indexed by expiry).
    if (randomInt(0, 50) === 0) await m.delete(RateCounterEntity, { expiresAt: LessThan(now) });
    return row.count;
  }

  async peek(m: EntityManager, kind: string, subject: string, windowMs: number): Promise<number> {
    const row = await m.findOne(RateCounterEntity, { where: { bucket: this.bucket(kind, subject, windowMs) } });
    return row?.count ?? 0;
  }
}
