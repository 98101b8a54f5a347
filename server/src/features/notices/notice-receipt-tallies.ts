import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Clock } from '../../platform/common/clock/clock';
import { LOGGER } from '../../platform/common/logging/logger';
import { entityRows } from '../../platform/database/entity-rows';
import { chunks, groupBy } from '../../platform/database/in-lists';
import { inTransaction } from '../../platform/database/transaction';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { NoticeCounters, TALLY_BITS, tallyDeltas, tallyOf } from './notice-counts';
import { NoticeReceiptSeal } from './notice-receipt-seal';
import { NoticeReceiptEntity } from './notice-receipt.entity';
import { receiptDay } from './notice-times';

/** How long changes gather before they are tallied together. */
const GATHER_MS = 1000;
/** Receipts locked and tallied per transaction. */
const PER_TRANSACTION = 500;
/** Due receipts left by a process that stopped before tallying them are looked for this often (any worker). */
const CATCH_UP_JOB = 'notices.tallies.catch-up';
const CATCH_UP_EVERY_MS = 60_000;

/** The day columns of a receipt, by the bit that says the counts hold them. */
const DAYS: [number, keyof NoticeReceiptEntity][] = [
  [TALLY_BITS.read_count, 'readOn'], [TALLY_BITS.confirmed, 'confirmedOn'], [TALLY_BITS.signed, 'signedOn'],
  [TALLY_BITS.answered, 'answeredOn'], [TALLY_BITS.acknowledged, 'acknowledgedOn'],
];

/**
 * Brings the class counts and the seal leaves up to what guardians did, behind their transactions. A guardian's
 * opening, confirmation, signature or answer writes the receipt with `tally_due = 1` and nothing else; the receipts
 * are handed here and, after GATHER_MS, tallied together: locked (in id order), each one's seal leaf written from the
 * row as it is, the counts moved by what the columns call for and the `tallied` bits lack, the bits set and the flag
 * cleared — one transaction for hundreds of confirmations instead of the counts and leaves in each batch's (docs/NOTICES.md,
 * "Guardians"). The bits make it exact beside the other writers of the counts: the sent hook sets its own bit with
 * its count, and a recount counts the bits, so a change not yet tallied is counted once, here. Readers that must see
 * every change (the stats, a receipt's proof) settle the due receipts of their notice first (`settle`), and due
 * receipts a stopped process left are tallied by any worker (CATCH_UP_JOB).
 */
@Injectable()
export class ReceiptTallies implements OnModuleInit, OnModuleDestroy {
  private readonly queued = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  /** The run tallying queued receipts now: one at a time per process. */
  private running: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly seal: NoticeReceiptSeal,
    private readonly counters: NoticeCounters,
    private readonly jobs: PeriodicJobs,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    this.jobs.register(CATCH_UP_JOB, CATCH_UP_EVERY_MS, () => this.catchUp());
  }

  /** Stopping: what is queued is tallied now, before the database closes. */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** Receipts a committed transaction marked due: tallied together with whatever else comes within GATHER_MS. */
  queue(receiptIds: string[]): void {
    for (const id of receiptIds) this.queued.add(id);
    if (this.timer || !this.queued.size) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, GATHER_MS);
    this.timer.unref();
  }

  /** Tallies everything queued so far (after any run in progress). Errors leave the receipts due for the catch-up. */
  flush(): Promise<void> {
    this.running = this.running.then(async () => {
      const ids = [...this.queued];
      this.queued.clear();
      for (const part of chunks(ids, PER_TRANSACTION)) {
        await this.tally(part).catch((err) => this.log.error({ err }, 'tallying notice receipts failed; the catch-up job tallies them within a minute'));
      }
    });
    return this.running;
  }

  /** Every due receipt of these notices tallied now, so the counts and leaves read next hold every committed change. */
  async settle(noticeIds: string[]): Promise<void> {
    for (const noticeId of new Set(noticeIds)) await this.tallyDue('AND notice_id = ?', [noticeId]);
  }

  /** These receipts tallied now if they are due (a receipt's proof is of the row as it is). */
  settleReceipts(receiptIds: string[]): Promise<void> {
    return this.tally(receiptIds);
  }

  /** Due receipts of any notice (left by a process that stopped before tallying them). */
  private catchUp(): Promise<void> {
    return this.tallyDue('', []);
  }

  /** The due receipts (`tally_due = 1 <and>`, through its index) tallied, PER_TRANSACTION at a time, until none is left. */
  private async tallyDue(and: string, params: unknown[]): Promise<void> {
    for (;;) {
      const due: { id: string }[] = await this.ds.query(`SELECT id FROM notice_receipts WHERE tally_due = 1 ${and} LIMIT ${PER_TRANSACTION}`, params);
      if (due.length) await this.tally(due.map((r) => r.id));
      if (due.length < PER_TRANSACTION) return;
    }
  }

  /**
   * One transaction: these receipts, if still due, locked in id order (FOR UPDATE; SQLite's transactions take turns),
   * their seal leaves from the rows as locked, the counts moved by what each lacks, the bits set and the flag cleared.
   * A receipt another run tallied first is no longer due and is skipped.
   */
  private tally(receiptIds: string[]): Promise<void> {
    const ids = [...new Set(receiptIds)].sort();
    if (!ids.length) return Promise.resolve();
    return inTransaction(this.ds, async (m) => {
      const lock = m.connection.options.type === 'better-sqlite3' ? '' : ' FOR UPDATE';
      const receipts: NoticeReceiptEntity[] = [];
      for (const part of chunks(ids)) {
        receipts.push(...await entityRows.select(m, NoticeReceiptEntity, `t.tally_due = 1 AND t.id IN (${part.map(() => '?').join(', ')})`, part, `ORDER BY t.id${lock}`));
      }
      if (!receipts.length) return;
      const today = receiptDay(this.clock.now());
      await this.seal.sealReceipts(m, receipts.map((receipt) => ({ receipt, changedToday: changedBefore(receipt, today) })));
      const moves = receipts.map((r) => ({ noticeId: r.noticeId, receiptId: r.id, deltas: tallyDeltas(r) }));
      for (const [noticeId, ofNotice] of groupBy(moves, (x) => x.noticeId)) await this.counters.bump(m, noticeId, ofNotice);
      for (const [bits, same] of groupBy(receipts, (r) => String(tallyOf(r)))) {
        for (const part of chunks(same.map((r) => r.id))) {
          await m.query(`UPDATE notice_receipts SET tallied = ?, tally_due = 0 WHERE id IN (${part.map(() => '?').join(', ')})`, [Number(bits), ...part]);
        }
      }
    });
  }
}

/**
 * Whether the receipt's leaf of `day` most likely waits already (made that day, or a change of that day tallied
 * before): its leaf is then updated in place with no lookup first (a guess; `addSealLeaves` checks it).
 */
function changedBefore(r: NoticeReceiptEntity, day: string): boolean {
  return receiptDay(r.createdAt) === day || DAYS.some(([bit, column]) => (r.tallied & bit) !== 0 && r[column] === day);
}
