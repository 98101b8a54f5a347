import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ConsentRequest, ErrorCode, MeResponse, MeStudent } from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { utcDay } from '../../platform/common/clock/utc-day';
import { AppException } from '../../platform/common/errors/app.exception';
import { BindingEntity } from '../bindings/binding.entity';
import { ClassEntity } from '../tenancy/class.entity';
import { DistrictEntity } from '../tenancy/district.entity';
import { SchoolEntity } from '../tenancy/school.entity';
import { StudentEntity } from '../tenancy/student.entity';
import { GradeEntity } from '../tenancy/grade.entity';
import { inTransaction } from '../../platform/database/transaction';
import { ConsentEntity } from './consent.entity';
import { ConsentRecordDto } from './me.dto';

/** `GET /me`: the caller's roles, schools and bound children; and the consents they give. */
@Injectable()
export class MeService {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly clock: Clock) {}

  async me(auth: AuthContext, m: EntityManager = this.ds.manager): Promise<MeResponse> {
    const bindings = await m.find(BindingEntity, { where: { guardianUserId: auth.userId }, order: { createdAt: 'ASC' } });
    const schoolIds = new Set<string>([...auth.roles.map((r) => r.schoolId).filter((x): x is string => !!x), ...bindings.map((b) => b.schoolId)]);
    const districtIds = auth.roles.map((r) => r.districtId).filter((x): x is string => !!x);
    const [schools, districts, students, classes, consent] = await Promise.all([
      schoolIds.size ? m.find(SchoolEntity, { where: { id: In([...schoolIds]) } }) : [],
      districtIds.length ? m.find(DistrictEntity, { where: { id: In(districtIds) } }) : [],
      bindings.length ? m.find(StudentEntity, { where: { id: In(bindings.map((b) => b.studentId)) } }) : [],
      bindings.length ? m.find(ClassEntity, { where: { id: In(bindings.map((b) => b.classId)) } }) : [],
      m.findOne(ConsentEntity, { where: { userId: auth.userId, kind: 'privacy_guide' }, order: { createdAt: 'DESC', version: 'DESC' } }),
    ]);
    const grades = classes.length ? await m.find(GradeEntity, { where: { id: In(classes.map((c) => c.gradeId)) } }) : [];
    const schoolName = (id: string | null) => (id ? schools.find((s) => s.id === id)?.name ?? null : null);
    const className = (id: string) => {
      const c = classes.find((x) => x.id === id);
      const g = c && grades.find((x) => x.id === c.gradeId);
      return c ? `${g?.name ?? ''}${c.name}` : '';
    };
    const studentsOut: MeStudent[] = bindings.map((b) => ({
      bindingId: b.id,
      studentId: b.studentId,
      studentName: students.find((s) => s.id === b.studentId)?.name ?? '',
      schoolId: b.schoolId,
      schoolName: schoolName(b.schoolId) ?? '',
      classId: b.classId,
      className: className(b.classId),
      relation: b.relation,
      status: b.status,
      rejectReason: b.status === 'rejected' ? b.rejectReason : null,
    }));
    return {
      id: auth.userId,
      displayName: auth.displayName,
      roles: auth.roles.map((r) => ({
        role: r.role,
        schoolId: r.schoolId,
        schoolName: schoolName(r.schoolId),
        districtId: r.districtId,
        districtName: r.districtId ? districts.find((d) => d.id === r.districtId)?.name ?? null : null,
        classIds: r.role === 'teacher' ? auth.teacherClassIds : [],
      })),
      schools: schools.map((s) => ({ id: s.id, name: s.name })),
      students: studentsOut,
      privacyGuideAcceptedVersion: consent?.version ?? null,
      isDemo: auth.isDemo,
    };
  }

  /**
   * Records a consent (privacy guide, or a guardian's consent for one child's data) with its text version and the
   * UTC day it was given (the app sends it as it opens, so a time of day would sit next to a tip filed then).
   */
  async recordConsent(auth: AuthContext, dto: ConsentRequest): Promise<ConsentRecordDto> {
    return inTransaction(this.ds, async (m) => {
      if (dto.kind === 'child_data') {
        if (!dto.studentId) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '请指明是哪个孩子的同意', [{ field: 'studentId', problems: ['必填'] }]);
        const bound = await m.findOne(BindingEntity, { where: { guardianUserId: auth.userId, studentId: dto.studentId } });
        if (!bound) throw AppException.notFound('学生');
      }
      const row = m.create(ConsentEntity, {
        userId: auth.userId, kind: dto.kind, version: dto.version, studentId: dto.studentId ?? null, createdAt: this.clock.now(),
      });
      await m.save(row);
      return { id: row.id, kind: row.kind, version: row.version, studentId: row.studentId, givenOn: utcDay(row.createdAt) };
    });
  }
}
