import type { KeyObject } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AuditBrokenCheckpoint, AuditCheckpoint, AuditSealReport, AuditSignedCheckpoint, AuditVerifyResponse, ErrorCode } from '@anxin/shared';
import { AppException } from '../common/errors/app.exception';
import { isoRequired } from '../database/dates';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditHeadEntity } from './audit-head.entity';
import { chainHash, GENESIS_HASH, HashedEntry } from './audit-hash';
import { readCheckpoints } from './checkpoint-file';
import { checkSignature, trustedKeyMap } from './checkpoint-signature';
import { SealKinds } from './seal/seal-kinds';
import { SEAL_ACTION } from './seal/seal-rules';
import { SealVerifier, type SealEntry } from './seal/seal-verifier';

export interface AuditVerifierOptions {
  /** Where the signed checkpoint files are (ANXIN_AUDIT_CHECKPOINT_DIR). */
  checkpointDir: string;
  /** Public keys whose checkpoint signatures are accepted. */
  trustedKeys: KeyObject[];
  /** The kinds of sealed records this process can recompute (features register them; none: sealed leaves are reported as unknown). */
  sealKinds?: SealKinds;
}

/** A checkpoint given by the caller (an exported chain head), checked like a signed one but without a signature. */
export interface GivenCheckpoint {
  seq: number;
  hash: string;
}

interface FileCheckpoint {
  line: number;
  cp: AuditSignedCheckpoint;
}

const BATCH = 1000;

/**
 * The one verifier of a school's audit log, behind both `GET /schools/{id}/audit/verify` and
 * `npm run audit:verify`. It trusts nothing the database says about itself:
 * - every signed checkpoint in the school's checkpoint file must carry a valid signature of a trusted key;
 * - every entry must link to the one before and hash to its stored hash;
 * - the chain head row must name the entry that really is at its seq;
 * - the entry at each checkpoint's seq must still exist and still have the signed hash, so deleting entries and
 *   re-chaining the rest (which keeps the chain consistent in itself) is caught by any checkpoint signed before.
 * The first disagreeing entry or checkpoint is named. Once the chain holds, the records sealed into it in day
 * batches are checked too (SealVerifier): each batch's leaves against the root its entry holds, and each record's
 * current rows against its newest leaf; a changed or deleted record is named with its kind and id.
 */
export class AuditVerifier {
  private readonly trusted: Map<string, KeyObject>;
  private readonly seals: SealVerifier;

  constructor(private readonly ds: DataSource, private readonly options: AuditVerifierOptions) {
    this.trusted = trustedKeyMap(options.trustedKeys);
    this.seals = new SealVerifier(ds, options.sealKinds ?? new SealKinds());
  }

  async verify(schoolId: string, given?: GivenCheckpoint): Promise<AuditVerifyResponse> {
    if (given && (!Number.isInteger(given.seq) || given.seq < 1 || !/^[0-9a-f]{64}$/.test(given.hash))) {
      throw AppException.badRequest(ErrorCode.AUDIT_CHECKPOINT_INVALID, '校验点格式不正确');
    }
    // Order matters on a live server: checkpoints first, then the head row, then the entries. A writer commits
    // entry and head together and a checkpoint is signed only after its entry committed, so everything read later
    // can only be ahead of what was read before, never behind it.
    let lines: ReturnType<typeof readCheckpoints>;
    try {
      lines = readCheckpoints(this.options.checkpointDir, schoolId);
    } catch (e) {
      // Not evidence of tampering, and not something to answer for without the file: say it cannot be checked now.
      throw new AppException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.SERVICE_UNAVAILABLE, `无法读取审计校验点文件（${(e as NodeJS.ErrnoException).code ?? 'error'}），请联系运维`);
    }
    const head = await this.ds.getRepository(AuditHeadEntity).findOne({ where: { schoolId } });

    let entries = 0;
    let last: AuditEntryEntity | null = null;
    let checked = 0;
    let newest: AuditSignedCheckpoint | null = null;
    const result = (
      problem: string | null, firstBrokenSeq: number | null = null, broken: AuditBrokenCheckpoint | null = null, seals: AuditSealReport | null = null,
    ): AuditVerifyResponse => ({
      ok: problem === null, entries, head: last ? toCheckpoint(last) : null, firstBrokenSeq, brokenCheckpoint: broken, problem,
      checkpointsChecked: checked, lastCheckpoint: newest, chainOk: problem === null || seals !== null, seals,
    });
    const brokenAt = (f: FileCheckpoint): AuditBrokenCheckpoint => ({ line: f.line, seq: f.cp.seq, headHash: f.cp.headHash, signedAt: f.cp.signedAt });

    // 1. The checkpoint file: every line readable, for this school, signed by a trusted key.
    const bySeq = new Map<number, FileCheckpoint[]>();
    const seen = new Set<string>();
    for (const l of lines) {
      if ('error' in l) {
        return result(`校验点文件第 ${l.line} 行无法读取（${l.error}）`, null, { line: l.line, seq: null, headHash: null, signedAt: null });
      }
      const f: FileCheckpoint = { line: l.line, cp: l.checkpoint };
      if (f.cp.schoolId !== schoolId) return result(`校验点文件第 ${f.line} 行属于另一所学校`, null, brokenAt(f));
      const sig = checkSignature(this.trusted, f.cp);
      if (sig === 'unknown_key') return result(`校验点文件第 ${f.line} 行的签名密钥 ${f.cp.keyId} 不在信任的公钥之列`, null, brokenAt(f));
      if (sig === 'bad_signature') return result(`校验点文件第 ${f.line} 行的签名无效（校验点是伪造的或被改动过）`, null, brokenAt(f));
      // A retried write may repeat a line: the same checkpoint counts once.
      const key = `${f.cp.seq}|${f.cp.headHash}|${f.cp.signedAt}|${f.cp.signature}`;
      if (seen.has(key)) continue;
      seen.add(key);
      checked++;
      if (!newest || f.cp.signedAt >= newest.signedAt) newest = f.cp;
      bySeq.set(f.cp.seq, [...(bySeq.get(f.cp.seq) ?? []), f]);
    }
    for (const f of bySeq.get(0) ?? []) {
      if (f.cp.headHash !== GENESIS_HASH) return result(`校验点文件第 ${f.line} 行（空日志）与创世哈希不符`, null, brokenAt(f));
    }

    // 2. The chain, entry by entry, against its links, its hashes, the head row and the checkpoints.
    const repo = this.ds.getRepository(AuditEntryEntity);
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let lastGoodCheckpointSeq = 0;
    const sealEntries: SealEntry[] = [];
    for (let after = 0; ;) {
      const rows = await repo.createQueryBuilder('e').where('e.school_id = :schoolId AND e.seq > :after', { schoolId, after })
        .orderBy('e.seq', 'ASC').limit(BATCH).getMany();
      for (const row of rows) {
        if (row.seq !== expectedSeq) return result(`第 ${expectedSeq} 条记录缺失`, expectedSeq);
        if (row.prevHash !== prev) return result(`第 ${row.seq} 条记录与前一条的链接不符`, row.seq);
        if (chainHash(prev, toHashed(row)) !== row.hash) return result(`第 ${row.seq} 条记录内容与其哈希不符（可能被改动）`, row.seq);
        for (const f of bySeq.get(row.seq) ?? []) {
          if (f.cp.headHash !== row.hash) {
            return result(
              `第 ${row.seq} 条记录与校验点文件第 ${f.line} 行（${f.cp.signedAt} 签名）不符：第 ${lastGoodCheckpointSeq + 1}–${row.seq} 条之间的记录在签名后被改写或删除`,
              row.seq, brokenAt(f),
            );
          }
          lastGoodCheckpointSeq = row.seq;
        }
        if (given && row.seq === given.seq && row.hash !== given.hash) {
          return result(`第 ${row.seq} 条记录与导出的校验点不符`, row.seq, { line: null, seq: given.seq, headHash: given.hash, signedAt: null });
        }
        if (head && row.seq === head.lastSeq && row.hash !== head.lastHash) return result(`第 ${row.seq} 条记录与链头记录不符`, row.seq);
        if (row.action === SEAL_ACTION && row.targetId) sealEntries.push(sealEntryOf(row));
        prev = row.hash;
        expectedSeq++;
        entries++;
        last = row;
      }
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1].seq;
    }
    const lastSeq = last?.seq ?? 0;

    // 3. Nothing missing from the end: the head row and every checkpoint must lie within the chain.
    if (!head && last) {
      // A school's first entry may have committed between the two reads. A head read now may be ahead of the walk
      // (entries appended since), so it only has to exist.
      if (!(await this.ds.getRepository(AuditHeadEntity).exists({ where: { schoolId } }))) return result('链头记录缺失', null);
    } else if (head && head.lastSeq > lastSeq) {
      return result(`第 ${lastSeq + 1} 条及之后的记录缺失（链头记录为第 ${head.lastSeq} 条）`, lastSeq + 1);
    }
    const beyond = [...bySeq.values()].flat().filter((f) => f.cp.seq > lastSeq).sort((a, b) => a.line - b.line)[0];
    if (beyond) {
      return result(
        `第 ${lastSeq + 1} 条及之后的记录缺失：校验点文件第 ${beyond.line} 行（${beyond.cp.signedAt} 签名）记载当时已有 ${beyond.cp.seq} 条`,
        lastSeq + 1, brokenAt(beyond),
      );
    }
    if (given && lastSeq < given.seq) {
      return result(`日志在第 ${lastSeq + 1} 条之后被截断（校验点为第 ${given.seq} 条）`, lastSeq + 1, { line: null, seq: given.seq, headHash: given.hash, signedAt: null });
    }

    // 4. The records sealed into the chain (the chain holds, so its batch entries can be trusted).
    const seals = await this.seals.verify(schoolId, sealEntries);
    const first = seals.problems[0];
    return result(first ? `封存的记录校验未通过（共 ${seals.problemCount} 处）：${first.message}` : null, null, null, seals);
  }
}

function sealEntryOf(e: AuditEntryEntity): SealEntry {
  const d = e.details ?? {};
  return { seq: e.seq, batchId: e.targetId!, day: String(d.day ?? ''), root: String(d.root ?? ''), leaves: Number(d.leaves ?? 0) };
}

function toHashed(e: AuditEntryEntity): HashedEntry {
  return {
    schoolId: e.schoolId, seq: e.seq, at: isoRequired(e.at), actorUserId: e.actorUserId, actorRole: e.actorRole,
    action: e.action, targetType: e.targetType, targetId: e.targetId, details: e.details ?? {},
  };
}

function toCheckpoint(e: AuditEntryEntity): AuditCheckpoint {
  return { schoolId: e.schoolId, seq: e.seq, hash: e.hash, at: isoRequired(e.at) };
}
