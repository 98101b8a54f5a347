import { randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Logger } from 'pino';
import { Clock } from '../../platform/common/clock/clock';
import { LOGGER } from '../../platform/common/logging/logger';
import { throughIndex } from '../../platform/database/index-hint';
import { insertManyIgnoringDuplicates, insertPlanned, planInsertMany, plannedWrites, type PlannedInsert } from '../../platform/database/insert-many';
import { commitPipelined, type PipelinedWrite } from '../../platform/database/pipelined-commit';
import { inTransaction } from '../../platform/database/transaction';
import { OutboxService, type PlannedMessages } from '../../platform/outbox/outbox.service';
import type { SealLeafInput } from '../../platform/audit/seal/seal-leaves';
import type { OutboxMessage } from '../../platform/outbox/outbox.types';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { BindingEntity } from '../bindings/binding.entity';
import { earliestSemesterStart, schoolCalendars } from '../calendar/district-calendar';
import { SchoolEntity } from '../tenancy/school.entity';
import { NoticeClassEntity } from './notice-class.entity';
import { NoticeCounters } from './notice-counts';
import { publishedMessages, publishKey } from './notice-messages';
import { NoticeReceiptSeal } from './notice-receipt-seal';
import { NoticeReceiptStudentEntity } from './notice-receipt-student.entity';
import { NoticeReceiptEntity } from './notice-receipt.entity';
import { termStart } from './notice-times';
import { chunks } from '../../platform/database/in-lists';
import { NoticeEntity } from './notice.entity';

export const FANOUT_JOB = 'notices.fanout';
export const LATE_JOIN_JOB = 'notices.late-joins';
/** The fan-out also runs right after a publication commits in a process with a worker (`kick`). */
const FANOUT_EVERY_MS = 2_000;
/**
 * How long one run of the job goes on (real time, not the Clock) before it lets the worker's other jobs have their
 * turn; the next run carries on from the cursor. 100,000 guardians take about as long (see docs/BENCHMARKS.md).
 */
const FANOUT_RUN_MS = 30_000;
const LATE_JOIN_EVERY_MS = 60_000;
/**
 * Bindings approved this long before the last scan are looked at again: a binding approved in a transaction that
 * committed after the scan read (its approval time is the time inside that transaction) is still found.
 */
export const LATE_JOIN_OVERLAP_MS = 10 * 60_000;

class LostRace extends Error {}

/** A guardian's approved binding to a child in one of the notice's classes. */
type Child = Pick<BindingEntity, 'guardianUserId' | 'studentId' | 'classId' | 'relation'>;

/** The notices whose fan-out runs (or finishes: a notice closed at its deadline meanwhile). */
const FANNING = ['published', 'closed'];

/** Guardians whose rows `NoticeFanout.plan` builds between two turns of the event loop. */
const PLAN_SLICE = 10;

/** Receipts built before their transaction (`NoticeFanout.plan`), and what goes with them. */
interface PlannedReceipts {
  /** New receipts: nothing done yet (the columns left out take their defaults). */
  receipts: Pick<NoticeReceiptEntity, 'id' | 'noticeId' | 'schoolId' | 'guardianUserId' | 'contentHash' | 'messageKey' | 'createdAt' | 'readOn'
    | 'confirmedOn' | 'signedOn' | 'answeredOn' | 'answerChoices' | 'answerTextEnc' | 'acknowledgedOn'>[];
  children: Child[];
  /** The children each receipt names, by the ids chosen for the receipts. */
  links: NoticeReceiptStudentEntity[];
  leaves: SealLeafInput[];
  /** One per receipt, announcing the notice. */
  messages: OutboxMessage[];
  /** The statements of the receipts and links, and the messages as the outbox writes them: used when every receipt is new. */
  receiptsInsert: PlannedInsert;
  linksInsert: PlannedInsert;
  announce: PlannedMessages;
}

/** One fan-out batch as read and built (`NoticeFanout.prepare`), for `write`. */
interface Batch {
  /** The notice and its school as read when the first batch was prepared (`write` locks and checks the notice again). */
  notice: NoticeEntity;
  school: SchoolEntity;
  /** The cursor the batch starts after (written only if the notice's cursor is still this), and the one it leaves. */
  from: string;
  to: string;
  done: boolean;
  receipts: PlannedReceipts;
}

/**
 * The worker's side of publishing (periodic jobs, so the request that publishes returns at once):
 * - fan-out: the recipients of a published notice are the guardians with approved bindings to students of its
 *   classes. They are walked in guardian id order, about `batchSize` bindings per transaction; each batch inserts the receipts
 *   (multi-row, unique per notice and guardian), the children each names, queues one message per new receipt
 *   (OutboxService.enqueueMany: multi-row outbox rows and in-app inbox copies) and moves the cursor, all in one
 *   transaction. A worker killed
 *   mid-batch leaves nothing of that batch; the next run starts from the last committed cursor, and the unique key
 *   would refuse a second receipt for a guardian anyway. The notice row is locked per batch, so two workers never
 *   work on one notice at once.
 * - late joiners: a binding approved after publishing, into a class the notice reaches, adds that guardian (or
 *   that child to the guardian's receipt) to the notices published this term; found by scanning bindings approved
 *   since the notice's last scan, so the bindings feature needs no hook. Still-open notices also message them.
 */
@Injectable()
export class NoticeFanout implements OnModuleInit {
  /**
   * Bindings per fan-out transaction (a guardian's children are never split between two): each batch is a handful of
   * statements (one read of the bindings index, multi-row INSERTs of receipts, children, outbox rows and inbox
   * items), so 100,000 guardians are about 200 short transactions. Twice as many per batch saved little time and
   * took the server's memory from about 180 MB to over 300 MB during a 100,000-guardian fan-out (250 MB at this
   * size; docs/BENCHMARKS.md), and holds SQLite's single writer longer.
   */
  batchSize = 500;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: PeriodicJobs,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly seal: NoticeReceiptSeal,
    private readonly counters: NoticeCounters,
  ) {}

  onModuleInit(): void {
    this.jobs.register(FANOUT_JOB, FANOUT_EVERY_MS, async () => void (await this.run(FANOUT_RUN_MS)));
    this.jobs.register(LATE_JOIN_JOB, LATE_JOIN_EVERY_MS, async () => void (await this.addLateJoiners()));
  }

  /** Start the fan-out now in this process's worker, if it has one (after a publication commits). */
  kick(): void {
    this.jobs.runNow(FANOUT_JOB).catch((e) => this.log.error({ err: e }, 'notice fan-out failed'));
  }

  /**
   * Fan-out batches of the published notices that are not fanned out yet, until none is left or `budgetMs` (real
   * time) has passed; returns the batches run. While one batch's transaction runs, the next is read and built
   * (`prepare`): MariaDB works on the one while this process works on the other, instead of each waiting for the other.
   */
  async run(budgetMs = FANOUT_RUN_MS): Promise<number> {
    const until = performance.now() + budgetMs;
    let ran = 0;
    while (performance.now() < until) {
      const pending = await this.ds.getRepository(NoticeEntity).createQueryBuilder('n').select(['n.id'])
        .where('n.status IN (:...open) AND n.fanout_done_at IS NULL', { open: FANNING })
        .orderBy('n.published_at', 'ASC').limit(10).getMany();
      if (!pending.length) break;
      for (const { id } of pending) {
        let batch = await this.prepare(id);
        while (batch && performance.now() < until) {
          const ahead = batch.done ? null : this.prepare(id, batch);
          // Settled below whatever this batch's transaction does; never left to reject unobserved.
          ahead?.catch(() => undefined);
          ran++;
          let state: 'more' | 'done' | 'skipped';
          try {
            state = await this.write(batch);
          } catch (e) {
            await ahead?.catch(() => undefined);
            throw e;
          }
          const next = await ahead;
          // Skipped: another worker moved the cursor (the batch read ahead starts from a place no longer current).
          batch = state === 'more' ? next : null;
        }
      }
    }
    return ran;
  }

  /** One batch of one notice, read and then written: 'more' to come, 'done', or 'skipped' (not to fan out, or another worker moved on). */
  async runBatch(noticeId: string): Promise<'more' | 'done' | 'skipped'> {
    const batch = await this.prepare(noticeId);
    return batch ? this.write(batch) : 'skipped';
  }

  /**
   * The batch after `after` (or after the notice's stored cursor), read and built outside any transaction: the next
   * guardians with their children, and their receipts, children, seal leaves and messages ready to insert. Null when
   * the notice is not one to fan out. Nothing here is written: `write` checks the cursor it starts from.
   */
  private async prepare(noticeId: string, after?: Batch): Promise<Batch | null> {
    const notice = after?.notice ?? await this.ds.getRepository(NoticeEntity).findOne({ where: { id: noticeId } });
    if (!notice || notice.fanoutDoneAt || !FANNING.includes(notice.status)) return null;
    const school = after?.school ?? await this.ds.getRepository(SchoolEntity).findOneOrFail({ where: { id: notice.schoolId } });
    const from = after ? after.to : notice.fanoutCursor;
    const { guardians, children, done } = await this.nextGuardians(this.ds.manager, notice, from);
    return { notice, school, from, to: guardians.length ? guardians[guardians.length - 1] : from, done, receipts: await this.plan(notice, school, guardians, children) };
  }

  /**
   * A prepared batch in one transaction: the notice locked and its cursor checked (still where the batch starts, else
   * 'skipped'), the receipts with their children, counts, leaves and messages, and the cursor moved past them. On
   * MariaDB/MySQL a batch that is not the notice's last is first written at once (`writeAtOnce`).
   */
  private async write(batch: Batch): Promise<'more' | 'done' | 'skipped'> {
    if (this.ds.options.type !== 'better-sqlite3' && !batch.done && batch.receipts.receipts.length) {
      const state = await this.writeAtOnce(batch);
      if (state) return state;
    }
    try {
      return await inTransaction(this.ds, async (m) => {
        const locked = await this.lockForBatch(m, batch);
        if (!locked) return 'skipped';
        const { notice, expected } = locked;
        // Corrected while its fan-out ran: the rest get their receipts quietly; the correction's message reaches them.
        await this.addReceipts(m, notice, batch.receipts, !notice.correctedBy);
        const sent = batch.done ? await m.count(NoticeReceiptEntity, { where: { noticeId: notice.id } }) : 0;
        const moved = await m.createQueryBuilder().update(NoticeEntity)
          .set({
            fanoutCursor: batch.to,
            // Once done, N is what was made: guardians approved during the fan-out may have joined.
            fanoutTotal: batch.done ? Math.max(expected, sent) : expected,
            ...(batch.done ? { fanoutDoneAt: this.clock.now() } : {}),
          })
          .where('id = :id AND fanout_cursor = :cursor', { id: notice.id, cursor: batch.from }).execute();
        if (moved.affected !== 1) throw new LostRace();
        return batch.done ? 'done' : 'more';
      });
    } catch (e) {
      if (e instanceof LostRace) return 'skipped';
      throw e;
    }
  }

  /**
   * `write` on MariaDB/MySQL for a batch that is not the notice's last, in the usual case where every row is new: the
   * receipts, their children, the class counts, the seal leaves, the messages and the cursor sent back to back and
   * committed together (`commitPipelined`; docs/NOTICES.md, "Fan-out (the worker)"). Null when that did not hold (a guardian
   * had a receipt already, a message was there; the notice corrected, recalled or moved on by another worker meanwhile):
   * nothing of it is kept, and `write` goes the careful way, which reads back what exists.
   * A batch after the notice's first takes the notice's lock as the first statement sent and leaves what `lockForBatch`
   * checks to the cursor's UPDATE at the end (which changes the row only if all of it still holds): its N of
   * 已发送 x / N was stored by the batch that first moved the cursor. That saves a round trip and a read per batch.
   */
  private async writeAtOnce(batch: Batch): Promise<'more' | 'skipped' | null> {
    return inTransaction(this.ds, async (m) => {
      const first = batch.from === '';
      const locked = first ? await this.lockForBatch(m, batch) : null;
      if (first && !locked) return 'skipped';
      if (locked?.notice.correctedBy) return null;
      const { receipts, links, leaves, receiptsInsert, linksInsert, announce } = batch.receipts;
      const counts = this.counters.madeWrite(false, batch.notice.id, receipts.length, links);
      const cursor: PipelinedWrite = locked
        ? { sql: 'UPDATE notices SET fanout_cursor = ?, fanout_total = ? WHERE id = ? AND fanout_cursor = ?', params: [batch.to, locked.expected, batch.notice.id, batch.from], expect: 1 }
        : {
          sql: `UPDATE notices SET fanout_cursor = ? WHERE id = ? AND fanout_cursor = ? AND fanout_done_at IS NULL AND corrected_by IS NULL
            AND status IN (${FANNING.map(() => '?').join(', ')})`,
          params: [batch.to, batch.notice.id, batch.from, ...FANNING], expect: 1,
        };
      const committed = await commitPipelined(m, [
        ...(locked ? [] : [{ sql: 'SELECT id FROM notices WHERE id = ? FOR UPDATE', params: [batch.notice.id] }]),
        ...plannedWrites(receiptsInsert),
        ...plannedWrites(linksInsert),
        ...(counts ? [counts] : []),
        ...this.seal.madeWrites(leaves),
        ...this.outbox.pipelinedWrites(m, announce),
        cursor,
      ]);
      return committed ? 'more' : null;
    });
  }

  /**
   * The batch's notice locked (MariaDB/MySQL) with N of 已发送 x / N, or null when the batch is not to be written: the
   * notice is not one to fan out any more, or its cursor is no longer where the batch starts (another worker moved on).
   */
  private async lockForBatch(m: EntityManager, batch: Batch): Promise<{ notice: NoticeEntity; expected: number } | null> {
    const notice = await this.lockNotice(m, batch.notice.id);
    if (!notice || notice.fanoutDoneAt || !FANNING.includes(notice.status) || notice.fanoutCursor !== batch.from) return null;
    return { notice, expected: notice.fanoutTotal ?? await this.recipientCount(m, notice) };
  }

  /** N of 已发送 x / N while the fan-out runs: the guardians with approved bindings into the notice's classes. */
  private async recipientCount(m: EntityManager, notice: NoticeEntity): Promise<number> {
    const [row] = await m.query(
      `SELECT COUNT(DISTINCT b.guardian_user_id) AS n FROM ${m.connection.getMetadata(BindingEntity).tableName} b
        JOIN ${m.connection.getMetadata(NoticeClassEntity).tableName} nc ON nc.notice_id = ? AND nc.class_id = b.class_id
        WHERE b.school_id = ? AND b.status = 'approved'`,
      [notice.id, notice.schoolId],
    );
    return Number(row.n);
  }

  /**
   * The next guardians after `from`, with their children in the notice's classes: one stretch of the bindings index
   * (school, status, guardian, class, child, relation), read in guardian order, each binding matched to the notice's
   * classes by key, and cut at `batchSize` bindings. The last guardian read may have more children past the cut: they
   * are left to the next batch, unless they are the only guardian read (then all of theirs are read now). `done` when
   * the stretch ran out before the cut.
   */
  private async nextGuardians(m: EntityManager, notice: NoticeEntity, from: string): Promise<{ guardians: string[]; children: Child[]; done: boolean }> {
    // Through the fan-out index always, and the bindings first (STRAIGHT_JOIN, SQLite's CROSS JOIN): read the other way
    // round, or with the classes as an IN list (which MariaDB turns into a join from 1,000 values), the plan may sort
    // the school's bindings for each batch: 200,000 rows and 0.3–0.45 s instead of 500 rows and a few ms (docs/BENCHMARKS.md).
    const sqlite = m.connection.options.type === 'better-sqlite3';
    const bindings = throughIndex(m, m.connection.getMetadata(BindingEntity).tableName, 'ix_bindings_fanout', 'b');
    const select = `SELECT b.guardian_user_id AS guardianUserId, b.student_id AS studentId, b.class_id AS classId, b.relation AS relation
      FROM ${bindings} ${sqlite ? 'CROSS JOIN' : 'STRAIGHT_JOIN'} ${m.connection.getMetadata(NoticeClassEntity).tableName} nc
        ON nc.notice_id = ? AND nc.class_id = b.class_id
      WHERE b.school_id = ? AND b.status = 'approved'`;
    const rows: Child[] = await m.query(`${select} AND b.guardian_user_id > ? ORDER BY b.guardian_user_id LIMIT ?`,
      [notice.id, notice.schoolId, from, this.batchSize]);
    const done = rows.length < this.batchSize;
    let children = rows;
    if (!done) {
      const last = rows[rows.length - 1].guardianUserId;
      children = rows.filter((r) => r.guardianUserId !== last);
      if (!children.length) children = await m.query(`${select} AND b.guardian_user_id = ?`, [notice.id, notice.schoolId, last]);
    }
    const guardians: string[] = [];
    for (const c of children) if (guardians[guardians.length - 1] !== c.guardianUserId) guardians.push(c.guardianUserId);
    return { guardians, children, done };
  }

  /**
   * Adds guardians whose binding into a class of a notice was approved after it was published: the notices of this
   * term (published or closed, fan-out done), from where each one's last scan stopped. Returns the receipts made.
   */
  async addLateJoiners(): Promise<number> {
    const until = this.clock.now();
    const found = await this.ds.getRepository(NoticeEntity).createQueryBuilder('n')
      .select(['n.id', 'n.schoolId', 'n.joinsScannedUntil', 'n.publishedAt', 'n.createdAt'])
      // A corrected notice takes nobody new: a guardian who joins later gets its correction.
      .where('n.status IN (:...open) AND n.fanout_done_at IS NOT NULL AND n.corrected_by IS NULL AND n.published_at >= :term', { open: FANNING, term: await earliestSemesterStart(this.ds.manager, until) })
      .andWhere('(n.joins_scanned_until IS NULL OR n.joins_scanned_until < :until)', { until }).getMany();
    // This term by each school's own district calendar (the query above took the earliest term start of any district).
    const calendars = await schoolCalendars(this.ds.manager, [...new Set(found.map((n) => n.schoolId))]);
    const open = found.filter((n) => !!n.publishedAt && n.publishedAt >= termStart(until, calendars.get(n.schoolId)));
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
      if (!notice || !notice.fanoutDoneAt || !FANNING.includes(notice.status)) return 0;
      const school = await m.findOneOrFail(SchoolEntity, { where: { id: notice.schoolId } });
      const classIds = await this.classesOf(m, notice.id);
      const from = new Date(scannedUntil(notice).getTime() - LATE_JOIN_OVERLAP_MS);
      // Only bindings the notice does not name yet: those approved just before publishing (inside the overlap) were
      // found by the fan-out itself, and a school that approves a whole class and then publishes must not redo it.
      // Each binding looks up its own receipt and child (two key lookups; NOT EXISTS had MariaDB build the notice's
      // whole receipt list first, twice as slow at 100,000 guardians).
      const guardians = classIds.length ? [...new Set((await m.createQueryBuilder().select('b.guardian_user_id', 'g').from(BindingEntity, 'b')
        .leftJoin(NoticeReceiptEntity, 'r', 'r.notice_id = :notice AND r.guardian_user_id = b.guardian_user_id', { notice: notice.id })
        .leftJoin(NoticeReceiptStudentEntity, 's', 's.receipt_id = r.id AND s.student_id = b.student_id')
        .where('b.school_id = :school AND b.status = :approved AND b.class_id IN (:...classIds)', { school: notice.schoolId, approved: 'approved', classIds })
        .andWhere('b.decided_at > :from AND b.decided_at <= :until', { from, until })
        .andWhere('s.receipt_id IS NULL')
        .getRawMany()).map((r: { g: string }) => r.g))] : [];
      let added = 0;
      for (const batch of chunks(guardians, this.batchSize)) {
        const children = await m.find(BindingEntity, {
          where: { schoolId: notice.schoolId, status: 'approved', guardianUserId: In(batch), classId: In(classIds) },
          select: { guardianUserId: true, studentId: true, classId: true, relation: true },
        });
        added += await this.addReceipts(m, notice, await this.plan(notice, school, batch, children), notice.status === 'published');
      }
      await m.createQueryBuilder().update(NoticeEntity)
        .set({ joinsScannedUntil: until, fanoutTotal: () => `COALESCE(fanout_total, 0) + ${added}` })
        .where('id = :id', { id: notice.id }).execute();
      return added;
    });
  }

  /**
   * The rows for `guardians` (one receipt each, with an id chosen here) naming their `children` in the notice's classes
   * (their approved bindings there), the receipts' seal leaves and one message each, with the statements inserting
   * them: built before the transaction that writes them (`addReceipts`), so that this work need not wait inside it.
   * Built `PLAN_SLICE` guardians at a time, letting the event loop run between slices: a batch being written goes on
   * with its next statement as soon as MariaDB has answered the last one, instead of waiting for this whole batch.
   */
  private async plan(notice: NoticeEntity, school: SchoolEntity, guardians: string[], children: Child[]): Promise<PlannedReceipts> {
    const now = this.clock.now();
    const receipts: PlannedReceipts['receipts'] = [];
    const leaves: SealLeafInput[] = [];
    const messages: OutboxMessage[] = [];
    const message = publishedMessages(notice, school, now);
    for (let i = 0; i < guardians.length; i += PLAN_SLICE) {
      if (i) await setImmediate();
      const slice = guardians.slice(i, i + PLAN_SLICE).map((guardianUserId) => ({
        id: randomUUID(), noticeId: notice.id, schoolId: notice.schoolId, guardianUserId, contentHash: notice.contentHash,
        messageKey: publishKey(notice.id, guardianUserId), createdAt: now, readOn: null, confirmedOn: null, signedOn: null, answeredOn: null,
        answerChoices: null, answerTextEnc: null, acknowledgedOn: null,
      }));
      receipts.push(...slice);
      leaves.push(...this.seal.madeLeaves(slice));
      for (const r of slice) messages.push(message(r.guardianUserId));
    }
    const ids = new Map(receipts.map((r) => [r.guardianUserId, r.id]));
    const links = children.map((c) => ({ receiptId: ids.get(c.guardianUserId)!, studentId: c.studentId, noticeId: notice.id, classId: c.classId, relation: c.relation }));
    await setImmediate();
    const receiptsInsert = planInsertMany(this.ds, NoticeReceiptEntity, receipts);
    const linksInsert = planInsertMany(this.ds, NoticeReceiptStudentEntity, links);
    await setImmediate();
    return { receipts, children, links, leaves, messages, receiptsInsert, linksInsert, announce: this.outbox.plan(this.ds, messages) };
  }

  /**
   * Writes `planned` (multi-row, a receipt per guardian at most, whoever made it first): the receipts, the children
   * each names, the class counts, the new receipts' seal leaves and, when `announce`, one message per receipt made now.
   * When every receipt is new (the usual case) the statements built in `plan` run as they are; otherwise what holds
   * for the receipts made here is written anew. Returns how many receipts were made.
   */
  private async addReceipts(m: EntityManager, notice: NoticeEntity, planned: PlannedReceipts, announce: boolean): Promise<number> {
    if (!planned.receipts.length) return 0;
    const inserted = await insertPlanned(m, planned.receiptsInsert);
    // All new: each receipt has the id chosen in `plan`. Otherwise some guardians had one already (an earlier run, a
    // late join, another worker): read back which receipt each has.
    const allNew = inserted === planned.receipts.length;
    const ids = allNew ? null : await this.receiptIds(m, notice.id, planned.receipts.map((r) => r.guardianUserId));
    const students = allNew ? planned.links : planned.children.filter((c) => ids!.has(c.guardianUserId)).map((c) => ({
      receiptId: ids!.get(c.guardianUserId)!, studentId: c.studentId, noticeId: notice.id, classId: c.classId, relation: c.relation,
    }));
    const linked = allNew ? await insertPlanned(m, planned.linksInsert) : await insertManyIgnoringDuplicates(m, NoticeReceiptStudentEntity, students);
    // Made by this transaction: the id it chose is the one stored (another's insert would have won the unique key).
    const made = allNew ? planned.receipts : planned.receipts.filter((r) => ids!.get(r.guardianUserId) === r.id);
    // The class counts: new receipts add recipients; a child added to a receipt that existed may put it in a class it
    // was not counted in (with what its guardian had already done), so those classes are counted again.
    const madeIds = new Set<string>(made.map((r) => r.id));
    await this.counters.addMade(m, notice.id, made.length, students.filter((l) => madeIds.has(l.receiptId)));
    if (linked > students.filter((l) => madeIds.has(l.receiptId)).length) {
      await this.counters.recount(m, notice.id, [...new Set(students.filter((l) => !madeIds.has(l.receiptId)).map((l) => l.classId))], false);
    }
    // Each new receipt's leaf (who was sent what), sealed with the day's batch once the day is over.
    await this.seal.sealMade(m, allNew ? planned.leaves : planned.leaves.filter((l) => madeIds.has(l.recordId)));
    if (!announce || !made.length) return made.length;
    if (allNew) {
      await this.outbox.enqueuePlanned(m, planned.announce);
    } else {
      const to = new Set(made.map((r) => r.guardianUserId));
      await this.outbox.enqueueMany(m, planned.messages.filter((x) => to.has(x.recipientUserId!)));
    }
    return made.length;
  }

  private async receiptIds(m: EntityManager, noticeId: string, guardians: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const batch of chunks(guardians)) {
      const rows = await m.find(NoticeReceiptEntity, { where: { noticeId, guardianUserId: In(batch) }, select: { id: true, guardianUserId: true } });
      for (const r of rows) out.set(r.guardianUserId, r.id);
    }
    return out;
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
