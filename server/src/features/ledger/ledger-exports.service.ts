import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ErrorCode, LEDGER_LIMITS, Permission, semesterByKey, type LedgerExport, type LedgerExportListResponse } from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { inTransaction } from '../../platform/database/transaction';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { schoolCalendar } from '../calendar/district-calendar';
import { chosenSemester } from '../oversight/semester-choice';
import { AccessService } from '../tenancy/access.service';
import type { SchoolEntity } from '../tenancy/school.entity';
import { LEDGER_EXPORTS_JOB } from './ledger-export-maker';
import { LedgerExportEntity } from './ledger-export.entity';

const DAY = 86_400_000;

/**
 * Asking for an inspection export of a semester (audited as ledger.exported), listing a school's, and serving the
 * two files once the worker made them. Who may: holders of ledger.export at the school (admin, principal, designated
 * contact); another school's: 404.
 */
@Injectable()
export class LedgerExportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly jobs: PeriodicJobs,
    private readonly clock: Clock,
  ) {}

  /** Queues an export of the semester (default: the current one); one already waiting for the same is given back instead. */
  async request(auth: AuthContext, schoolId: string, semesterKey: string | undefined): Promise<LedgerExport> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.LEDGER_EXPORT);
    const now = this.clock.now();
    const semester = chosenSemester(await schoolCalendar(this.ds.manager, school), semesterKey, now);
    const row = await inTransaction(this.ds, async (m) => {
      const waiting = await m.findOne(LedgerExportEntity, { where: { schoolId: school.id, semesterKey: semester.key, status: In(['queued', 'running']) } });
      if (waiting) return waiting;
      const saved = await m.save(m.create(LedgerExportEntity, {
        schoolId: school.id, semesterKey: semester.key, status: 'queued', progress: 0, requestedBy: auth.userId, createdAt: now, finishedAt: null,
        expiresAt: new Date(now.getTime() + LEDGER_LIMITS.exportKeepDays * DAY),
      }));
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'ledger.exported',
        targetType: 'ledger_export', targetId: saved.id, details: { semester: semester.key },
      });
      return saved;
    });
    // Made at once when this process runs a worker; otherwise the worker's next tick takes it.
    void this.jobs.runNow(LEDGER_EXPORTS_JOB).catch(() => undefined);
    return this.map(row);
  }

  async list(auth: AuthContext, schoolId: string): Promise<LedgerExportListResponse> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.LEDGER_EXPORT);
    const rows = await this.ds.manager.find(LedgerExportEntity, { where: { schoolId: school.id }, order: { createdAt: 'DESC' }, take: LEDGER_LIMITS.exportListMax });
    const now = this.clock.now();
    return { items: rows.filter((r) => r.expiresAt > now).map((r) => this.map(r)) };
  }

  /** A ready export's file: 404 for another school or after expiry; 409 while not ready. */
  async file(auth: AuthContext, id: string, kind: 'xlsx' | 'pdf'): Promise<{ data: Buffer; fileName: string }> {
    const job = await this.ds.manager.findOne(LedgerExportEntity, { where: { id } });
    if (!job) throw AppException.notFound('导出文件');
    const school: SchoolEntity = await this.access.requireSchool(auth, job.schoolId, Permission.LEDGER_EXPORT);
    if (job.expiresAt <= this.clock.now()) throw AppException.notFound('导出文件');
    if (job.status !== 'ready') {
      throw AppException.conflict(ErrorCode.LEDGER_EXPORT_NOT_READY, job.status === 'failed' ? '台账生成失败，请重新生成' : '台账还在生成中，请稍后再试');
    }
    const row = await this.ds.manager.findOne(LedgerExportEntity, { where: { id }, select: { id: true, [kind]: true } });
    const data = row?.[kind];
    if (!data) throw AppException.notFound('导出文件');
    return { data: Buffer.from(data), fileName: `${school.name}${semesterLabel(job.semesterKey)}防治欺凌工作台账.${kind}` };
  }

  private map(r: LedgerExportEntity): LedgerExport {
    return {
      id: r.id, schoolId: r.schoolId, semester: r.semesterKey, semesterLabel: semesterLabel(r.semesterKey), status: r.status, progress: r.progress,
      createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString(),
    };
  }
}

/** A semester's label depends on its key alone. */
function semesterLabel(key: string): string {
  return semesterByKey([], key)?.label ?? key;
}
