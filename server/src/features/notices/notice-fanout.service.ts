import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Logger } from 'pino';
import { Clock } from '../../platform/common/clock/clock';
import { LOGGER } from '../../platform/common/logging/logger';
import { inTransaction } from '../../platform/database/transaction';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { BindingEntity } from '../bindings/binding.entity';
import { SchoolEntity } from '../tenancy/school.entity';
import { NoticeClassEntity } from './notice-class.entity';
import { publishedMessage, publishKey } from './notice-messages';
import { NoticeReceiptStudentEntity } from './notice-receipt-student.entity';
import { NoticeReceiptEntity } from './notice-receipt.entity';
import { termStart } from './notice-times';
import { chunks } from './notice-views';
import { NoticeEntity } from './notice.entity';

export const FANOUT_JOB = 'notices.fanout';
export const LATE_JOIN_JOB = 'notices.late-joins';
/** The fan-out also runs right after a publication commits in a process with a worker (`kick`). */
const FANOUT_EVERY_MS = 2_000;
const LATE_JOIN_EVERY_MS = 60_000;
/**
 * Bindings approved this long before the last scan are looked at again: a binding approved in a transaction that
 * committed after the scan read (its approval time is the time inside that transaction) is still found.
 */
export const LATE_JOIN_OVERLAP_MS = 10 * 60_000;

class LostRace extends Error {}

/**
 * The worker's side of publishing (periodic jobs, so the request that publishes returns at once):
 * - fan-out: the recipients of a published notice are the guardians with approved bindings to students of its
 *   classes. They are walked in guardian id order, `batchSize` per transaction; each batch inserts the receipts
 *   (multi-row, unique per notice and guardian), the children each names, queues one message per new receipt
 *   (OutboxService.enqueue, with its in-app inbox copy) and moves the cursor, all in one transaction. A worker killed
 *   mid-batch leaves nothing of that batch; the next run starts from the last committed cursor, and the unique key
 *   would refuse a second receipt for a guardian anyway. The notice row is locked per batch, so two workers never
 *   work on one notice at once.
 * - late joiners: a binding approved after publishing, into a class the notice reaches, adds that guardian (or
 *   that child to the guardian's receipt) to the notices published this term; found by scanning bindings approved
 *   since the notice's last scan, so the bindings feature needs no hook. Still-open notices also message them.
 */
@Injectable()
export class NoticeFanout implements OnModuleInit {
  /** Guardians per fan-out transaction. */
  batchSize = 500;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: PeriodicJobs,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    this.jobs.register(FANOUT_JOB, FANOUT_EVERY_MS, async () => void (await this.run()));
    this.jobs.register(LATE_JOIN_JOB, LATE_JOIN_EVERY_MS, async () => void (await this.addLateJoiners()));
  }

  /** Start the fan-out now in this process's worker, if it has one (after a publication commits). */
  kick(): void {
    this.jobs.runNow(FANOUT_JOB).catch((e) => this.log.error({ err: e }, 'notice fan-out failed'));
  }

  /** Fan-out batches of the published notices that are not fanned out yet, at most `maxBatches`; returns the batches run. */
  async run(maxBatches = 40): Promise<number> {
    let ran = 0;
    while (ran < maxBatches) {
      const pending = await this.ds.getRepository(NoticeEntity).createQueryBuilder('n').select(['n.id'])
        .where('n.status IN (:...open) AND n.fanout_done_at IS NULL', { open: ['published', 'closed'] })
        .orderBy('n.published_at', 'ASC').limit(10).getMany();
      if (!pending.length) break;
      for (const { id } of pending) {
        while (ran < maxBatches) {
          ran++;
          if ((await this.runBatch(id)) !== 'more') break;
        }
      }
    }
    return ran;
  }

  /** One batch of one notice: 'more' to come, 'done', or 'skipped' (not to fan out, or another worker moved on). */
  async runBatch(noticeId: string): Promise<'more' | 'done' | 'skipped'> {
    try {
      return await inTransaction(this.ds, async (m) => {
        const notice = await this.lockNotice(m, noticeId);
        if (!notice || notice.fanoutDoneAt || !['published', 'closed'].includes(notice.status)) return 'skipped';
        const school = await m.findOneOrFail(SchoolEntity, { where: { id: notice.schoolId } });
        const classIds = await this.classesOf(m, notice.id);
        const bindings = m.connection.getMetadata(BindingEntity).tableName;
        const inClasses = classIds.map(() => '?').join(', ');
        let expected = notice.fanoutTotal;
        if (expected === null) {
          const [row] = classIds.length ? await m.query(
            `SELECT COUNT(DISTINCT guardian_user_id) AS n FROM ${bindings} WHERE school_id = ? AND status = 'approved' AND class_id IN (${inClasses})`,
            [notice.schoolId, ...classIds],
          ) : [{ n: 0 }];
          expected = Number(row.n);
        }
        const guardians: string[] = classIds.length ? (await m.query(
          `SELECT DISTINCT guardian_user_id AS g FROM ${bindings} WHERE school_id = ? AND status = 'approved' AND guardian_user_id > ?
             AND class_id IN (${inClasses}) ORDER BY guardian_user_id LIMIT ?`,
          [notice.schoolId, notice.fanoutCursor, ...classIds, this.batchSize],
        )).map((r: { g: string }) => r.g) : [];
        await this.addReceipts(m, notice, school, classIds, guardians, true);
        const done = guardians.length < this.batchSize;
        const sent = done ? await m.count(NoticeReceiptEntity, { where: { noticeId } }) : 0;
        const moved = await m.createQueryBuilder().update(NoticeEntity)
          .set({
            fanoutCursor: guardians.length ? guardians[guardians.length - 1] : notice.fanoutCursor,
            // Once done, N is what was made: guardians approved during the fan-out may have joined.
            fanoutTotal: done ? Math.max(expected, sent) : expected,
            ...(done ? { fanoutDoneAt: this.clock.now() } : {}),
          })
          .where('id = :id AND fanout_cursor = :cursor', { id: noticeId, cursor: notice.fanoutCursor }).execute();
        if (moved.affected !== 1) throw new LostRace();
        return done ? 'done' : 'more';
      });
    } catch (e) {
      if (e instanceof LostRace) return 'skipped';
      throw e;
    }
  }

  /**
   * Adds guardians whose binding into a class of a notice was approved after it was published: the notices of this
   * term (published or closed, fan-out done), from where each one's last scan stopped. Returns the receipts made.
   */
  async addLateJoiners(): Promise<number> {
    const until = this.clock.now();
    const open = await this.ds.getRepository(NoticeEntity).createQueryBuilder('n')
      .select(['n.id', 'n.schoolId', 'n.joinsScannedUntil', 'n.publishedAt', 'n.createdAt'])
      .where('n.status IN (:...open) AND n.fanout_done_at IS NOT NULL AND n.published_at >= :term', { open: ['published', 'closed'], term: termStart(until) })
      .andWhere('(n.joins_scanned_until IS NULL OR n.joins_scanned_until < :until)', { until }).getMany();
    if (!open.length) return 0;
    const from = new Date(Math.min(...open.map((n) => scannedUntil(n).getTime())) - LATE_JOIN_OVERLAP_MS);
    const schools = new Set((await this.ds.createQueryBuilder().select('DISTINCT b.school_id', 'schoolId').from(BindingEntity, 'b')
      .where('b.status = :approved AND b.decided_at > :from AND b.decided_at <= :until', { approved: 'approved', from, until })
      .getRawMany()).map((r: { schoolId: string }) => r.schoolId));
    let added = 0;
    for (const notice of open.filter((n) => schools.has(n.schoolId))) added += await this.joinNotice(notice.id, until);
    const quiet = open.filter((n) => !schools.has(n.schoolId)).map((n) => n.id);
    for (const ids of chunks(quiet)) {
      await inTransaction(this.ds, (m) => m.createQueryBuilder().update(NoticeEntity).set({ joinsScannedUntil: until })
        .where('id IN (:...ids) AND (joins_scanned_until IS NULL OR joins_scanned_until < :until)', { ids, until }).execute());
    }
    return added;
  }

  private async joinNotice(noticeId: string, until: Date): Promise<number> {
    return inTransaction(this.ds, async (m) => {
      const notice = await this.lockNotice(m, noticeId);
      if (!notice || !notice.fanoutDoneAt || !['published', 'closed'].includes(notice.status)) return 0;
      const school = await m.findOneOrFail(SchoolEntity, { where: { id: notice.schoolId } });
      const classIds = await this.classesOf(m, notice.id);
      const from = new Date(scannedUntil(notice).getTime() - LATE_JOIN_OVERLAP_MS);
      const guardians = classIds.length ? [...new Set((await m.createQueryBuilder().select('b.guardian_user_id', 'g').from(BindingEntity, 'b')
        .where('b.school_id = :school AND b.status = :approved AND b.class_id IN (:...classIds)', { school: notice.schoolId, approved: 'approved', classIds })
        .andWhere('b.decided_at > :from AND b.decided_at <= :until', { from, until })
        .getRawMany()).map((r: { g: string }) => r.g))] : [];
      let added = 0;
      for (const batch of chunks(guardians, this.batchSize)) {
        added += await this.addReceipts(m, notice, school, classIds, batch, notice.status === 'published');
      }
      await m.createQueryBuilder().update(NoticeEntity)
        .set({ joinsScannedUntil: until, fanoutTotal: () => `COALESCE(fanout_total, 0) + ${added}` })
        .where('id = :id', { id: notice.id }).execute();
      return added;
    });
  }

  /**
   * Receipts for `guardians` (one each, multi-row, none twice), the children of the notice's classes each names,
   * and, when `announce`, one message per receipt made now. Returns how many receipts were made.
   */
  private async addReceipts(
    m: EntityManager, notice: NoticeEntity, school: SchoolEntity, classIds: string[], guardians: string[], announce: boolean,
  ): Promise<number> {
    if (!guardians.length || !classIds.length) return 0;
    const now = this.clock.now();
    const children = await m.find(BindingEntity, {
      where: { schoolId: notice.schoolId, status: 'approved', guardianUserId: In(guardians), classId: In(classIds) },
      select: { guardianUserId: true, studentId: true, classId: true, relation: true },
    });
    const before = await this.receiptIds(m, notice.id, guardians);
    const fresh = guardians.filter((g) => !before.has(g)).map((guardianUserId) => ({
      id: randomUUID(), noticeId: notice.id, schoolId: notice.schoolId, guardianUserId, contentHash: notice.contentHash,
      messageKey: publishKey(notice.id, guardianUserId), createdAt: now, readOn: null, confirmedOn: null, signedOn: null, answeredOn: null,
      answerChoices: null, answerTextEnc: null, acknowledgedOn: null,
    }));
    if (fresh.length) await m.createQueryBuilder().insert().into(NoticeReceiptEntity).values(fresh).orIgnore().updateEntity(false).execute();
    const ids = fresh.length ? await this.receiptIds(m, notice.id, guardians) : before;
    const students = children.filter((c) => ids.has(c.guardianUserId)).map((c) => ({
      receiptId: ids.get(c.guardianUserId)!, studentId: c.studentId, noticeId: notice.id, classId: c.classId, relation: c.relation,
    }));
    if (students.length) await m.createQueryBuilder().insert().into(NoticeReceiptStudentEntity).values(students).orIgnore().updateEntity(false).execute();
    // Made by this transaction: the id it chose is the one stored (another's insert would have won the unique key).
    const made = fresh.filter((r) => ids.get(r.guardianUserId) === r.id);
    if (announce) {
      for (const r of made) await this.outbox.enqueue(m, publishedMessage(notice, school, r.guardianUserId, now));
    }
    return made.length;
  }

  private async receiptIds(m: EntityManager, noticeId: string, guardians: string[]): Promise<Map<string, string>> {
    const rows = await m.find(NoticeReceiptEntity, { where: { noticeId, guardianUserId: In(guardians) }, select: { id: true, guardianUserId: true } });
    return new Map(rows.map((r) => [r.guardianUserId, r.id]));
  }

  private async classesOf(m: EntityManager, noticeId: string): Promise<string[]> {
    return (await m.find(NoticeClassEntity, { where: { noticeId } })).map((c) => c.classId);
  }

  /** The notice row, locked for this transaction on MariaDB/MySQL (SQLite has one writer at a time). */
  private lockNotice(m: EntityManager, noticeId: string): Promise<NoticeEntity | null> {
    const sqlite = m.connection.options.type === 'better-sqlite3';
    return m.findOne(NoticeEntity, { where: { id: noticeId }, ...(sqlite ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
  }
}

function scannedUntil(n: NoticeEntity): Date {
  return new Date(n.joinsScannedUntil ?? n.publishedAt ?? n.createdAt);
}
