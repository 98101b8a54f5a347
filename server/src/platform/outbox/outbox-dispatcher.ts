import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { Clock } from '../common/clock/clock';
import { LOGGER } from '../common/logging/logger';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { DeliveryStats } from '../worker/worker-heartbeats';
import { OutboxClaimer } from './outbox-claim';
import { OutboxOutcomes } from './outbox-outcomes';
import { OutboxSender, type SendOutcome, type ToSend } from './outbox-send';

/**
 * Delivers outbox rows: the lanes. A worker holds at most `concurrency` rows at a time: it claims rows only for free
 * lanes (outbox-claim.ts: locking, taking over a dead worker's rows, reserving subscription consent, settling
 * inbox-only rows), sends each (outbox-send.ts) and frees the lane only once the row's outcome is committed
 * (outbox-outcomes.ts). So a `sending` row is one that is truly in flight: after a crash only those (at most
 * `concurrency` per worker) can reach WeChat twice, since `subscribe/send` has no idempotency key and every re-send
 * reaches a person. Any number of workers may run at once.
 */
@Injectable()
export class OutboxDispatcher {
  readonly workerId = `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(3).toString('hex')}`;
  /** This worker's recent WeChat/WeCom results; the heartbeat writes them to the database for /api/health. */
  readonly stats: DeliveryStats = { failureStreak: 0, lastSuccessAt: null, lastFailureAt: null, lastError: null };

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly clock: Clock,
    private readonly claimer: OutboxClaimer,
    private readonly sender: OutboxSender,
    private readonly outcomes: OutboxOutcomes,
  ) {}

  /** Delivers until nothing is due (or `maxRows` rows were handled). Returns rows handled. */
  async drain(maxRows = Number.MAX_SAFE_INTEGER): Promise<number> {
    let total = 0;
    // Another round picks up rows that became due meanwhile (fallback copies, rows of a dead worker).
    while (total < maxRows) {
      const n = await this.pump(maxRows - total);
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  /**
   * `concurrency` lanes. A lane is held from the claim of its row until the row's outcome is committed; a claim
   * asks for as many rows as there are free lanes (rows it finishes itself, inbox-only, free theirs at once). On
   * MariaDB/MySQL two claims may run at once (SKIP LOCKED keeps them apart), so lanes freed during one claim are
   * filled by the next without waiting; SQLite has one writer. Stops claiming when a claim comes back short.
   */
  private async pump(maxRows: number): Promise<number> {
    const lanes = this.config.worker.concurrency;
    const parallelClaims = this.ds.options.type === 'better-sqlite3' ? 1 : 2;
    const sent = this.outcomes.sentRecorder(this.workerId);
    const running = new Set<Promise<void>>();
    let held = 0; // lanes taken: rows claimed and not yet recorded, plus the rows claims in progress asked for
    let claims = 0;
    let total = 0;
    let exhausted = false;
    let changed: (() => void) | null = null;
    const notify = () => {
      const wake = changed;
      changed = null;
      wake?.();
    };
    const track = (p: Promise<void>) => {
      running.add(p);
      void p.finally(() => running.delete(p));
    };
    const handle = async (item: ToSend) => {
      try {
        const outcome = await this.sender.send(item);
        this.note(outcome);
        if (outcome.kind === 'sent') await sent.add(item.row);
        else await this.outcomes.record(this.workerId, item.row, outcome);
      } catch (e) {
        // The outcome could not be written (database gone): the row stays `sending` and comes back with its lease.
        this.log.error({ err: e, outboxId: item.row.id }, 'outbox outcome not recorded');
      } finally {
        held--;
        notify();
      }
    };
    const claimInto = async (want: number) => {
      let claimed = { send: [] as ToSend[], settled: 0 };
      try {
        claimed = await this.claimer.claim(this.workerId, want);
      } catch (e) {
        // The database refused this claim (deadlock, connection lost): stop claiming; the next tick tries again.
        this.log.error({ err: e }, 'outbox claim failed');
      }
      const handled = claimed.send.length + claimed.settled;
      if (handled < want) exhausted = true;
      held -= want - claimed.send.length;
      total -= want - handled;
      for (const item of claimed.send) track(handle(item));
      claims--;
      notify();
    };
    // While sends are in flight, wait until a quarter of the lanes are free before claiming: fewer, larger claims
    // (a claim is a transaction of several round trips), at the cost of a lane idling for a moment.
    const minClaim = Math.max(1, Math.ceil(lanes / 4));
    for (;;) {
      while (!exhausted && claims < parallelClaims && lanes - held >= (held === 0 ? 1 : Math.min(minClaim, maxRows - total)) && total < maxRows) {
        const want = Math.min(lanes - held, maxRows - total);
        held += want;
        total += want; // corrected below by what the claim returns
        claims++;
        track(claimInto(want));
      }
      if (held === 0 && claims === 0) break;
      await new Promise<void>((r) => (changed = r));
    }
    await Promise.all(running);
    await sent.idle();
    return total;
  }

  /** Counts retryable failures in a row (WeChat busy or down); any delivery resets the streak. */
  private note(outcome: SendOutcome): void {
    if (outcome.kind === 'sent') {
      this.stats.failureStreak = 0;
      this.stats.lastSuccessAt = this.clock.now();
    } else if (outcome.kind === 'retry') {
      this.stats.failureStreak++;
      this.stats.lastFailureAt = this.clock.now();
      this.stats.lastError = outcome.error;
    }
  }
}
