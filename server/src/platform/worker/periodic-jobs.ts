import { Injectable } from '@nestjs/common';

/**
 * Work that features want done on every worker tick (each job throttles itself). A feature registers its job
 * when its module starts; the worker runs them in registration order after delivery. This keeps the worker
 * ignorant of the features: it knows there are jobs, not what they are.
 */
@Injectable()
export class PeriodicJobs {
  private readonly jobs = new Map<string, () => Promise<void>>();

  register(name: string, run: () => Promise<void>): void {
    if (this.jobs.has(name)) throw new Error(`periodic job ${name} registered twice`);
    this.jobs.set(name, run);
  }

  /** Runs every job once; a failing job is reported through `onError` and does not stop the others. */
  async runAll(onError: (name: string, err: unknown) => void): Promise<void> {
    for (const [name, run] of this.jobs) {
      try {
        await run();
      } catch (e) {
        onError(name, e);
      }
    }
  }
}
