import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { AuditCheckpointService } from '../audit/audit-checkpoint.service';
import { LOGGER } from '../common/logging/logger';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { HealthProbes } from '../health/health-probes';
import { ContactReachAlerts } from '../outbox/contact-reach-alerts';
import { LateAlerts } from '../outbox/late-alerts';
import { OutboxDispatcher } from '../outbox/outbox-dispatcher';
import { onOutboxCommitted } from '../outbox/outbox-wake';
import { SchedulerService } from '../scheduler/scheduler.service';
import { PeriodicJobs } from './periodic-jobs';
import { WorkerHeartbeats } from './worker-heartbeats';

/** How often the worker looks for messages that are late and contacts who cannot be reached (the alert threshold is minutes). */
const LATE_CHECK_EVERY_MS = 30_000;

/**
 * The background worker: fires due scheduled actions, delivers due outbox rows and raises late-delivery
 * alerts, every ANXIN_WORKER_POLL_MS, and at once when a transaction of this process that enqueued outbox rows
 * commits (`wake()`; wakes during a tick coalesce into one more tick). Polling remains for rows enqueued by other
 * processes, rows that become due later and retries. Runs inside the server when ANXIN_WORKER is on (the default) and alone
 * with `npm run worker` (`main.js --worker`); any number may run at once. Tests (ANXIN_WORKER=false) call
 * `tick()` / `drain()` themselves. Its in-process liveness is the 'worker' check of /api/health; apart from the ticks it
 * writes a heartbeat row every ANXIN_WORKER_HEARTBEAT_MS (`beat()`), which lets other workers take over its rows at
 * once if it dies, and lets /api/health report the whole fleet.
 */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private startedAt = 0;
  private lastBeatAt = 0;
  private lastLateCheck = 0;
  private wakeAgain = false;
  private unlisten: (() => void) | null = null;
  private beatTimer: NodeJS.Timeout | null = null;
  private beatInFlight: Promise<void> | null = null;
  private beatenOnce = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly dispatcher: OutboxDispatcher,
    private readonly lateAlerts: LateAlerts,
    private readonly contactReach: ContactReachAlerts,
    private readonly scheduler: SchedulerService,
    private readonly probes: HealthProbes,
    private readonly auditCheckpoints: AuditCheckpointService,
    private readonly jobs: PeriodicJobs,
    private readonly heartbeats: WorkerHeartbeats,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runWorker) return;
    this.probes.register('worker', () => this.alive());
    this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Alive while ticks keep coming (a generous margin: one tick may deliver many batches). */
  alive(): boolean {
    const limit = Math.max(60_000, this.config.worker.pollMs * 5);
    const last = this.lastBeatAt || this.startedAt;
    return this.running && Date.now() - last < limit;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startedAt = Date.now();
    this.unlisten = onOutboxCommitted(this.ds, () => this.wake());
    // Its own timer, not the tick: a long drain must not look like a dead worker.
    this.beatTimer = setInterval(() => void this.beat(), this.config.worker.heartbeatMs);
    this.jobs.attachWorker(this.dispatcher.workerId);
    this.log.info({ workerId: this.dispatcher.workerId, pollMs: this.config.worker.pollMs }, 'worker started');
    this.loop();
  }

  /**
   * Deliver now rather than at the next poll (called after a commit that enqueued messages). During a tick it
   * only asks for one more tick right after it, however many commits call it.
   */
  wake(): void {
    if (!this.running) return;
    if (this.current) {
      this.wakeAgain = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.loop();
  }

  private loop(): void {
    if (!this.running) return;
    this.wakeAgain = false;
    this.current = this.tick()
      .then(() => undefined)
      .catch((e) => this.log.error({ err: e }, 'worker tick failed'))
      .finally(() => {
        this.current = null;
        if (!this.running) return;
        if (this.wakeAgain) this.timer = setTimeout(() => this.loop(), 0);
        else this.timer = setTimeout(() => this.loop(), this.config.worker.pollMs);
      });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.jobs.attachWorker(null);
    this.unlisten?.();
    this.unlisten = null;
    if (this.timer) clearTimeout(this.timer);
    if (this.beatTimer) clearInterval(this.beatTimer);
    this.beatTimer = null;
    await this.current;
    await this.beatInFlight;
    // Every row it claimed is recorded now: nobody needs to wait for its beat to go stale.
    await this.heartbeats.remove(this.dispatcher.workerId).catch((e) => this.log.warn({ err: e }, 'worker heartbeat not removed'));
  }

  /** One round: due actions, then due messages, then late alerts. */
  async tick(): Promise<{ fired: number; delivered: number }> {
    // The first beat is written before this worker claims anything, so its rows are never without one.
    if (!this.beatenOnce) await this.beat();
    const fired = await this.scheduler.fireDue();
    // Bounded, so due actions and late alerts get their turn while a big backlog drains.
    const delivered = await this.dispatcher.drain(this.config.worker.batchSize * 20);
    if (Date.now() - this.lastLateCheck >= LATE_CHECK_EVERY_MS || !this.running) {
      this.lastLateCheck = Date.now();
      await this.lateAlerts.raise();
      await this.contactReach.sweep(); // a designated contact who gets no tip alerts in WeChat (e.g. newly named)
    }
    // Features' periodic work (e.g. destroying yesterday's rate-limit key): the due jobs no other worker holds.
    await this.jobs.runDue(this.dispatcher.workerId, (name, err) => this.log.error({ err, job: name }, 'periodic job failed'));
    await this.auditCheckpoints.runDue(); // each school's signed daily checkpoint and digest (throttled inside)
    this.lastBeatAt = Date.now();
    return { fired, delivered };
  }

  /** Writes this worker's heartbeat row (with its recent WeChat results); never throws (logged, retried next beat). */
  beat(): Promise<void> {
    if (this.beatInFlight) return this.beatInFlight;
    const run = this.heartbeats.beat(this.dispatcher.workerId, this.dispatcher.stats)
      .then(() => void (this.beatenOnce = true))
      .catch((e) => this.log.error({ err: e }, 'worker heartbeat failed'))
      .finally(() => (this.beatInFlight = null));
    this.beatInFlight = run;
    return run;
  }

  /** Ticks until nothing is due (tests). */
  async drain(maxTicks = 1000): Promise<void> {
    for (let i = 0; i < maxTicks; i++) {
      const { fired, delivered } = await this.tick();
      if (fired === 0 && delivered === 0) return;
    }
  }
}
