import type { DataSource } from 'typeorm';
import type { AuditSealProblem, AuditSealReport } from '@anxin/shared';
import { MerkleBuilder } from './merkle';
import type { SealKinds } from './seal-kinds';
import { leavesInOrder, leavesOf, newest, waitingDays, type SealLeafRow } from './seal-leaves';
import { SEAL_ACTION } from './seal-rules';
import { groupBy } from '../../database/in-lists';

/** A batch as its audit entry (`audit.receipts_sealed`, already verified as part of the chain) records it. */
export interface SealEntry {
  seq: number;
  batchId: string;
  day: string;
  root: string;
  leaves: number;
}

/** The newest leaf of a record, against which its current rows are hashed. */
interface Newest {
  kind: string;
  recordId: string;
  day: string;
  leafHash: string;
  batchId: string | null;
  seq: number | null;
}

const MAX_LISTED = 100;
/** A record that does not match is read again this many times: a change committed between the two reads is not tampering. */
const RECHECKS = 2;
const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Checks the records sealed into a school's chain, after the chain itself has been verified (so the batch entries
 * can be trusted): every batch's stored leaves, in their order, must give the root and the count its entry holds;
 * and every record's newest leaf (sealed in a batch of the chain, or waiting for its day's batch) must equal the hash
 * its kind computes from the record's rows now. A record changed outside the app, or deleted, is named with its kind
 * and id. Leaves are read a chunk at a time, each chunk's records and their other leaves in one query per kind.
 */
export class SealVerifier {
  constructor(private readonly ds: DataSource, private readonly kinds: SealKinds) {}

  async verify(schoolId: string, entries: SealEntry[]): Promise<AuditSealReport> {
    const report: AuditSealReport = { batches: 0, leaves: 0, recordsChecked: 0, pending: 0, behind: 0, problems: [], problemCount: 0 };
    const problem = (p: AuditSealProblem) => {
      report.problemCount++;
      if (report.problems.length < MAX_LISTED) report.problems.push(p);
    };
    const sealedIn = new Map(entries.map((e) => [e.batchId, e]));
    const unknownKinds = new Set<string>();
    const suspects: Newest[] = [];
    const unrecorded: { kind: string; recordId: string; batchId: string; day: string }[] = [];
    const check = async (chunk: SealLeafRow[]) => {
      for (const [kind, leaves] of groupBy(chunk, (l) => l.kind)) {
        const source = this.kinds.get(kind);
        if (!source) {
          if (!unknownKinds.has(kind)) {
            unknownKinds.add(kind);
            problem({ reason: 'unknown_kind', kind, recordId: null, batchId: null, day: null, seq: null, message: `封存种类 ${kind} 无法重新计算：本程序没有注册这一种类` });
          }
          continue;
        }
        // Only a record's newest leaf is compared with its rows; older leaves are covered by their batch's root.
        const later = await leavesOf(this.ds.manager, leaves);
        const current: Newest[] = [];
        for (const leaf of leaves) {
          const newer = (later.get(`${kind}\u0000${leaf.recordId}`) ?? []).filter((o) => o.day > leaf.day);
          const forged = newer.find((o) => o.batchId !== null && !sealedIn.has(o.batchId));
          if (forged) {
            unrecorded.push({ kind, recordId: leaf.recordId, batchId: forged.batchId!, day: forged.day });
            continue;
          }
          if (newer.length) continue;
          current.push({ kind, recordId: leaf.recordId, day: leaf.day, leafHash: leaf.leafHash, batchId: leaf.batchId, seq: leaf.batchId ? sealedIn.get(leaf.batchId)?.seq ?? null : null });
        }
        const now = current.length ? await source.leaves(this.ds.manager, current.map((c) => c.recordId)) : new Map<string, string>();
        report.recordsChecked += current.length;
        const differ = current.filter((c) => now.get(c.recordId) !== c.leafHash);
        const behind = differ.length && source.behind ? await source.behind(this.ds.manager, differ.map((c) => c.recordId)) : new Set<string>();
        for (const c of differ) {
          if (behind.has(c.recordId)) report.behind++;
          else suspects.push(c);
        }
      }
    };

    for (const e of entries) {
      const tree = new MerkleBuilder();
      let count = 0;
      let malformed = false;
      for await (const chunk of leavesInOrder(this.ds.manager, { batchId: e.batchId, schoolId, day: e.day })) {
        for (const leaf of chunk) {
          if (HEX64.test(leaf.leafHash)) tree.add(leaf.leafHash);
          else malformed = true;
        }
        count += chunk.length;
        await check(chunk);
      }
      report.batches++;
      report.leaves += count;
      const root = count && !malformed ? tree.finish().root : null;
      if (root !== e.root || count !== e.leaves) {
        problem({
          reason: 'batch', kind: null, recordId: null, batchId: e.batchId, day: e.day, seq: e.seq,
          message: `${e.day} 的封存批次 ${e.batchId}（第 ${e.seq} 条审计记录）：现有 ${count} 片叶子（记录为 ${e.leaves} 片），重新计算的根哈希与审计记录不符，叶子被改动或删除`,
        });
      }
    }
    // Leaves waiting for their day's batch, day by day (a record waiting on two days is compared at its later one).
    for (const day of await waitingDays(this.ds.manager, schoolId)) {
      for await (const chunk of leavesInOrder(this.ds.manager, { batchId: null, schoolId, day })) {
        report.pending += chunk.length;
        report.leaves += chunk.length;
        await check(chunk);
      }
    }

    // A batch sealed while this ran is in the chain now, past the entries read: not forged (the next run checks it).
    const sealedSince = await this.recordedBatches(schoolId, [...new Set(unrecorded.map((u) => u.batchId))]);
    for (const u of unrecorded.filter((x) => !sealedSince.has(x.batchId))) {
      problem({
        reason: 'forged', kind: u.kind, recordId: u.recordId, batchId: u.batchId, day: u.day, seq: null,
        message: `${u.kind} 记录 ${u.recordId} 有一片叶子（${u.day}）属于审计链中没有记载的封存批次 ${u.batchId}`,
      });
    }
    for (const c of await this.recheck(suspects)) {
      const where = c.batchId ? `${c.day} 封存的叶子（第 ${c.seq} 条审计记录）` : `${c.day} 记下、待封存的叶子`;
      problem(c.deleted
        ? { reason: 'deleted', kind: c.kind, recordId: c.recordId, batchId: c.batchId, day: c.day, seq: c.seq, message: `${c.kind} 记录 ${c.recordId} 已被删除，但有${where}` }
        : { reason: 'changed', kind: c.kind, recordId: c.recordId, batchId: c.batchId, day: c.day, seq: c.seq, message: `${c.kind} 记录 ${c.recordId} 被改动过：现在的内容与${where}不符` });
    }
    return report;
  }

  /** Of these batch ids, those an audit entry of the school's chain names (checked when a leaf names a batch the walk did not see). */
  private async recordedBatches(schoolId: string, batchIds: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < batchIds.length; i += 500) {
      const part = batchIds.slice(i, i + 500);
      const rows: { id: string }[] = await this.ds.query(
        `SELECT target_id AS id FROM audit_entries WHERE school_id = ? AND action = ? AND target_id IN (${part.map(() => '?').join(', ')})`,
        [schoolId, SEAL_ACTION, ...part],
      );
      for (const r of rows) out.add(r.id);
    }
    return out;
  }

  /**
   * Records that did not match, read again (their newest leaf and their rows) up to RECHECKS times: a legitimate
   * change writes the rows and the leaf in one transaction, so it matches on a later read; a change made outside the
   * app does not.
   */
  private async recheck(suspects: Newest[]): Promise<(Newest & { deleted: boolean })[]> {
    let left = suspects;
    let result: (Newest & { deleted: boolean })[] = [];
    for (let round = 0; round < RECHECKS && left.length; round++) {
      result = [];
      for (const [kind, list] of groupBy(left, (s) => s.kind)) {
        const ids = list.map((s) => s.recordId);
        const leaves = await leavesOf(this.ds.manager, list);
        const now = await this.kinds.get(kind)!.leaves(this.ds.manager, ids);
        for (const s of list) {
          const rows = leaves.get(`${kind}\u0000${s.recordId}`) ?? [];
          const newestRow = rows.length ? newest(rows) : null;
          const leafHash = newestRow && newestRow.day >= s.day ? newestRow.leafHash : s.leafHash;
          if (now.get(s.recordId) !== leafHash) result.push({ ...s, deleted: !now.has(s.recordId) });
        }
      }
      left = result;
    }
    return result;
  }
}
