import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThanOrEqual, type EntityManager } from 'typeorm';
import { Logger } from 'pino';
import { PLEDGE_AUTO_REMIND_DAYS_BEFORE } from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import { Clock } from '../../platform/common/clock/clock';
import { LOGGER } from '../../platform/common/logging/logger';
import { insertOrIgnore } from '../../platform/database/insert-ignore';
import { inTransaction } from '../../platform/database/transaction';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { BindingEntity } from '../bindings/binding.entity';
import { chunks } from '../../platform/database/in-lists';
import { SchoolEntity } from '../tenancy/school.entity';
import { pledgeClasses } from './pledge-audience';
import { addDays, pledgeStatus, signatureDay } from './pledge-days';
import { pledgeMessage, type PledgeAsk } from './pledge-messages';
import { guardiansToRemind, guardianView, loadProgress } from './pledge-progress';
import { PledgeSendEntity } from './pledge-send.entity';
import { PledgeEntity } from './pledge.entity';

export const SENDS_JOB = 'pledges.sends';
export const AUTO_REMIND_JOB = 'pledges.auto-remind';
const SENDS_EVERY_MS = 5_000;
const AUTO_REMIND_EVERY_MS = 10 * 60_000;

/** The round that announces version `n`. */
export const versionRound = (n: number) => `v${n}`;
export const AUTO_ROUND = 'auto';

class LostRace extends Error {}

/**
 * The messages the worker sends about pledges, so that publishing to a whole school returns at once:
 * - a round per published version (`v<n>`, started in the publishing transaction): version 1 asks every guardian of
 *   the audience who has something to sign; a later version asks those who signed an older one to sign again;
 * - the automatic reminder PLEDGE_AUTO_REMIND_DAYS_BEFORE days before the deadline (`auto`), to the guardians who
 *   still have something to sign: claimed once per pledge by one conditional UPDATE of `auto_reminded_at`, in the
 *   transaction that starts its round and writes its audit entry, so two workers never both send it.
 * A round walks the guardians with approved bindings into the audience's classes in id order, `batchSize` per
 * transaction: each batch queues one message per guardian who still needs it (OutboxService.enqueue, with its inbox
 * copy; the dedupe key `pledge:<id>:<round>:<guardian>` makes it once) and moves the round's cursor, all in one
 * transaction, so a worker killed mid-batch leaves nothing of it and the next run resumes from the cursor.
 */
@Injectable()
export class PledgeSends implements OnModuleInit {
  batchSize = 500;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: PeriodicJobs,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    this.jobs.register(SENDS_JOB, SENDS_EVERY_MS, async () => void (await this.run()));
    this.jobs.register(AUTO_REMIND_JOB, AUTO_REMIND_EVERY_MS, async () => void (await this.autoRemind()));
  }

  /** Starts a round in the caller's transaction (once: the key is the pledge and the round). */
  async start(m: EntityManager, pledge: PledgeEntity, round: string, versionNumber: number): Promise<void> {
    await insertOrIgnore(m, PledgeSendEntity, {
      pledgeId: pledge.id, round, schoolId: pledge.schoolId, versionNumber, cursor: '', sent: 0, createdAt: this.clock.now(), doneAt: null,
    });
  }

  /** Sends now in this process's worker, if it has one (after a round's transaction commits). */
  kick(): void {
    this.jobs.runNow(SENDS_JOB).catch((e) => this.log.error({ err: e }, 'pledge messages failed'));
  }

  /** Batches of the rounds not yet done, at most `maxBatches`; returns the batches run. */
  async run(maxBatches = 40): Promise<number> {
    let ran = 0;
    while (ran < maxBatches) {
      const pending = await this.ds.getRepository(PledgeSendEntity).find({ where: { doneAt: IsNull() }, order: { createdAt: 'ASC' }, take: 10 });
      if (!pending.length) break;
      for (const { pledgeId, round } of pending) {
        while (ran < maxBatches) {
          ran++;
          if ((await this.runBatch(pledgeId, round)) !== 'more') break;
        }
      }
    }
    return ran;
  }

  /** One batch of one round: 'more' to come, 'done', or 'skipped' (already done, or another worker moved on). */
  async runBatch(pledgeId: string, round: string): Promise<'more' | 'done' | 'skipped'> {
    try {
      return await inTransaction(this.ds, async (m) => {
        const sqlite = m.connection.options.type === 'better-sqlite3';
        const send = await m.findOne(PledgeSendEntity, { where: { pledgeId, round }, ...(sqlite ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
        if (!send || send.doneAt) return 'skipped';
        const now = this.clock.now();
        const pledge = await m.findOneOrFail(PledgeEntity, { where: { id: pledgeId } });
        // A closed pledge asks nothing more; a version's round ends when a newer version starts its own.
        const stale = pledgeStatus(pledge, now) === 'closed' || (round !== AUTO_ROUND && send.versionNumber !== pledge.currentVersion);
        const classes = stale ? [] : await pledgeClasses(m, pledge);
        const classIds = classes.map((c) => c.id);
        const guardians: string[] = [];
        if (classIds.length) {
          const bindings = m.connection.getMetadata(BindingEntity).tableName;
          const rows: { g: string }[] = await m.query(
            `SELECT DISTINCT guardian_user_id AS g FROM ${bindings} WHERE school_id = ? AND status = 'approved' AND guardian_user_id > ?
               AND class_id IN (${classIds.map(() => '?').join(', ')}) ORDER BY guardian_user_id LIMIT ?`,
            [pledge.schoolId, send.cursor, ...classIds, this.batchSize],
          );
          guardians.push(...rows.map((r) => r.g));
        }
        const school = await m.findOneOrFail(SchoolEntity, { where: { id: pledge.schoolId } });
        const ask: PledgeAsk = round === AUTO_ROUND ? 'remind' : send.versionNumber === 1 ? 'sign' : 'resign';
        const recipients = guardians.length ? await this.recipients(m, pledge, classes, guardians, ask) : [];
        for (const g of recipients) await this.outbox.enqueue(m, pledgeMessage(pledge, school, g, ask, round, now));
        const done = guardians.length < this.batchSize;
        const moved = await m.createQueryBuilder().update(PledgeSendEntity)
          .set({ cursor: guardians.length ? guardians[guardians.length - 1] : send.cursor, sent: send.sent + recipients.length, ...(done ? { doneAt: now } : {}) })
          .where('pledge_id = :pledgeId AND round = :round AND guardian_cursor = :cursor', { pledgeId, round, cursor: send.cursor }).execute();
        if (moved.affected !== 1) throw new LostRace();
        return done ? 'done' : 'more';
      });
    } catch (e) {
      if (e instanceof LostRace) return 'skipped';
      throw e;
    }
  }

  /**
   * The automatic reminder of the pledges whose deadline is PLEDGE_AUTO_REMIND_DAYS_BEFORE days away or nearer (and
   * not passed), opened before that day; each claimed once. Returns how many were claimed.
   */
  async autoRemind(): Promise<number> {
    const now = this.clock.now();
    const today = signatureDay(now);
    const due = await this.ds.getRepository(PledgeEntity).find({
      where: { autoRemindedAt: IsNull(), deadline: LessThanOrEqual(addDays(today, PLEDGE_AUTO_REMIND_DAYS_BEFORE)) },
    });
    const open = due.filter((p) => p.deadline >= today && signatureDay(p.createdAt) < addDays(p.deadline, -PLEDGE_AUTO_REMIND_DAYS_BEFORE));
    let claimed = 0;
    for (const { id } of open) {
      const won = await inTransaction(this.ds, async (m) => {
        const res = await m.createQueryBuilder().update(PledgeEntity).set({ autoRemindedAt: now })
          .where('id = :id AND auto_reminded_at IS NULL', { id }).execute();
        if (res.affected !== 1) return false;
        const pledge = await m.findOneOrFail(PledgeEntity, { where: { id } });
        await this.start(m, pledge, AUTO_ROUND, pledge.currentVersion);
        await this.audit.append(m, {
          schoolId: pledge.schoolId, actorUserId: null, actorRole: 'system', action: 'pledge.auto_reminded', targetType: 'pledge', targetId: pledge.id,
          details: { schoolYear: pledge.schoolYear, deadline: pledge.deadline, version: pledge.currentVersion },
        });
        return true;
      });
      if (won) claimed++;
    }
    if (claimed) this.kick();
    return claimed;
  }

  /** Of `guardians`, those this round's message is for: who still has something to sign (`resign`: a re-signature). */
  private async recipients(m: EntityManager, pledge: PledgeEntity, classes: Awaited<ReturnType<typeof pledgeClasses>>, guardians: string[], ask: PledgeAsk): Promise<string[]> {
    const classIds = classes.map((c) => c.id);
    const links: Pick<BindingEntity, 'guardianUserId' | 'studentId'>[] = [];
    for (const ids of chunks(guardians)) {
      links.push(...await m.createQueryBuilder(BindingEntity, 'b').select(['b.guardianUserId', 'b.studentId'])
        .where('b.school_id = :school AND b.status = :approved', { school: pledge.schoolId, approved: 'approved' })
        .andWhere('b.guardian_user_id IN (:...ids) AND b.class_id IN (:...classIds)', { ids, classIds }).getMany());
    }
    const children = await loadProgress(m, pledge, classes, links.map((l) => l.studentId));
    const mine = new Set(guardians);
    if (ask !== 'resign') return guardiansToRemind(pledge, children).filter((g) => mine.has(g));
    const out = new Set<string>();
    for (const c of children) for (const g of c.guardians) if (mine.has(g.userId) && guardianView(pledge, c, g.userId).status === 'resign') out.add(g.userId);
    return [...out].sort();
  }
}
