import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NoticeCounts } from '@anxin/shared';
import { OutboxSentHooks } from '../../platform/outbox/outbox-sent-hooks';
import { chunks } from '../../platform/database/in-lists';
import type { PipelinedWrite } from '../../platform/database/pipelined-commit';
import { ANSWER_COLUMNS, TOTALS_CLASS } from './notice-class-count.entity';
import type { NoticeReceiptEntity } from './notice-receipt.entity';

const TABLE = 'notice_class_counts';
/** The counted columns of `notice_class_counts`, in order. */
export const FIGURES = ['recipients', 'delivered', 'read_count', 'confirmed', 'signed', 'answered', 'acknowledged', ...ANSWER_COLUMNS] as const;
type Figure = (typeof FIGURES)[number];
export type Deltas = Partial<Record<Figure, number>>;

/** A notice's counts with the tally of each option. */
export type CountsWithAnswers = NoticeCounts & { answers: number[] };

/**
 * What the class counts hold of a receipt (`notice_receipts.tallied`): a bit for each figure it has been counted in.
 * The stored counts are, by definition, the sum of these bits over the receipts (and of the choices of those whose
 * answer is counted); a guardian's change sets its columns and `tally_due`, and `ReceiptTallies` brings the bits and
 * the counts up to the columns behind it (docs/NOTICES.md, "Guardians").
 */
export const TALLY_BITS = { delivered: 1, read_count: 2, confirmed: 4, signed: 8, answered: 16, acknowledged: 32 } as const;
type Tallied = keyof typeof TALLY_BITS;

/** What each tallied figure means on a receipt's columns. */
const DONE: Record<Tallied, { sql: string; of: (r: NoticeReceiptEntity) => boolean }> = {
  delivered: { sql: 'r.delivered = 1', of: (r) => !!r.delivered },
  read_count: { sql: 'r.read_on IS NOT NULL', of: (r) => r.readOn !== null },
  confirmed: { sql: 'r.confirmed_on IS NOT NULL', of: (r) => r.confirmedOn !== null },
  signed: { sql: 'r.signed_on IS NOT NULL', of: (r) => r.signedOn !== null },
  answered: { sql: 'r.answered_on IS NOT NULL', of: (r) => r.answeredOn !== null },
  acknowledged: { sql: 'r.acknowledged_on IS NOT NULL', of: (r) => r.acknowledgedOn !== null },
};
const TALLIED = Object.keys(TALLY_BITS) as Tallied[];

/** The bits a receipt's columns call for now (what `tallied` becomes once the counts hold them). */
export function tallyOf(r: NoticeReceiptEntity): number {
  return TALLIED.reduce((bits, f) => (DONE[f].of(r) ? bits | TALLY_BITS[f] : bits), 0);
}

/**
 * How each figure is counted from a receipt `r` (`count(cond)`: the receipts meeting `cond`; all without one): by what
 * its columns say (`done`), or by what the stored counts hold of it (`tallied`: the bits, and the choices of a receipt
 * whose answer is counted), which is how the stored rows are recounted, so a receipt whose change is not yet tallied
 * is counted there as the counts hold it and its tally adds the rest, once.
 */
export function figureColumns(count: (cond?: string) => string, basis: 'done' | 'tallied'): string {
  const holds = (f: Tallied) => (basis === 'done' ? DONE[f].sql : `(r.tallied & ${TALLY_BITS[f]}) <> 0`);
  const conds = {
    recipients: undefined, ...Object.fromEntries(TALLIED.map((f) => [f, holds(f)])),
    // Choices are stored as ",0,2,": option indices are single digits, so LIKE matches exactly one option.
    ...Object.fromEntries(ANSWER_COLUMNS.map((c, i) => [c, `${basis === 'done' ? '' : `${holds('answered')} AND `}r.answer_choices LIKE '%,${i},%'`])),
  } as Record<Figure, string | undefined>;
  return FIGURES.map((f) => `${count(conds[f])} AS ${f}`).join(', ');
}

/** A guardian with two children in one class is two rows of the join: each receipt counted once. */
const distinct = (cond?: string) => (cond ? `COUNT(DISTINCT CASE WHEN ${cond} THEN r.id END)` : 'COUNT(DISTINCT r.id)');
const once = (cond?: string) => (cond ? `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)` : 'COUNT(*)');

/** The per-class counts of the receipts of notices (`where` on `rs`), grouped by notice and class. */
export const classCountsSql = (where: string, basis: 'done' | 'tallied') => `SELECT rs.notice_id AS notice_id, rs.class_id AS class_id, ${figureColumns(distinct, basis)}
  FROM notice_receipt_students rs JOIN notice_receipts r ON r.id = rs.receipt_id WHERE ${where} GROUP BY rs.notice_id, rs.class_id`;
/** The totals of notices' receipts (`where` on `r`), each receipt once, grouped by notice (class id `TOTALS_CLASS`). */
export const totalCountsSql = (where: string, basis: 'done' | 'tallied') => `SELECT r.notice_id AS notice_id, '${TOTALS_CLASS}' AS class_id, ${figureColumns(once, basis)}
  FROM notice_receipts r WHERE ${where} GROUP BY r.notice_id`;

const num = (v: unknown) => Number(v ?? 0);

function readRow(row: Record<string, unknown>, options: number): CountsWithAnswers {
  const answers: number[] = new Array(options);
  for (let i = 0; i < options; i++) answers[i] = num(row[ANSWER_COLUMNS[i]]);
  return {
    recipients: num(row.recipients), delivered: num(row.delivered), read: num(row.read_count), confirmed: num(row.confirmed), signed: num(row.signed),
    answered: num(row.answered), acknowledged: num(row.acknowledged), answers,
  };
}

/**
 * What the counts still lack of a receipt: each figure its columns call for and its `tallied` bits do not hold (+1),
 * or the reverse (−1); the choices move with the answer's bit.
 */
export function tallyDeltas(r: NoticeReceiptEntity): Deltas {
  const d: Deltas = {};
  for (const f of TALLIED) {
    const move = Number(DONE[f].of(r)) - Number((r.tallied & TALLY_BITS[f]) !== 0);
    if (move) d[f] = move;
  }
  if (d.answered) for (const i of (r.answerChoices ?? '').split(',').filter(Boolean).map(Number)) if (i < ANSWER_COLUMNS.length) d[ANSWER_COLUMNS[i] as Figure] = d.answered;
  return d;
}

/** Writes the rows of these classes of a notice (and its totals, with `totals`) again from its receipts' `tallied` bits. */
export async function recountNoticeCounts(m: EntityManager, noticeId: string, classIds: string[] | 'all', totals: boolean): Promise<void> {
  const inClasses = classIds === 'all' ? '' : ` AND class_id IN (${classIds.map(() => '?').join(', ')})`;
  if (classIds !== 'all' && !classIds.length && !totals) return;
  const cols = `notice_id, class_id, ${FIGURES.join(', ')}`;
  if (classIds === 'all' || classIds.length) {
    const params = [noticeId, ...(classIds === 'all' ? [] : classIds)];
    await m.query(`DELETE FROM ${TABLE} WHERE notice_id = ? AND class_id <> '${TOTALS_CLASS}'${inClasses}`, params);
    await m.query(`INSERT INTO ${TABLE} (${cols}) ${classCountsSql(`rs.notice_id = ?${inClasses.replace('class_id', 'rs.class_id')}`, 'tallied')}`, params);
  }
  if (totals) {
    await m.query(`DELETE FROM ${TABLE} WHERE notice_id = ? AND class_id = '${TOTALS_CLASS}'`, [noticeId]);
    await m.query(`INSERT INTO ${TABLE} (${cols}) ${totalCountsSql('r.notice_id = ?', 'tallied')}`, [noticeId]);
  }
}

/**
 * The per-class summary of a notice's receipts (`notice_class_counts`): one row per class a receipt names a child in,
 * and a totals row (each receipt once), equal to the sum of the receipts' `tallied` bits. Each change moves it with
 * relative updates (`n = n + 1`), so concurrent changes never lose a count: the fan-out and late joiners (`addMade`,
 * in their transaction), WeChat accepting the message (the outbox's sent hook, `delivered`, in its transaction, with
 * the receipt's bit), and a guardian reading, confirming, signing and answering (`bump`, by `ReceiptTallies` behind
 * the guardian's transaction, with the bits). `recount` writes the rows again from the bits (the demo seed; a child
 * added to a receipt that already existed).
 */
@Injectable()
export class NoticeCounters implements OnModuleInit {
  constructor(private readonly sentHooks: OutboxSentHooks) {}

  onModuleInit(): void {
    this.sentHooks.register('notice:', (m, keys) => this.delivered(m, keys));
  }

  /** New receipts (nothing done yet) naming children in these classes: recipients counted per class and in the totals. */
  async addMade(m: EntityManager, noticeId: string, made: number, links: { receiptId: string; classId: string }[]): Promise<void> {
    const write = this.madeWrite(m.connection.options.type === 'better-sqlite3', noticeId, made, links);
    if (write) await m.query(write.sql, write.params);
  }

  /** `addMade`'s one statement (null when nothing was made), for it or for a pipelined commit on MariaDB/MySQL. */
  madeWrite(sqlite: boolean, noticeId: string, made: number, links: { receiptId: string; classId: string }[]): PipelinedWrite | null {
    if (!made) return null;
    const perClass = new Map<string, Set<string>>();
    for (const l of links) perClass.set(l.classId, (perClass.get(l.classId) ?? new Set()).add(l.receiptId));
    const rows: [string, number][] = [[TOTALS_CLASS, made], ...[...perClass].map(([classId, ids]): [string, number] => [classId, ids.size])];
    const zeros = FIGURES.slice(1).map(() => '0').join(', ');
    const values = rows.map(() => `(?, ?, ?, ${zeros})`).join(', ');
    const upsert = sqlite ? 'ON CONFLICT (notice_id, class_id) DO UPDATE SET recipients = recipients + excluded.recipients'
      : 'ON DUPLICATE KEY UPDATE recipients = recipients + VALUES(recipients)';
    return {
      sql: `INSERT INTO ${TABLE} (notice_id, class_id, ${FIGURES.join(', ')}) VALUES ${values} ${upsert}`,
      params: rows.flatMap(([classId, n]) => [noticeId, classId, n]),
    };
  }

  /**
   * Receipts of one notice changed, each by its `deltas`: the totals row moves by the sum over all of them, each class
   * row by the sum over the receipts naming a child in that class (a receipt once, however many of its children are
   * there). The classes are read by the receipts' keys and the sums made here, so the UPDATE names its rows by primary
   * key (`notice_id, class_id`) and reads nothing else: a subquery per row had MariaDB walk every class row of the
   * notice with a lookup each (about 1,000 index reads per confirmation at 1,000 classes; docs/NOTICES.md).
   */
  async bump(m: EntityManager, noticeId: string, moves: { receiptId: string; deltas: Deltas }[]): Promise<void> {
    const moving = moves.filter((x) => FIGURES.some((f) => x.deltas[f]));
    if (!moving.length) return;
    const classesOf = new Map<string, Set<string>>();
    for (const ids of chunks([...new Set(moving.map((x) => x.receiptId))])) {
      const links: { receipt_id: string; class_id: string }[] = await m.query(
        `SELECT receipt_id, class_id FROM notice_receipt_students WHERE receipt_id IN (${ids.map(() => '?').join(', ')})`, ids);
      for (const l of links) classesOf.set(l.receipt_id, (classesOf.get(l.receipt_id) ?? new Set()).add(l.class_id));
    }
    const sums = new Map<string, Deltas>();
    const add = (classId: string, deltas: Deltas) => {
      const sum = sums.get(classId) ?? {};
      for (const f of FIGURES) if (deltas[f]) sum[f] = (sum[f] ?? 0) + Math.trunc(deltas[f]!);
      sums.set(classId, sum);
    };
    for (const x of moving) {
      add(TOTALS_CLASS, x.deltas);
      for (const classId of classesOf.get(x.receiptId) ?? []) add(classId, x.deltas);
    }
    // In key order, so two transactions bumping the same rows lock them in the same order.
    for (const rows of chunks([...sums.keys()].sort())) {
      const params: string[] = [];
      const set = FIGURES.flatMap((f) => {
        const by = rows.map((classId) => sums.get(classId)![f] ?? 0);
        if (by.every((n) => n === 0)) return [];
        if (by.every((n) => n === by[0])) return [`${f} = ${f} + ${by[0]}`];
        const cases = rows.flatMap((classId, i) => (by[i] ? [classId] : []));
        params.push(...cases);
        return [`${f} = ${f} + CASE class_id ${cases.map((c) => `WHEN ? THEN ${sums.get(c)![f]}`).join(' ')} ELSE 0 END`];
      });
      await m.query(`UPDATE ${TABLE} SET ${set.join(', ')} WHERE notice_id = ? AND class_id IN (${rows.map(() => '?').join(', ')})`, [...params, noticeId, ...rows]);
    }
  }

  /** The outbox marked these announcements sent: each receipt not yet delivered (nor read) now is, counted once. */
  async delivered(m: EntityManager, dedupeKeys: string[]): Promise<void> {
    const byNotice = new Map<string, string[]>();
    for (const key of dedupeKeys) {
      const parts = key.split(':');
      // Only the announcement (`notice:<notice>:<guardian>`, the receipt's message key); reminders are not delivery.
      if (parts.length !== 3 || parts[0] !== 'notice') continue;
      byNotice.set(parts[1], [...(byNotice.get(parts[1]) ?? []), parts[2]]);
    }
    const lock = m.connection.options.type === 'better-sqlite3' ? '' : ' FOR UPDATE';
    for (const [noticeId, guardians] of byNotice) {
      for (const batch of chunks(guardians)) {
        const rows: { id: string }[] = await m.query(
          `SELECT id FROM notice_receipts WHERE notice_id = ? AND guardian_user_id IN (${batch.map(() => '?').join(', ')}) AND delivered = 0${lock}`,
          [noticeId, ...batch],
        );
        if (!rows.length) continue;
        const ids = rows.map((r) => r.id);
        await m.query(`UPDATE notice_receipts SET delivered = 1, tallied = tallied | ${TALLY_BITS.delivered} WHERE id IN (${ids.map(() => '?').join(', ')}) AND delivered = 0`, ids);
        await this.bump(m, noticeId, ids.map((receiptId) => ({ receiptId, deltas: { delivered: 1 } })));
      }
    }
  }

  /** Writes the rows of these classes of a notice (and its totals, with `totals`) again from its receipts. */
  recount(m: EntityManager, noticeId: string, classIds: string[] | 'all', totals: boolean): Promise<void> {
    return recountNoticeCounts(m, noticeId, classIds, totals);
  }

  /** How many receipts a notice has (its totals row). */
  async recipients(m: EntityManager, noticeId: string): Promise<number> {
    const [row] = await m.query(`SELECT recipients FROM ${TABLE} WHERE notice_id = ? AND class_id = '${TOTALS_CLASS}'`, [noticeId]);
    return num(row?.recipients);
  }

  /** The stored counts of a notice: these classes, and the totals row. */
  async read(m: EntityManager, noticeId: string, classIds: string[], options: number): Promise<{ byClass: Map<string, CountsWithAnswers>; totals: CountsWithAnswers | null }> {
    const byClass = new Map<string, CountsWithAnswers>();
    let totals: CountsWithAnswers | null = null;
    const wanted = new Set(classIds);
    // The figures and the options' columns only: a row per class of a school-wide notice, each column parsed.
    const columns = ['class_id', ...FIGURES.filter((f) => !ANSWER_COLUMNS.includes(f)), ...ANSWER_COLUMNS.slice(0, options)].join(', ');
    for (const row of await m.query(`SELECT ${columns} FROM ${TABLE} WHERE notice_id = ?`, [noticeId]) as Record<string, unknown>[]) {
      if (row.class_id === TOTALS_CLASS) totals = readRow(row, options);
      else if (wanted.has(String(row.class_id))) byClass.set(String(row.class_id), readRow(row, options));
    }
    return { byClass, totals };
  }

  /** The counts recounted from the receipts (no summary): these classes and the receipts naming a child in any of them, each once. */
  async fromReceipts(
    m: EntityManager, noticeId: string, classIds: string[], options: number, perClass = true,
  ): Promise<{ byClass: Map<string, CountsWithAnswers>; totals: CountsWithAnswers }> {
    const byClass = new Map<string, CountsWithAnswers>();
    const empty = readRow({}, options);
    if (!classIds.length) return { byClass, totals: empty };
    const inClasses = `rs.notice_id = ? AND rs.class_id IN (${classIds.map(() => '?').join(', ')})`;
    if (perClass) for (const row of await m.query(classCountsSql(inClasses, 'done'), [noticeId, ...classIds]) as Record<string, unknown>[]) {
      byClass.set(String(row.class_id), readRow(row, options));
    }
    const [total] = await m.query(`SELECT ${figureColumns(distinct, 'done')} FROM notice_receipt_students rs JOIN notice_receipts r ON r.id = rs.receipt_id WHERE ${inClasses}`,
      [noticeId, ...classIds]);
    return { byClass, totals: total ? readRow(total, options) : empty };
  }
}
