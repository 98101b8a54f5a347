import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { UserEntity } from '../../features/identity/user.entity';
import { designatedContactId } from '../../features/tenancy/designated-contact';
import { SchoolEntity } from '../../features/tenancy/school.entity';
import type { PeriodicJobs } from '../worker/periodic-jobs';
import { WechatApiError } from './wechat-api.errors';
import type { SecCheckResult, WechatClient } from './wechat.client';

/** Rows read per round of a background content check. */
export const CONTENT_CHECK_ROUND = 20;
/** How often the worker looks for unchecked rows (a write in a process that runs a worker also starts a round at once). */
export const CONTENT_CHECK_POLL_MS = 5_000;
/** Transient failures (busy, timeouts) of one row before it is recorded without a verdict. */
export const CONTENT_CHECK_MAX_FAILURES = 5;

/** msg_sec_check scene 2 (评论: a short comment), for every background check. */
const SCENE = 2;

/**
 * One row waiting for a verdict, as its feature presents it to the shared check. The feature owns the row: how its
 * text is read, where its transient failures are counted, and what its result changes.
 */
export interface ContentCheckRow {
  /** The school whose designated contact the check is made in the name of (null: none, so no verdict can be had). */
  schoolId: string | null;
  /** The text to check (decrypted); null when there is none to check. */
  text(): Promise<string | null>;
  /** Adds one transient failure to the row's count in the database; answers the new count. */
  countFailure(): Promise<number>;
  /**
   * Writes the row's result once (a guarded UPDATE: a round taken over from another worker does not write twice):
   * WeChat's verdict, or null when none could be had (no contact's openid, no text, a refusal, too many failures).
   * Answers whether this call wrote it.
   */
  record(verdict: SecCheckResult | null): Promise<boolean>;
}

/**
 * The loop of a background msg_sec_check (tip text, children's free-text survey answers): never inside the request
 * that stored the text, because a WeChat call must not hold a database transaction open. The rows waiting for a
 * verdict are the queue (a `pending` state in the feature's table, read by `pending(limit)`); a periodic job of the
 * worker (one worker at a time across the fleet) checks them every CONTENT_CHECK_POLL_MS in rounds of
 * CONTENT_CHECK_ROUND, and `kick()` starts a round at once after a write in a process that runs a worker.
 * One rule for every feature: the check is made in the designated contact's name (no contact with an openid: recorded
 * without a verdict); a transient failure leaves the row pending until its CONTENT_CHECK_MAX_FAILURES-th; a refusal,
 * or that many failures, records it without a verdict.
 */
export class BackgroundContentCheck {
  private kicked: Promise<unknown> | null = null;
  private again = false;

  constructor(
    private readonly deps: { jobs: PeriodicJobs; log: Logger; wechat: WechatClient; ds: DataSource },
    /** The periodic job's name, also the log's name for this check. */
    private readonly job: string,
    private readonly pending: (limit: number) => Promise<ContentCheckRow[]>,
  ) {}

  /** Registers the periodic job (from the feature's onModuleInit): rounds until one finds fewer, or leaves some for later. */
  register(): void {
    this.deps.jobs.register(this.job, CONTENT_CHECK_POLL_MS, async () => {
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
    this.kicked = this.deps.jobs.runNow(this.job)
      .catch((e) => this.deps.log.error({ err: (e as Error).message, job: this.job }, 'content check round failed'))
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

  private async round(limit: number): Promise<{ found: number; done: number }> {
    const rows = await this.pending(limit);
    let done = 0;
    for (const row of rows) {
      if (await this.checkOne(row)) done++;
    }
    return { found: rows.length, done };
  }

  /** True when the row got its result now; false when the check failed transiently and it stays pending. */
  private async checkOne(row: ContentCheckRow): Promise<boolean> {
    const openid = row.schoolId ? await contentCheckerOpenid(this.deps.ds.manager, row.schoolId) : null;
    const text = openid ? await row.text() : null;
    if (!openid || !text) return row.record(null);
    let verdict: SecCheckResult;
    try {
      verdict = await this.deps.wechat.msgSecCheck({ openid, content: text, scene: SCENE });
    } catch (e) {
      const transient = isTransientCheckFailure(e);
      const n = transient ? await row.countFailure() : CONTENT_CHECK_MAX_FAILURES;
      this.deps.log.warn({ errcode: e instanceof WechatApiError ? e.errcode : null, attempt: n, job: this.job }, 'content check failed');
      if (transient && n < CONTENT_CHECK_MAX_FAILURES) return false;
      return row.record(null);
    }
    return row.record(verdict);
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
