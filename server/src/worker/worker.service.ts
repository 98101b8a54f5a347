import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { LOGGER } from '../common/logging/logger';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { HealthProbes } from '../health/health-probes';
import { OutboxDispatcher } from '../outbox/outbox-dispatcher';
import { onOutboxCommitted } from '../outbox/outbox-wake';
import { SchedulerService } from '../scheduler/scheduler.service';

/** How often the worker looks for messages that are late (the alert threshold is minutes). */
const LATE_CHECK_EVERY_MS = 30_000;

/**
 * The background worker: fires due scheduled actions, delivers due outbox rows and raises late-delivery
 * alerts, every ANXIN_WORKER_POLL_MS, and at once when a transaction of this process that enqueued outbox rows
 * commits (`wake()`; wakes during a tick coalesce into one more tick). Polling remains for rows enqueued by other
 * processes, rows that become due later and retries. Runs inside the server when ANXIN_WORKER is on (the default) and alone
 * with `npm run worker` (`main.js --worker`); any number may run at once. Tests (ANXIN_WORKER=false) call
 * `tick()` / `drain()` themselves. Its heartbeat is the 'worker' check of /api/health.
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

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly dispatcher: OutboxDispatcher,
    private readonly scheduler: SchedulerService,
    private readonly probes: HealthProbes,
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
    this.unlisten?.();
    this.unlisten = null;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }

  /** One round: due actions, then due messages, then late alerts. */
  async tick(): Promise<{ fired: number; delivered: number }> {
    const fired = await this.scheduler.fireDue();
    // Bounded, so due actions and late alerts get their turn while a big backlog drains.
    const delivered = await this.dispatcher.drain(this.config.worker.batchSize * 20);
    if (Date.now() - this.lastLateCheck >= LATE_CHECK_EVERY_MS || !this.running) {
      this.lastLateCheck = Date.now();
      await this.dispatcher.raiseLateAlerts();
    }
    this.lastBeatAt = Date.now();
    return { fired, delivered };
  }

  /** Ticks until nothing is due (tests). */
  async drain(maxTicks = 1000): Promise<void> {
    for (let i = 0; i < maxTicks; i++) {
      const { fired, delivered } = await this.tick();
      if (fired === 0 && delivered === 0) return;
    }
  }
}
