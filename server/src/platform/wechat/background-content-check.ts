import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { UserEntity } from '../../features/identity/user.entity';
import { designatedContactId } from '../../features/tenancy/designated-contact';
import { SchoolEntity } from '../../features/tenancy/school.entity';
import type { PeriodicJobs } from '../worker/periodic-jobs';
import { WechatApiError } from './wechat-api.errors';

/** Rows read per round of a background content check. */
export const CONTENT_CHECK_ROUND = 20;
/** How often the worker looks for unchecked rows (a write in a process that runs a worker also starts a round at once). */
export const CONTENT_CHECK_POLL_MS = 5_000;
/** Transient failures (busy, timeouts) of one row before it is recorded without a verdict. */
export const CONTENT_CHECK_MAX_FAILURES = 5;

/**
 * The loop of a background msg_sec_check (tip text, children's free-text survey answers): never inside the request
 * that stored the text, because a WeChat call must not hold a database transaction open. The rows waiting for a
 * verdict are the queue (a `pending` state in the feature's table); a periodic job of the worker (one worker at a
 * time across the fleet) checks them every CONTENT_CHECK_POLL_MS in rounds of CONTENT_CHECK_ROUND, and `kick()`
 * starts a round at once after a write in a process that runs a worker. The feature owns the rows: `round(limit)`
 * checks up to `limit` of them and answers how many it found and how many got a result.
 */
export class BackgroundContentCheck {
  private kicked: Promise<unknown> | null = null;
  private again = false;

  constructor(
    private readonly jobs: PeriodicJobs,
    private readonly log: Logger,
    private readonly job: string,
    private readonly round: (limit: number) => Promise<{ found: number; done: number }>,
  ) {}

  /** Registers the periodic job (from the feature's onModuleInit): rounds until one finds fewer, or leaves some for later. */
  register(): void {
    this.jobs.register(this.job, CONTENT_CHECK_POLL_MS, async () => {
      for (;;) {
        const { found, done } = await this.round(CONTENT_CHECK_ROUND);
        if (found < CONTENT_CHECK_ROUND || done < found) return;
      }
    });
  }

  /** Check soon, in the background: runs the job now in this process's worker unless another is running it; no-op without a worker. */
  kick(): void {
    if (this.kicked) {
      this.again = true;
      return;
    }
    this.kicked = this.jobs.runNow(this.job)
      .catch((e) => this.log.error({ err: (e as Error).message, job: this.job }, 'content check round failed'))
      .finally(() => {
        this.kicked = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits for a round started by `kick()` (the feature's onApplicationShutdown). */
  async settled(): Promise<void> {
    await this.kicked;
  }

  /** Checks up to `limit` pending rows now; answers how many got a result (tests call it directly). */
  async checkPending(limit = CONTENT_CHECK_ROUND): Promise<number> {
    return (await this.round(limit)).done;
  }
}

/** A failure worth trying again later (busy, timeouts, token trouble), as opposed to WeChat refusing the check. */
export function isTransientCheckFailure(e: unknown): boolean {
  return !(e instanceof WechatApiError) || e.retryable || e.tokenProblem;
}

/**
 * Whose openid a check is made in (v2 needs one): the school's designated contact, who reads the text. The writer's
 * openid is never stored (a tip or an answer must not link to a person). Null without a designated contact or openid.
 */
export async function contentCheckerOpenid(m: EntityManager, schoolId: string): Promise<string | null> {
  const school = await m.findOne(SchoolEntity, { where: { id: schoolId } });
  const userId = school ? await designatedContactId(m, school) : null;
  if (!userId) return null;
  return (await m.findOne(UserEntity, { where: { id: userId } }))?.openid ?? null;
}
