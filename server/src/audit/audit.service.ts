import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditCheckpoint, AuditEntryResponse, AuditVerifyResponse, ErrorCode, Page, Permission } from '@anxin/shared';
import type { AuthContext } from '../common/auth/auth-context';
import { Clock } from '../common/clock/clock';
import { AppException } from '../common/errors/app.exception';
import { isoRequired } from '../database/dates';
import { AccessService } from '../tenancy/access.service';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditHeadEntity } from './audit-head.entity';
import { chainHash, GENESIS_HASH, HashedEntry } from './audit-hash';

export interface AuditRecord {
  schoolId: string;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * The tamper-evident audit log: one hash chain per school. `append` must be called with the manager of the
 * transaction that makes the change it records, so both commit or neither does.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  async append(manager: EntityManager, record: AuditRecord): Promise<AuditEntryEntity> {
    const sqlite = manager.connection.options.type === 'better-sqlite3';
    // Lock the chain head so concurrent writers of one school extend the chain one at a time.
    let head = await manager.getRepository(AuditHeadEntity).findOne({
      where: { schoolId: record.schoolId },
      ...(sqlite ? {} : { lock: { mode: 'pessimistic_write' as const } }),
    });
    if (!head) {
      // The first entry of a school creates its chain head. On MariaDB/MySQL, INSERT … ON DUPLICATE KEY UPDATE takes
      // an exclusive lock on an existing head, where INSERT IGNORE would take a shared one that two concurrent first
      // writers then both try to upgrade with the FOR UPDATE below: a deadlock. SQLite has one writer at a time.
      if (sqlite) {
        await manager.createQueryBuilder().insert().into(AuditHeadEntity)
          .values({ schoolId: record.schoolId, lastSeq: 0, lastHash: GENESIS_HASH }).orIgnore().execute();
      } else {
        await manager.query(
          'INSERT INTO audit_heads (school_id, last_seq, last_hash) VALUES (?, 0, ?) ON DUPLICATE KEY UPDATE school_id = school_id',
          [record.schoolId, GENESIS_HASH],
        );
      }
      head = await manager.getRepository(AuditHeadEntity).findOneOrFail({
        where: { schoolId: record.schoolId },
        ...(sqlite ? {} : { lock: { mode: 'pessimistic_write' as const } }),
      });
    }
    const at = this.clock.now();
    const hashed: HashedEntry = {
      schoolId: record.schoolId,
      seq: head.lastSeq + 1,
      at: at.toISOString(),
      actorUserId: record.actorUserId,
      actorRole: record.actorRole,
      action: record.action,
      targetType: record.targetType ?? null,
      targetId: record.targetId ?? null,
      details: record.details ?? {},
    };
    const hash = chainHash(head.lastHash, hashed);
    const entry = manager.create(AuditEntryEntity, { ...hashed, at, prevHash: head.lastHash, hash });
    await manager.save(entry);
    await manager.update(AuditHeadEntity, { schoolId: record.schoolId }, { lastSeq: hashed.seq, lastHash: hash });
    return entry;
  }

  async list(auth: AuthContext, schoolId: string, q: { afterSeq?: number; limit?: number; action?: string }): Promise<Page<AuditEntryResponse>> {
    await this.access.requireSchool(auth, schoolId, Permission.AUDIT_READ);
    const limit = Math.min(q.limit ?? 50, 500);
    const qb = this.ds.getRepository(AuditEntryEntity).createQueryBuilder('e').where('e.school_id = :schoolId', { schoolId });
    if (q.action) qb.andWhere('e.action = :action', { action: q.action });
    const total = await qb.getCount();
    if (q.afterSeq !== undefined) qb.andWhere('e.seq > :after', { after: q.afterSeq });
    const rows = await qb.orderBy('e.seq', 'ASC').limit(limit).getMany();
    return { items: rows.map(mapAuditEntry), total };
  }

  async checkpoint(auth: AuthContext, schoolId: string): Promise<AuditCheckpoint | null> {
    await this.access.requireSchool(auth, schoolId, Permission.AUDIT_READ);
    return this.head(schoolId);
  }

  async verify(auth: AuthContext, schoolId: string, checkpoint?: { seq: number; hash: string }): Promise<AuditVerifyResponse> {
    await this.access.requireSchool(auth, schoolId, Permission.AUDIT_READ);
    return this.verifyChain(schoolId, checkpoint);
  }

  async head(schoolId: string): Promise<AuditCheckpoint | null> {
    const last = await this.ds.getRepository(AuditEntryEntity).findOne({ where: { schoolId }, order: { seq: 'DESC' } });
    return last ? { schoolId, seq: last.seq, hash: last.hash, at: isoRequired(last.at) } : null;
  }

  /**
   * Walks the chain from the first entry, recomputing every hash. Names the first entry whose content,
   * link or sequence is wrong. With a checkpoint (an exported earlier head), also detects truncation.
   */
  async verifyChain(schoolId: string, checkpoint?: { seq: number; hash: string }): Promise<AuditVerifyResponse> {
    if (checkpoint && (!Number.isInteger(checkpoint.seq) || checkpoint.seq < 1 || !/^[0-9a-f]{64}$/.test(checkpoint.hash))) {
      throw AppException.badRequest(ErrorCode.AUDIT_CHECKPOINT_INVALID, '校验点格式不正确');
    }
    const repo = this.ds.getRepository(AuditEntryEntity);
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let entries = 0;
    let last: AuditEntryEntity | null = null;
    const batch = 1000;
    const fail = (seq: number, problem: string): AuditVerifyResponse => ({
      ok: false, entries, head: last ? toCheckpoint(last) : null, firstBrokenSeq: seq, problem,
    });
    for (let after = 0; ; ) {
      const rows = await repo.createQueryBuilder('e').where('e.school_id = :schoolId AND e.seq > :after', { schoolId, after })
        .orderBy('e.seq', 'ASC').limit(batch).getMany();
      for (const row of rows) {
        if (row.seq !== expectedSeq) return fail(expectedSeq, `第 ${expectedSeq} 条记录缺失`);
        if (row.prevHash !== prev) return fail(row.seq, `第 ${row.seq} 条记录与前一条的链接不符`);
        const recomputed = chainHash(prev, toHashed(row));
        if (recomputed !== row.hash) return fail(row.seq, `第 ${row.seq} 条记录内容与其哈希不符（可能被改动）`);
        if (checkpoint && row.seq === checkpoint.seq && row.hash !== checkpoint.hash) {
          return fail(row.seq, `第 ${row.seq} 条记录与导出的校验点不符`);
        }
        prev = row.hash;
        expectedSeq++;
        entries++;
        last = row;
      }
      if (rows.length < batch) break;
      after = rows[rows.length - 1].seq;
    }
    if (checkpoint && (last?.seq ?? 0) < checkpoint.seq) {
      return fail((last?.seq ?? 0) + 1, `日志在第 ${(last?.seq ?? 0) + 1} 条之后被截断（校验点为第 ${checkpoint.seq} 条）`);
    }
    return { ok: true, entries, head: last ? toCheckpoint(last) : null, firstBrokenSeq: null, problem: null };
  }
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

export function mapAuditEntry(e: AuditEntryEntity): AuditEntryResponse {
  return {
    seq: e.seq, at: isoRequired(e.at), actorUserId: e.actorUserId, actorRole: e.actorRole, action: e.action,
    targetType: e.targetType, targetId: e.targetId, details: e.details ?? {}, prevHash: e.prevHash, hash: e.hash,
  };
}
