import { randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { Clock } from '../../platform/common/clock/clock';
import { addDays, dayStart, utcDay, type UtcDay } from '../../platform/common/clock/utc-day';
import { insertOrIgnore } from '../../platform/database/insert-ignore';
import { inTransaction } from '../../platform/database/transaction';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { RateCounterEntity } from './rate-counter.entity';
import { RateKeyEntity } from './rate-key.entity';

/** The worker purges this often, and at once when the UTC day has changed. */
const PURGE_EVERY_MS = 60_000;

/**
 * Today's rate-limit key, shared by every instance through the database, and its destruction after the day.
 * The key is never cached in memory: each use reads the row, so once the worker deletes it no process holds it.
 */
@Injectable()
export class RateKeys implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly jobs: PeriodicJobs,
  ) {}

  onModuleInit(): void {
    // Due a minute after the last purge, or at the next 00:00 UTC if that comes first (one worker runs it, see PeriodicJobs).
    this.jobs.register('tips.rate-keys.purge', (finished) => new Date(Math.min(finished.getTime() + PURGE_EVERY_MS, dayStart(addDays(utcDay(finished), 1)).getTime())), () => this.purge());
  }

  /** The day's key if one exists (read-only callers: no key means nothing was counted that day). */
  async find(m: EntityManager, day: UtcDay): Promise<Buffer | null> {
    const row = await m.findOne(RateKeyEntity, { where: { day } });
    return row ? Buffer.from(row.secret, 'hex') : null;
  }

  /**
   * The day's key, made now if no instance has made it yet, inside the caller's transaction: two instances
   * racing both insert-or-ignore on the day's primary key and then read the one row that won (the loser's
   * insert waits for the winner's commit on MariaDB; SQLite runs transactions one at a time).
   */
  async ensure(m: EntityManager, day: UtcDay): Promise<Buffer> {
    const existing = await this.find(m, day);
    if (existing) return existing;
    await insertOrIgnore(m, RateKeyEntity, { day, secret: randomBytes(32).toString('hex') });
    const row = await m.findOneOrFail(RateKeyEntity, { where: { day } });
    return Buffer.from(row.secret, 'hex');
  }

  /** Deletes the keys of days that are over and the counters whose window has ended (a periodic job of the worker). */
  async purge(): Promise<void> {
    const now = this.clock.now();
    const today = utcDay(now);
    await inTransaction(this.ds, async (m) => {
      await m.delete(RateKeyEntity, { day: LessThan(today) });
      await m.delete(RateCounterEntity, { expiresAt: LessThan(now) });
    });
  }
}
