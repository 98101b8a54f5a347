import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { inTransaction } from '../../platform/database/transaction';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { AttemptCounterEntity } from './attempt-limiter.entity';

/** How often the worker deletes counters whose window has ended. */
const PURGE_EVERY_MS = 60_000;

/** The fixed window `at` falls in: its bucket suffix and when it ends. */
export function attemptWindow(at: Date, windowMs: number): { number: number; endsAt: Date } {
  const number = Math.floor(at.getTime() / windowMs);
  return { number, endsAt: new Date((number + 1) * windowMs) };
}

/** Seconds until the window ends, at least 1 (the `retryAfterSec` of the 429). */
export function retryAfterSec(at: Date, windowMs: number): number {
  return Math.max(1, Math.ceil((attemptWindow(at, windowMs).endsAt.getTime() - at.getTime()) / 1000));
}

/**
 * Counts failed attempts (wrong invite codes, wrong staff codes, wrong child names) per key, usually `<kind>:<user
 * id>`, in fixed ten-minute windows in the database (`attempt_counters`), and refuses further attempts with 429 once
 * a key has failed `MAX_FAILURES` times in the current window. Every server on the database shares the counts, so a
 * user who spreads guesses over several servers meets the same limit. Each failure is one atomic upsert in its own
 * transaction: record it after the transaction of the attempt has ended (a rollback must not undo it).
 */
@Injectable()
export class AttemptLimiter implements OnModuleInit {
  static readonly MAX_FAILURES = 20;
  static readonly WINDOW_MS = 10 * 60_000;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly jobs: PeriodicJobs,
  ) {}

  onModuleInit(): void {
    this.jobs.register('tenancy.attempt-counters.purge', PURGE_EVERY_MS, () => this.purgeExpired());
  }

  /** Throws 429 when `key` has used up its failures in the current window (`max`: a limit of the caller's own). */
  async check(key: string, max: number = AttemptLimiter.MAX_FAILURES): Promise<void> {
    const now = this.clock.now();
    const row = await this.ds.getRepository(AttemptCounterEntity).findOne({ where: { bucket: bucketOf(key, now) } });
    if ((row?.count ?? 0) >= max) {
      throw AppException.tooManyRequests('尝试次数过多，请 10 分钟后再试', { retryAfterSec: retryAfterSec(now, AttemptLimiter.WINDOW_MS) });
    }
  }

  /** Records one failure of `key` in the current window. */
  async fail(key: string): Promise<void> {
    const now = this.clock.now();
    const bucket = bucketOf(key, now);
    await inTransaction(this.ds, async (m) => {
      const meta = m.connection.getMetadata(AttemptCounterEntity);
      const expires = m.connection.driver.preparePersistentValue(attemptWindow(now, AttemptLimiter.WINDOW_MS).endsAt, meta.findColumnWithPropertyName('expiresAt')!);
      // One atomic upsert, so concurrent failures on several servers all count.
      await m.query(m.connection.options.type === 'better-sqlite3'
        ? 'INSERT INTO attempt_counters (bucket, count, expires_at) VALUES (?, 1, ?) ON CONFLICT(bucket) DO UPDATE SET count = count + 1'
        : 'INSERT INTO attempt_counters (bucket, count, expires_at) VALUES (?, 1, ?) ON DUPLICATE KEY UPDATE count = count + 1', [bucket, expires]);
    });
  }

  /** Deletes the counters of windows that have ended (a periodic job of the worker). */
  async purgeExpired(): Promise<void> {
    const now = this.clock.now();
    await inTransaction(this.ds, (m) => m.delete(AttemptCounterEntity, { expiresAt: LessThan(now) }));
  }
}

function bucketOf(key: string, at: Date): string {
  return `${key}:${attemptWindow(at, AttemptLimiter.WINDOW_MS).number}`;
}
