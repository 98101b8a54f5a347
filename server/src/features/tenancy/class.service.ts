import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  ErrorCode, Permission, type ClassResponse, type CreateClassRequest, type CreateGradeRequest, type GradeResponse, type StudentResponse, compareNames, compareNumberedNames,
} from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { AppException } from '../../platform/common/errors/app.exception';
import { inTransaction } from '../../platform/database/transaction';
import { AccessService } from './access.service';
import { ClassEntity } from './class.entity';
import { gradeKey, gradeSort, readGradeName, splitClassName } from './class-names';
import { GradeEntity } from './grade.entity';
import { StudentEntity } from './student.entity';
import { mapClass, mapGrade, mapStudent } from './tenancy.mappers';

/** Grades, classes and the students of a class. */
@Injectable()
export class ClassService {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly access: AccessService) {}

  async listGrades(auth: AuthContext, schoolId: string): Promise<GradeResponse[]> {
    await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_READ);
    const grades = await this.ds.getRepository(GradeEntity).find({ where: { schoolId } });
    return grades.sort(byGrade).map(mapGrade);
  }

  async createGrade(auth: AuthContext, schoolId: string, dto: CreateGradeRequest): Promise<GradeResponse> {
    await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    const reading = readGradeName(dto.name);
    if (reading.kind === 'invalid') throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, reading.problem, [{ field: 'name', problems: [reading.problem] }]);
    const name = reading.name;
    return inTransaction(this.ds, async (m) => {
      // The same school year under its other name ("七年级" for "初一") is the same grade.
      const same = (await m.find(GradeEntity, { where: { schoolId } })).find((g) => gradeKey(g.name) === gradeKey(name));
      if (same) throw AppException.conflict(ErrorCode.ALREADY_EXISTS, `已有“${same.name}”`);
      return mapGrade(await m.save(m.create(GradeEntity, { schoolId, name, sort: dto.sort ?? gradeSort(name) })));
    });
  }

  async listClasses(auth: AuthContext, schoolId: string): Promise<ClassResponse[]> {
    await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_READ);
    const [grades, classes] = await Promise.all([
      this.ds.getRepository(GradeEntity).find({ where: { schoolId } }),
      this.ds.getRepository(ClassEntity).find({ where: { schoolId } }),
    ]);
    const gradeOf = new Map(grades.map((g) => [g.id, g]));
    return classes
      .sort((a, b) => byGrade(gradeOf.get(a.gradeId)!, gradeOf.get(b.gradeId)!) || compareNumberedNames(a.name, b.name))
      .map((c) => mapClass(c, gradeOf.get(c.gradeId)));
  }

  async createClass(auth: AuthContext, schoolId: string, dto: CreateClassRequest): Promise<ClassResponse> {
    await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    return inTransaction(this.ds, async (m) => {
      const grade = await m.findOne(GradeEntity, { where: { id: dto.gradeId, schoolId } });
      if (!grade) throw AppException.notFound('年级');
      const name = splitClassName(dto.name).name;
      if (await m.findOne(ClassEntity, { where: { gradeId: grade.id, name } })) {
        throw AppException.conflict(ErrorCode.ALREADY_EXISTS, `${grade.name}已有“${name}”`);
      }
      return mapClass(await m.save(m.create(ClassEntity, { schoolId, gradeId: grade.id, name })), grade);
    });
  }

  /** The class roster. Teachers only for their own classes (minors' data: least privilege). */
  async listStudents(auth: AuthContext, classId: string): Promise<StudentResponse[]> {
    const { cls } = await this.access.requireClass(auth, classId, Permission.ROSTER_READ);
    const students = await this.ds.getRepository(StudentEntity).find({ where: { classId: cls.id } });
    return students
      .sort((a, b) => (a.studentNo ?? '').localeCompare(b.studentNo ?? '') || compareNames(a.name, b.name))
      .map(mapStudent);
  }
}

function byGrade(a: GradeEntity | undefined, b: GradeEntity | undefined): number {
  return (a?.sort ?? 0) - (b?.sort ?? 0) || compareNames(a?.name ?? '', b?.name ?? '');
}
