import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import {
  ErrorCode, formatDate, isCalendarDay, LEDGER_LIMITS, Permission, type CreateLedgerActivityRequest, type LedgerActivity,
  type LedgerFileRef, type LedgerResponse, type UpdateLedgerActivityRequest,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { inTransaction } from '../../platform/database/transaction';
import { schoolCalendar } from '../calendar/district-calendar';
import { chosenSemester, semesterOptions } from '../oversight/semester-choice';
import { AccessService } from '../tenancy/access.service';
import { ClassEntity } from '../tenancy/class.entity';
import type { SchoolEntity } from '../tenancy/school.entity';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { LedgerAccess, type RecorderScope } from './ledger-access';
import { LedgerActivityEntity } from './ledger-activity.entity';
import { activeDuties } from './ledger-catalogue';
import { computeLedger, loadLedgerInputs, statusCounts } from './ledger-compute';
import { LedgerFileEntity } from './ledger-file.entity';
import { ledgerFileName, ledgerUpload } from './ledger-files';
import { shanghaiDayStart } from './ledger-days';

/**
 * A school's ledger (read, per semester), and the activities its staff record: create, edit, photos and PDFs, and
 * reading a file back. Every write is audited with its transaction (ledger.activity_recorded / _edited /
 * file_added); no route deletes an activity or a file.
 */
@Injectable()
export class LedgerService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly ledgerAccess: LedgerAccess,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async read(auth: AuthContext, schoolId: string, semesterKey: string | undefined): Promise<LedgerResponse> {
    const school = await this.ledgerAccess.readable(auth, schoolId);
    const now = this.clock.now();
    const m = this.ds.manager;
    const calendar = await schoolCalendar(m, school);
    const semester = chosenSemester(calendar, semesterKey, now);
    const duties = await activeDuties(m, school.districtId);
    const inputs = await loadLedgerInputs(m, school, calendar, semester, duties, now);
    const scope = this.ledgerAccess.mayRecord(auth, school);
    const rows = computeLedger(calendar, semester, duties, inputs, now, (a) => this.ledgerAccess.mayEdit(scope, a)).map((d) => d.row);
    return {
      schoolId: school.id, schoolName: school.name, semester: semester.key, semesterLabel: semester.label, semesters: semesterOptions(calendar, now),
      counts: statusCounts(rows), duties: rows,
      classes: scope ? inputs.classes.filter((c) => scope.all || scope.classIds.includes(c.id)) : [],
      teachers: scope ? (scope.all ? inputs.teachers : inputs.teachers.filter((t) => t.id === auth.userId)) : [],
      recordsAll: scope?.all ?? false,
      canExport: this.access.hasSchoolPermission(auth, school, Permission.LEDGER_EXPORT),
    };
  }

  async create(auth: AuthContext, schoolId: string, dto: CreateLedgerActivityRequest): Promise<LedgerActivity> {
    const school = await this.access.school(schoolId);
    const scope = this.ledgerAccess.recorder(auth, school);
    const duty = (await activeDuties(this.ds.manager, school.districtId)).find((d) => d.key === dto.dutyKey);
    if (!duty) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '没有这项工作', [{ field: 'dutyKey', problems: ['不在本区的工作清单中'] }]);
    const classIds = dto.audience === 'classes' ? [...new Set(dto.classIds ?? [])] : [];
    if (dto.audience === 'classes' && !classIds.length) throw invalid('classIds', '请至少选择一个班级');
    if (dto.audience !== 'classes' && dto.classIds?.length) throw invalid('classIds', '只有对象为班级时才选择班级');
    const teacherUserId = dto.teacherUserId ?? null;
    if (duty.frequency === 'teacher_3y' && !teacherUserId) throw invalid('teacherUserId', '请选择参加培训的教师');
    if (duty.frequency !== 'teacher_3y' && teacherUserId) throw invalid('teacherUserId', '只有教师培训需要选择教师');
    this.ledgerAccess.checkRecord(scope, duty, classIds, teacherUserId);
    if (!dto.leader.trim()) throw invalid('leader', '请填写负责人或主讲人');
    if (!dto.description.trim()) throw invalid('description', '请填写简要说明');
    const heldOn = this.checkDay(dto.heldOn);
    await this.checkClasses(school, classIds);
    if (teacherUserId) await this.checkTeacher(school, teacherUserId);
    const now = this.clock.now();
    const row = await inTransaction(this.ds, async (m) => {
      const saved = await m.save(m.create(LedgerActivityEntity, {
        schoolId: school.id, dutyKey: duty.key, heldOn, heldAt: shanghaiDayStart(heldOn), leader: dto.leader.trim(), audience: dto.audience, classIds,
        teacherUserId, attendance: dto.attendance, description: dto.description.trim(), createdBy: auth.userId, createdAt: now, updatedAt: null,
      }));
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'ledger.activity_recorded',
        targetType: 'ledger_activity', targetId: saved.id,
        details: { dutyKey: duty.key, heldOn, audience: dto.audience, classes: classIds.length, attendance: dto.attendance, ...(teacherUserId ? { teacherUserId } : {}) },
      });
      return saved;
    });
    return this.map(row, []);
  }

  async update(auth: AuthContext, id: string, dto: UpdateLedgerActivityRequest): Promise<LedgerActivity> {
    const { activity, school } = await this.editable(auth, id);
    const changes: Partial<LedgerActivityEntity> = {};
    if (dto.heldOn !== undefined) Object.assign(changes, { heldOn: this.checkDay(dto.heldOn), heldAt: shanghaiDayStart(dto.heldOn) });
    if (dto.leader !== undefined && !dto.leader.trim()) throw invalid('leader', '请填写负责人或主讲人');
    if (dto.description !== undefined && !dto.description.trim()) throw invalid('description', '请填写简要说明');
    if (dto.leader !== undefined) changes.leader = dto.leader.trim();
    if (dto.attendance !== undefined) changes.attendance = dto.attendance;
    if (dto.description !== undefined) changes.description = dto.description.trim();
    const fields = Object.keys(changes).filter((k) => k !== 'heldAt');
    if (!fields.length) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '没有要修改的内容');
    const now = this.clock.now();
    await inTransaction(this.ds, async (m) => {
      await m.update(LedgerActivityEntity, { id: activity.id }, { ...changes, updatedAt: now });
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'ledger.activity_edited',
        targetType: 'ledger_activity', targetId: activity.id,
        details: { fields, before: Object.fromEntries(fields.map((f) => [f, activity[f as keyof LedgerActivityEntity]])) },
      });
    });
    const after = await this.ds.manager.findOneOrFail(LedgerActivityEntity, { where: { id: activity.id } });
    return this.map(after, await this.fileRefs([after.id]));
  }

  /** Checked before the upload is read: the caller may change the activity. */
  async assertMayAdd(auth: AuthContext, id: string): Promise<void> {
    await this.editable(auth, id);
  }

  async addFile(auth: AuthContext, id: string, file: Buffer): Promise<LedgerFileRef> {
    const { activity, school } = await this.editable(auth, id);
    const upload = await ledgerUpload(file);
    const now = this.clock.now();
    const saved = await inTransaction(this.ds, async (m) => {
      const had = await m.count(LedgerFileEntity, { where: { activityId: activity.id, kind: upload.kind } });
      const max = upload.kind === 'photo' ? LEDGER_LIMITS.photosMax : LEDGER_LIMITS.pdfsMax;
      if (had >= max) throw AppException.conflict(ErrorCode.LEDGER_FILES_FULL, upload.kind === 'photo' ? `每条记录最多 ${max} 张照片` : `每条记录最多 ${max} 个 PDF 文件`);
      const row = await m.save(m.create(LedgerFileEntity, {
        activityId: activity.id, schoolId: school.id, kind: upload.kind, name: ledgerFileName(upload.kind, had + 1), mime: upload.mime,
        bytes: upload.data.length, data: upload.data, createdBy: auth.userId, createdAt: now,
      }));
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'ledger.file_added',
        targetType: 'ledger_activity', targetId: activity.id, details: { fileId: row.id, kind: upload.kind, name: row.name, bytes: row.bytes },
      });
      return row;
    });
    return { id: saved.id, kind: saved.kind, name: saved.name, bytes: saved.bytes };
  }

  /** A photo or PDF of an activity: whoever may read the school's ledger. */
  async file(auth: AuthContext, fileId: string): Promise<{ data: Buffer; mime: string; name: string; kind: 'photo' | 'pdf' }> {
    const meta = await this.ds.manager.findOne(LedgerFileEntity, { where: { id: fileId } });
    if (!meta) throw AppException.notFound('文件');
    const school = await this.access.school(meta.schoolId);
    this.access.reach(auth, school, Permission.LEDGER_READ, '文件');
    const row = await this.ds.manager.findOne(LedgerFileEntity, { where: { id: fileId }, select: { id: true, data: true } });
    if (!row?.data) throw AppException.notFound('文件');
    return { data: Buffer.from(row.data), mime: meta.mime, name: meta.name, kind: meta.kind };
  }

  /** The activity, for a caller who may change it (404 elsewhere or without a tie to its school; 403 without the right). */
  private async editable(auth: AuthContext, id: string): Promise<{ activity: LedgerActivityEntity; school: SchoolEntity }> {
    const activity = await this.ds.manager.findOne(LedgerActivityEntity, { where: { id } });
    if (!activity) throw AppException.notFound('记录');
    const school = await this.access.school(activity.schoolId);
    this.access.reach(auth, school, Permission.LEDGER_RECORD, '记录');
    const scope: RecorderScope = this.ledgerAccess.recorder(auth, school);
    if (!this.ledgerAccess.mayEdit(scope, activity)) throw AppException.forbidden('只能修改自己记录的本班班会或本人培训');
    return { activity, school };
  }

  /** A real day, not after today (Shanghai), not before 2000. */
  private checkDay(day: string): string {
    if (!isCalendarDay(day) || day < '2000-01-01') throw invalid('heldOn', '日期不正确');
    if (day > formatDate(this.clock.now())) throw invalid('heldOn', '不能记录今天以后的日期');
    return day;
  }

  private async checkClasses(school: SchoolEntity, classIds: string[]): Promise<void> {
    if (!classIds.length) return;
    const found = await this.ds.manager.count(ClassEntity, { where: { id: In(classIds), schoolId: school.id } });
    if (found !== classIds.length) throw invalid('classIds', '班级不属于本校');
  }

  private async checkTeacher(school: SchoolEntity, userId: string): Promise<void> {
    if (!(await this.ds.manager.exists(StaffRoleEntity, { where: { userId, schoolId: school.id, role: 'teacher' } }))) throw invalid('teacherUserId', '不是本校教师');
  }

  private async fileRefs(activityIds: string[]): Promise<LedgerFileRef[]> {
    const rows = await this.ds.manager.find(LedgerFileEntity, { where: { activityId: In(activityIds) }, order: { createdAt: 'ASC' } });
    return rows.map((f) => ({ id: f.id, kind: f.kind, name: f.name, bytes: f.bytes }));
  }

  private map(a: LedgerActivityEntity, files: LedgerFileRef[]): LedgerActivity {
    return {
      id: a.id, schoolId: a.schoolId, dutyKey: a.dutyKey, heldOn: a.heldOn, leader: a.leader, audience: a.audience, classIds: a.classIds,
      teacherUserId: a.teacherUserId, attendance: a.attendance, description: a.description, files, createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt?.toISOString() ?? null,
    };
  }
}

function invalid(field: string, problem: string): AppException {
  return AppException.badRequest(ErrorCode.VALIDATION_FAILED, problem, [{ field, problems: [problem] }]);
}
