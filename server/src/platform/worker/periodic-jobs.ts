import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { insertOrIgnore } from '../database/insert-ignore';
import { inTransaction } from '../database/transaction';
import { PeriodicJobEntity } from './periodic-job.entity';
import { heartbeatDeadAfterMs } from './worker-heartbeats';
import { WorkerHeartbeatEntity } from './worker-heartbeat.entity';

/** A run that takes longer than this may be taken over by another worker even while its holder still beats. */
const JOB_LEASE_MS = 10 * 60_000;

/** Every this many ms, or a function giving the next due time from the time a run finished. */
export type JobSchedule = number | ((finishedAt: Date) => Date);

interface Job {
  schedule: JobSchedule;
  run: () => Promise<void>;
}

/**
 * Work that features want done in the background, each job on its schedule (every so many ms, or a function of
 * when it last finished). A feature registers its job when its
 * module starts; the worker offers the due ones a turn after delivery on each tick. This keeps the worker ignorant
 * of the features: it knows there are jobs, not what they are.
 *
 * The schedule lives in the database (`periodic_jobs`), not in any process: a worker runs a job only after it has
 * taken the job's row in a short transaction (due, and not held by another worker whose heartbeat is fresh; a run
 * older than ten minutes is taken over too), and the run ends by setting the next due time. So with any number of
 * workers each job runs once per interval, never twice at once, and a killed worker's job is taken over as soon as
 * its heartbeat goes stale.
 */
@Injectable()
export class PeriodicJobs {
  private readonly jobs = new Map<string, Job>();
  /** The worker running in this process, if any (`runNow` needs one). */
  private workerId: string | null = null;
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  register(name: string, schedule: JobSchedule, run: () => Promise<void>): void {
    if (this.jobs.has(name)) throw new Error(`periodic job ${name} registered twice`);
    if (name.length > 64) throw new Error(`periodic job name ${name} is longer than 64 characters`);
    this.jobs.set(name, { schedule, run });
  }

  /** The worker of this process started (`runNow` runs jobs under its id) or stopped (null). */
  attachWorker(workerId: string | null): void {
    this.workerId = workerId;
  }

  /** Runs every due job that no other live worker holds; a failing job is reported through `onError` and does not stop the others. */
  async runDue(workerId: string, onError: (name: string, err: unknown) => void): Promise<void> {
    // One read first, so a tick with nothing due writes nothing.
    const rows = new Map((await this.ds.getRepository(PeriodicJobEntity).find()).map((r) => [r.name, r]));
    const now = this.clock.now();
    for (const name of this.jobs.keys()) {
      const row = rows.get(name);
      if (row && !row.lockedBy && new Date(row.nextDueAt) > now) continue;
      try {
        await this.runIfTaken(name, workerId, false);
      } catch (e) {
        onError(name, e);
      }
    }
  }

  /**
   * Runs `name` now, due or not, in this process's worker (e.g. right after a commit that gave it work), unless
   * another worker is running it; a no-op (false) in a process without a worker. Calls during a run of this process
   * share that run. Errors are thrown to the caller.
   */
  async runNow(name: string): Promise<boolean> {
    if (!this.workerId) return false;
    const running = this.inFlight.get(name);
    if (running) return running;
    return this.runIfTaken(name, this.workerId, true);
  }

  /** The job rows, for tests and health. */
  async rows(): Promise<PeriodicJobEntity[]> {
    return this.ds.getRepository(PeriodicJobEntity).find({ order: { name: 'ASC' } });
  }

  private runIfTaken(name: string, workerId: string, force: boolean): Promise<boolean> {
    const run = (async () => {
      const job = this.jobs.get(name);
      if (!job) throw new Error(`no periodic job ${name}`);
      if (!(await this.take(name, workerId, force))) return false;
      try {
        await job.run();
      } finally {
        await this.release(name, workerId, job.schedule);
      }
      return true;
    })();
    const tracked = run.finally(() => {
      if (this.inFlight.get(name) === tracked) this.inFlight.delete(name);
    });
    this.inFlight.set(name, tracked);
    return tracked;
  }

  /** Takes the job's row for `workerId` if it is due (or `force`) and free: unheld, lease over, or its holder dead. */
  private async take(name: string, workerId: string, force: boolean): Promise<boolean> {
    const now = this.clock.now();
    const beatCutoff = new Date(now.getTime() - heartbeatDeadAfterMs(this.config.worker.heartbeatMs));
    return inTransaction(this.ds, async (m) => {
      await insertOrIgnore(m, PeriodicJobEntity, { name, nextDueAt: now, lockedBy: null, lockedUntil: null, lastStartedAt: null, lastFinishedAt: null, runs: 0 });
      const qb = m.createQueryBuilder().update(PeriodicJobEntity)
        .set({ lockedBy: workerId, lockedUntil: new Date(now.getTime() + JOB_LEASE_MS), lastStartedAt: now, runs: () => 'runs + 1' })
        .where('name = :name', { name })
        .andWhere(new Brackets((free) => {
          free.where('locked_by IS NULL').orWhere('locked_until < :now', { now })
            .orWhere(`NOT EXISTS (SELECT 1 FROM ${m.connection.getMetadata(WorkerHeartbeatEntity).tableName} h WHERE h.worker_id = locked_by AND h.beat_at >= :beatCutoff)`, { beatCutoff });
        }));
      if (!force) qb.andWhere('next_due_at <= :now', { now });
      return ((await qb.execute()).affected ?? 0) === 1;
    });
  }

  private async release(name: string, workerId: string, schedule: JobSchedule): Promise<void> {
    const now = this.clock.now();
    const nextDueAt = typeof schedule === 'number' ? new Date(now.getTime() + schedule) : schedule(now);
    await inTransaction(this.ds, (m) => m.update(PeriodicJobEntity, { name, lockedBy: workerId }, { lockedBy: null, lockedUntil: null, lastFinishedAt: now, nextDueAt }));
  }
}
