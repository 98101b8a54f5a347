import type { ClassResponse, GradeResponse, SchoolResponse, StudentResponse } from '@anxin/shared';
import { isoRequired } from '../../platform/database/dates';
import type { ClassEntity } from './class.entity';
import type { GradeEntity } from './grade.entity';
import type { SchoolEntity } from './school.entity';
import type { StudentEntity } from './student.entity';

export function mapSchool(s: SchoolEntity): SchoolResponse {
  return {
    id: s.id, districtId: s.districtId, name: s.name, contactName: s.contactName ?? null, contactPhone: s.contactPhone ?? null,
    contactUserId: s.contactUserId ?? null, stage: s.stage ?? null, address: s.address ?? null, nationalCode: s.nationalCode ?? null,
    createdAt: isoRequired(s.createdAt),
  };
}

export function mapGrade(g: GradeEntity): GradeResponse {
  return { id: g.id, schoolId: g.schoolId, name: g.name, sort: g.sort };
}

export function mapClass(c: ClassEntity, grade: GradeEntity | undefined): ClassResponse {
  return { id: c.id, schoolId: c.schoolId, gradeId: c.gradeId, gradeName: grade?.name ?? '', name: c.name };
}

export function mapStudent(s: StudentEntity): StudentResponse {
  return { id: s.id, schoolId: s.schoolId, classId: s.classId, name: s.name, studentNo: s.studentNo, gender: s.gender };
}

