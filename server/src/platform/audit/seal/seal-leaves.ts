import type { EntityManager } from 'typeorm';
import { groupBy } from '../../database/in-lists';
import type { PipelinedWrite } from '../../database/pipelined-commit';
import { SEAL_CHUNK } from './merkle';
import { dayAfter, dayValue } from './seal-rules';

/** A record's leaf as a feature hands it over: which school, which kind, which record, and its hash now. */
export interface SealLeafInput {
  schoolId: string;
  kind: string;
  recordId: string;
  leafHash: string;
  /**
   * The caller changed this record before on the same seal day (opened, now confirmed): its leaf of the day most likely
   * waits, and is updated in place with no lookup first. A guess only: a leaf not found that way goes the usual way.
   */
  changedToday?: boolean;
}

/** A leaf row as read here (plain rows, not entities: a batch is read 100,000 leaves at a time). */
export interface SealLeafRow {
  kind: string;
  recordId: string;
  day: string;
  schoolId: string;
  leafHash: string;
  batchId: string | null;
}

const HEX64 = /^[0-9a-f]{64}$/;
/** Records looked up and inserted per statement. */
const PER_STATEMENT = 500;
/** A leaf moves on at most this many days past sealed batches (each step: a transaction that straddled a sealing). */
const MAX_DAY_STEPS = 8;
const COLUMNS = 'kind, record_id AS recordId, day, school_id AS schoolId, leaf_hash AS leafHash, batch_id AS batchId';

/**
 * Writes each record's leaf for `day`, with the manager of the transaction that changed the records: a record
 * without a leaf of that day gets one, a waiting leaf of that day takes the new hash (the last change of the day
 * wins), and a record whose newest leaf already has this hash is left alone (nothing changed since). If the day's
 * batch was sealed meanwhile (a transaction that began before the sealing and commits after it), the leaf goes to
 * the next day's batch: the leaf's day only says which batch seals it; the record keeps its own days. New records
 * take one lookup and one multi-row INSERT per 500; records `made` by the calling transaction (a fan-out's receipts,
 * signatures) cannot have a leaf yet, so the lookup is skipped (a key found taken all the same goes the careful way);
 * records `changedToday` are first updated in place (one UPDATE for them all, no lookup).
 */
export async function addSealLeaves(m: EntityManager, day: string, input: SealLeafInput[], made = false): Promise<void> {
  if (!m.queryRunner) throw new Error('addSealLeaves: call it with the manager of the transaction that changed the records');
  const leaves = lastOfEach(input);
  for (let i = 0; i < leaves.length; i += PER_STATEMENT) {
    let part = leaves.slice(i, i + PER_STATEMENT);
    // Leaves said to wait for the day take their hashes in one UPDATE, unread. If fewer rows matched (a batch sealed
    // meanwhile, the day turned), all of them go the way below: those updated hold their hash now and are left alone.
    const guessed = made ? [] : part.filter((l) => l.changedToday);
    if (guessed.length && (await updateWaiting(m, day, guessed)) === guessed.length) part = part.filter((l) => !l.changedToday);
    if (!part.length) continue;
    const existing = made ? new Map<string, SealLeafRow[]>() : await leavesOf(m, part);
    const fresh: SealLeafInput[] = [];
    const oneByOne: SealLeafInput[] = [];
    for (const leaf of part) {
      const rows = existing.get(keyOf(leaf)) ?? [];
      if (!rows.length) fresh.push(leaf);
      else if (newest(rows).leafHash !== leaf.leafHash) oneByOne.push(leaf);
    }
    // Another transaction may have written one of these keys first: then all of them go the careful way.
    if (fresh.length && (await insertIgnoring(m, day, fresh)) !== fresh.length) oneByOne.push(...fresh);
    // Records changed again on the day their waiting leaf was written: one UPDATE for them all, unless a batch sealed
    // one of those leaves meanwhile (fewer rows updated than sent), when they too go the careful way.
    const waiting = oneByOne.filter((leaf) => {
      const rows = existing.get(keyOf(leaf));
      const n = rows?.length ? newest(rows) : null;
      return n !== null && n.day === day && n.batchId === null && n.schoolId === leaf.schoolId;
    });
    const careful = waiting.length && (await updateWaiting(m, day, waiting)) === waiting.length ? oneByOne.filter((l) => !waiting.includes(l)) : oneByOne;
    for (const leaf of careful) await placeLeaf(m, day, leaf);
  }
}

/** One leaf: update the waiting leaf of the day, insert one, or move on past a day already sealed. */
async function placeLeaf(m: EntityManager, today: string, leaf: SealLeafInput): Promise<void> {
  let day = today;
  for (let step = 0; step < MAX_DAY_STEPS * 3; step++) {
    const [row] = (await leavesOf(m, [leaf], day)).get(keyOf(leaf)) ?? [];
    if (!row) {
      await insertIgnoring(m, day, [leaf]);
    } else if (row.batchId === null) {
      if (row.leafHash === leaf.leafHash && row.schoolId === leaf.schoolId) return;
      await m.query('UPDATE audit_seal_leaves SET leaf_hash = ?, school_id = ? WHERE kind = ? AND record_id = ? AND day = ? AND batch_id IS NULL',
        [leaf.leafHash, leaf.schoolId, leaf.kind, leaf.recordId, day]);
    } else {
      day = dayAfter(day);
    }
    // Read again: what was written (ours, or a concurrent writer's that committed first) decides the next step.
  }
  throw new Error(`seal leaf of ${leaf.kind} ${leaf.recordId} could not be placed after ${today}`);
}

/**
 * Leaves waiting for `day`'s batch, of their records' schools, take their new hashes; returns the rows matched (the
 * drivers count a row matched even when its hash was already this one).
 */
async function updateWaiting(m: EntityManager, day: string, leaves: SealLeafInput[]): Promise<number> {
  let updated = 0;
  for (const ofKind of groupBy(leaves, (l) => `${l.kind}\u0000${l.schoolId}`).values()) {
    const sql = `UPDATE audit_seal_leaves SET leaf_hash = CASE record_id ${ofKind.map(() => 'WHEN ? THEN ?').join(' ')} END
      WHERE kind = ? AND school_id = ? AND day = ? AND batch_id IS NULL AND record_id IN (${ofKind.map(() => '?').join(', ')})`;
    const params = [...ofKind.flatMap((l) => [l.recordId, l.leafHash]), ofKind[0].kind, ofKind[0].schoolId, day, ...ofKind.map((l) => l.recordId)];
    updated += Number((await m.queryRunner!.query(sql, params, true)).affected ?? 0);
  }
  return updated;
}

/** Multi-row INSERT that skips a key already taken; returns the rows inserted. */
async function insertIgnoring(m: EntityManager, day: string, leaves: SealLeafInput[]): Promise<number> {
  const { sql, params } = insertStatement(m.connection.options.type === 'better-sqlite3', day, leaves);
  const result = await m.queryRunner!.query(sql, params, true);
  return Number(result.affected ?? 0);
}

function insertStatement(sqlite: boolean, day: string, leaves: SealLeafInput[]): { sql: string; params: unknown[] } {
  const rows = leaves.map(() => '(?, ?, ?, ?, ?, NULL)').join(', ');
  const sql = `${sqlite ? 'INSERT OR IGNORE' : 'INSERT IGNORE'} INTO audit_seal_leaves (kind, record_id, day, school_id, leaf_hash, batch_id) VALUES ${rows}`;
  return { sql, params: leaves.flatMap((l) => [l.kind, l.recordId, day, l.schoolId, l.leafHash]) };
}

/**
 * The INSERTs `addSealLeaves(m, day, input, true)` makes for leaves of records just made, for a pipelined commit on
 * MariaDB/MySQL (`commitPipelined`): each must insert every row it carries, or the commit is refused and the caller
 * writes the records again the careful way, through `addSealLeaves`.
 */
export function madeLeafWrites(day: string, input: SealLeafInput[]): PipelinedWrite[] {
  const leaves = lastOfEach(input);
  const writes: PipelinedWrite[] = [];
  for (let i = 0; i < leaves.length; i += PER_STATEMENT) {
    const part = leaves.slice(i, i + PER_STATEMENT);
    writes.push({ ...insertStatement(false, day, part), expect: part.length });
  }
  return writes;
}

/** The leaves checked (SHA-256 hex) and one per key, the last given. */
function lastOfEach(input: SealLeafInput[]): SealLeafInput[] {
  const last = new Map<string, SealLeafInput>();
  for (const leaf of input) {
    if (!HEX64.test(leaf.leafHash)) throw new Error(`seal leaf of ${leaf.kind} ${leaf.recordId}: not a SHA-256 hex digest`);
    last.set(keyOf(leaf), leaf);
  }
  return [...last.values()];
}

/** Every leaf of these records (or only those of `day`), by record, through the key. */
export async function leavesOf(m: EntityManager, leaves: { kind: string; recordId: string }[], day?: string): Promise<Map<string, SealLeafRow[]>> {
  const out = new Map<string, SealLeafRow[]>();
  const byKind = new Map<string, string[]>();
  for (const l of leaves) byKind.set(l.kind, [...(byKind.get(l.kind) ?? []), l.recordId]);
  for (const [kind, ids] of byKind) {
    for (let i = 0; i < ids.length; i += SEAL_CHUNK) {
      const part = ids.slice(i, i + SEAL_CHUNK);
      const rows = await m.query(
        `SELECT ${COLUMNS} FROM audit_seal_leaves WHERE kind = ? AND record_id IN (${part.map(() => '?').join(', ')})${day ? ' AND day = ?' : ''}`,
        [kind, ...part, ...(day ? [day] : [])],
      );
      for (const r of rows.map(leafRow)) out.set(keyOf(r), [...(out.get(keyOf(r)) ?? []), r]);
    }
  }
  return out;
}

const keyOf = (l: { kind: string; recordId: string }) => `${l.kind}\u0000${l.recordId}`;

function leafRow(r: Record<string, unknown>): SealLeafRow {
  return {
    kind: String(r.kind), recordId: String(r.recordId), day: dayValue(r.day), schoolId: String(r.schoolId), leafHash: String(r.leafHash),
    batchId: r.batchId === null || r.batchId === undefined ? null : String(r.batchId),
  };
}

/** The newest of a record's leaves (latest day). */
export function newest<T extends { day: string }>(rows: T[]): T {
  return rows.reduce((a, b) => (b.day > a.day ? b : a));
}

/**
 * The leaves of one batch (or, with `batchId` null, one school's leaves waiting for `day`'s batch) in the batch's
 * order — kind, then record id — SEAL_CHUNK at a time: kind by kind, each by record-id ranges through the batch index
 * (batch, school, day, kind, record id), so every chunk is one index range read (no OFFSET, nothing re-read).
 */
export async function* leavesInOrder(m: EntityManager, where: { batchId: string | null; schoolId: string; day: string }): AsyncGenerator<SealLeafRow[]> {
  const prefix = `FROM audit_seal_leaves WHERE ${where.batchId === null ? 'batch_id IS NULL' : 'batch_id = ?'} AND school_id = ? AND day = ?`;
  const params = [...(where.batchId === null ? [] : [where.batchId]), where.schoolId, where.day];
  const kinds: string[] = (await m.query(`SELECT DISTINCT kind ${prefix} ORDER BY kind`, params)).map((r: { kind: string }) => r.kind);
  for (const kind of kinds) {
    let after: string | null = null;
    for (;;) {
      const rows: SealLeafRow[] = (await m.query(
        `SELECT ${COLUMNS} ${prefix} AND kind = ?${after === null ? '' : ' AND record_id > ?'} ORDER BY record_id LIMIT ${SEAL_CHUNK}`,
        [...params, kind, ...(after === null ? [] : [after])],
      )).map(leafRow);
      if (rows.length) yield rows;
      if (rows.length < SEAL_CHUNK) break;
      after = rows[rows.length - 1].recordId;
    }
  }
}

/** The days a school has leaves waiting for. */
export async function waitingDays(m: EntityManager, schoolId: string): Promise<string[]> {
  const rows = await m.query('SELECT DISTINCT day FROM audit_seal_leaves WHERE batch_id IS NULL AND school_id = ? ORDER BY day', [schoolId]);
  return rows.map((r: { day: unknown }) => dayValue(r.day));
}
