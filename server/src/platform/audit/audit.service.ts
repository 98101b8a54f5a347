import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditCheckpoint, AuditEntryResponse, AuditVerifyResponse, Page, Permission, type AuditAction } from '@anxin/shared';
import type { AuthContext } from '../common/auth/auth-context';
import { Clock } from '../common/clock/clock';
import { isoRequired } from '../database/dates';
import { AccessService } from '../../features/tenancy/access.service';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditHeadEntity } from './audit-head.entity';
import { chainHash, GENESIS_HASH, HashedEntry } from './audit-hash';
import { AuditVerifier, type GivenCheckpoint } from './audit-verifier';

export interface AuditRecord {
  /** The chain: a school's id, or a district's id for the district's own events (features/tenancy/district-audit.ts). */
  schoolId: string;
  actorUserId: string | null;
  actorRole: string | null;
  /** One of the names in shared/src/audit-actions.ts (each with its Chinese label). */
  action: AuditAction;
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
    private readonly verifier: AuditVerifier,
  ) {}

  async append(manager: EntityManager, record: AuditRecord): Promise<AuditEntryEntity> {
    return appendAuditEntry(manager, this.clock.now(), record);
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

  async verify(auth: AuthContext, schoolId: string, checkpoint?: GivenCheckpoint): Promise<AuditVerifyResponse> {
    await this.access.requireSchool(auth, schoolId, Permission.AUDIT_READ);
    return this.verifier.verify(schoolId, checkpoint);
  }

  async head(schoolId: string): Promise<AuditCheckpoint | null> {
    const last = await this.ds.getRepository(AuditEntryEntity).findOne({ where: { schoolId }, order: { seq: 'DESC' } });
    return last ? { schoolId, seq: last.seq, hash: last.hash, at: isoRequired(last.at) } : null;
  }

  /** The one verifier (see AuditVerifier); kept here for callers that hold the service. */
  verifyChain(schoolId: string, checkpoint?: GivenCheckpoint): Promise<AuditVerifyResponse> {
    return this.verifier.verify(schoolId, checkpoint);
  }
}

/**
 * Appends `record` to its chain (the school's; a district's own events go to a chain keyed by the district id), in
 * the caller's transaction. AuditService.append is this with the server's clock; the command-line tools, which run
 * without the Nest container, call it directly.
 */
export async function appendAuditEntry(manager: EntityManager, at: Date, record: AuditRecord): Promise<AuditEntryEntity> {
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

export function mapAuditEntry(e: AuditEntryEntity): AuditEntryResponse {
  return {
    seq: e.seq, at: isoRequired(e.at), actorUserId: e.actorUserId, actorRole: e.actorRole, action: e.action,
    targetType: e.targetType, targetId: e.targetId, details: e.details ?? {}, prevHash: e.prevHash, hash: e.hash,
  };
}
