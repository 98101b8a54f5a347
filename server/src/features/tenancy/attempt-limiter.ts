import { Injectable } from '@nestjs/common';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';

/**
 * Counts failed attempts (wrong invite codes, wrong staff codes, wrong child names) per user in memory, and
 * refuses further attempts with 429 once a user has failed `max` times within `windowMs`. One process only:
 * with several server processes each keeps its own count, which still bounds guessing per process.
 */
@Injectable()
export class AttemptLimiter {
  static readonly MAX_FAILURES = 20;
  static readonly WINDOW_MS = 10 * 60_000;
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /** Throws 429 when `key` has used up its failures in the current window. */
  check(key: string): void {
    const recent = this.recent(key);
    if (recent.length >= AttemptLimiter.MAX_FAILURES) {
      const retryAfterSec = Math.ceil((recent[0] + AttemptLimiter.WINDOW_MS - this.clock.now().getTime()) / 1000);
      throw AppException.tooManyRequests('尝试次数过多，请 10 分钟后再试', { retryAfterSec });
    }
  }

  fail(key: string): void {
    const recent = this.recent(key);
    recent.push(this.clock.now().getTime());
    this.failures.set(key, recent);
    if (this.failures.size > 50_000) this.prune();
  }

  private recent(key: string): number[] {
    const since = this.clock.now().getTime() - AttemptLimiter.WINDOW_MS;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key).length === 0) this.failures.delete(key);
    }
  }
}
