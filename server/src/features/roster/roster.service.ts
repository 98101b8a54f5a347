import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ErrorCode, Permission, type RosterImportReport, type RosterRowProblem } from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { inTransaction } from '../../platform/database/transaction';
import { AccessService } from '../tenancy/access.service';
import { ClassEntity } from '../tenancy/class.entity';
import { gradeKey, gradeSort, normaliseGradeName } from '../tenancy/class-names';
import { GradeEntity } from '../tenancy/grade.entity';
import { PhoneHasher, type SchoolPhoneHashes } from '../tenancy/phone-hash';
import { RosterGuardianEntity } from '../tenancy/roster-guardian.entity';
import { SchoolEntity } from '../tenancy/school.entity';
import { StudentEntity } from '../tenancy/student.entity';
import { FIELD_LABELS, parseRoster, RosterFileUnreadable, rosterTemplate, type ParsedRoster } from './roster-parser';
import { chunks } from '../../platform/database/in-lists';
import { BindingEntity } from '../bindings/binding.entity';

/** Rows per INSERT: well under SQLite's bound-parameter limit and MariaDB's packet size. */
const CHUNK = 500;

interface RosterPlan {
  problems: RosterRowProblem[];
  grades: GradeEntity[];
  classes: ClassEntity[];
  studentInserts: StudentEntity[];
  studentUpdates: { id: string; changes: Partial<StudentEntity> }[];
  guardianInserts: Omit<RosterGuardianEntity, 'assignId'>[];
  guardianUpdates: { id: string; changes: Partial<RosterGuardianEntity> }[];
  guardianDeletes: string[];
  updatedStudents: number;
  unchanged: number;
}

type Existing = {
  grades: GradeEntity[];
  classes: ClassEntity[];
  students: StudentEntity[];
  guardians: RosterGuardianEntity[];
};

/**
 * Imports a school's roster: validates the whole file first (any problem → nothing applied, 422 with the per-row
 * report), then creates or updates grades, classes, students and roster guardians (phones as keyed hashes) in one
 * transaction. Importing the same file again changes nothing. Queries are batched so 10,000 rows fit one request.
 */
@Injectable()
export class RosterService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly phones: PhoneHasher,
    private readonly clock: Clock,
  ) {}

  async template(auth: AuthContext, schoolId: string): Promise<Buffer> {
    await this.access.requireSchool(auth, schoolId, Permission.ROSTER_IMPORT);
    return rosterTemplate();
  }

  async import(auth: AuthContext, schoolId: string, file: Buffer, options: { dryRun: boolean }): Promise<RosterImportReport> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.ROSTER_IMPORT);
    const started = performance.now();
    let parsed: ParsedRoster;
    try {
      parsed = await parseRoster(file);
    } catch (e) {
      if (e instanceof RosterFileUnreadable) {
        throw AppException.unprocessable(ErrorCode.ROSTER_FILE_UNREADABLE, '无法读取文件：请上传 Excel 的 .xlsx 文件（.xls 或 .csv 请先另存为 .xlsx）');
      }
      throw e;
    }
    const report = (applied: boolean, plan: RosterPlan | null, problems: RosterRowProblem[]): RosterImportReport => ({
      dryRun: options.dryRun,
      applied,
      sheetName: parsed.sheetName,
      rowsRead: parsed.rowsRead,
      problems,
      created: {
        grades: plan?.grades.length ?? 0, classes: plan?.classes.length ?? 0,
        students: plan?.studentInserts.length ?? 0, guardians: plan?.guardianInserts.length ?? 0,
      },
      updated: { students: plan?.updatedStudents ?? 0 },
      removed: { guardians: plan?.guardianDeletes.length ?? 0 },
      unchanged: plan?.unchanged ?? 0,
      durationMs: Math.round(performance.now() - started),
    });
    const invalid = (r: RosterImportReport) =>
      AppException.unprocessable(ErrorCode.ROSTER_INVALID, `花名册有 ${r.problems.length} 处问题，未导入任何数据；请修改后重新上传`, r);
    if (parsed.problems.length) throw invalid(report(false, null, sortProblems(parsed.problems)));

    return inTransaction(this.ds, async (m) => {
      // One import per school at a time (SQLite transactions already take turns): lock the school row.
      if (m.connection.options.type !== 'better-sqlite3') {
        await m.getRepository(SchoolEntity).findOne({ where: { id: school.id }, lock: { mode: 'pessimistic_write' } });
      }
      const existing = await this.loadExisting(m, school.id);
      const plan = this.plan(school, parsed, existing, await this.phones.forSchool(m, school.id));
      if (plan.problems.length) throw invalid(report(false, plan, sortProblems(plan.problems)));
      if (options.dryRun) return report(false, plan, []);
      await this.apply(m, plan);
      const result = report(true, plan, []);
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'roster.imported',
        targetType: 'school', targetId: school.id,
        details: { sheetName: result.sheetName, rowsRead: result.rowsRead, created: result.created, updated: result.updated, removed: result.removed, unchanged: result.unchanged },
      });
      return { ...result, durationMs: Math.round(performance.now() - started) };
    });
  }

  private async loadExisting(m: EntityManager, schoolId: string): Promise<Existing> {
    const [grades, classes, students, guardians] = await Promise.all([
      m.find(GradeEntity, { where: { schoolId } }),
      m.find(ClassEntity, { where: { schoolId } }),
      m.find(StudentEntity, { where: { schoolId } }),
      m.find(RosterGuardianEntity, { where: { schoolId } }),
    ]);
    return { grades, classes, students, guardians };
  }

  /** Works out every change against what the school already has. No writes. */
  private plan(school: SchoolEntity, parsed: ParsedRoster, existing: Existing, phones: SchoolPhoneHashes): RosterPlan {
    const now = this.clock.now();
    const plan: RosterPlan = {
      problems: [], grades: [], classes: [], studentInserts: [], studentUpdates: [], guardianInserts: [], guardianUpdates: [],
      guardianDeletes: [], updatedStudents: 0, unchanged: 0,
    };
    // Grades match by school year, not text: a school that has "七年级" gets the rows of "初一" there, and a school
    // that already holds both names (from before they were one grade) fills the one under the canonical name.
    const gradeByKey = new Map<string, GradeEntity>();
    for (const g of existing.grades) {
      const held = gradeByKey.get(gradeKey(g.name));
      if (!held || (held.name !== normaliseGradeName(held.name) && g.name === normaliseGradeName(g.name))) gradeByKey.set(gradeKey(g.name), g);
    }
    const classByKey = new Map(existing.classes.map((c) => [`${c.gradeId}|${c.name}`, c]));
    const studentByNo = new Map(existing.students.filter((s) => s.studentNo).map((s) => [s.studentNo!, s]));
    const studentsByClassName = new Map<string, StudentEntity[]>();
    for (const s of existing.students) {
      const k = `${s.classId}|${s.name}`;
      studentsByClassName.set(k, [...(studentsByClassName.get(k) ?? []), s]);
    }
    const guardiansByStudent = new Map<string, RosterGuardianEntity[]>();
    for (const g of existing.guardians) guardiansByStudent.set(g.studentId, [...(guardiansByStudent.get(g.studentId) ?? []), g]);
    const claimed = new Set<string>();

    for (const row of parsed.students) {
      let grade = gradeByKey.get(gradeKey(row.grade));
      if (!grade) {
        grade = Object.assign(new GradeEntity(), { id: randomUUID(), schoolId: school.id, name: row.grade, sort: gradeSort(row.grade) });
        gradeByKey.set(gradeKey(grade.name), grade);
        plan.grades.push(grade);
      }
      let cls = classByKey.get(`${grade.id}|${row.className}`);
      if (!cls) {
        cls = Object.assign(new ClassEntity(), { id: randomUUID(), schoolId: school.id, gradeId: grade.id, name: row.className });
        classByKey.set(`${grade.id}|${cls.name}`, cls);
        plan.classes.push(cls);
      }

      // Match: by 学籍号 when the row has one; else by class + name (a same-named student of that class).
      let student: StudentEntity | undefined;
      if (row.studentNo) student = studentByNo.get(row.studentNo);
      if (!student) {
        const sameName = (studentsByClassName.get(`${cls.id}|${row.name}`) ?? []).filter((s) => !claimed.has(s.id) && (!row.studentNo || !s.studentNo));
        if (sameName.length > 1) {
          plan.problems.push({ row: row.row, column: FIELD_LABELS.studentNo, problem: `班级里已有 ${sameName.length} 名叫“${row.name}”的学生，请填写学籍号以区分` });
          continue;
        }
        student = sameName[0];
      }
      if (student && claimed.has(student.id)) {
        plan.problems.push({ row: row.row, column: FIELD_LABELS.name, problem: '与文件中另一行对应同一名学生' });
        continue;
      }

      let changed = false;
      const isNew = !student;
      if (!student) {
        student = Object.assign(new StudentEntity(), {
          id: randomUUID(), schoolId: school.id, classId: cls.id, name: row.name, studentNo: row.studentNo, gender: row.gender, createdAt: now, updatedAt: now,
        });
        plan.studentInserts.push(student);
      } else {
        const changes: Partial<StudentEntity> = {};
        if (student.classId !== cls.id) changes.classId = cls.id;
        if (student.name !== row.name) changes.name = row.name;
        if (row.studentNo && student.studentNo !== row.studentNo) changes.studentNo = row.studentNo;
        if (row.gender && student.gender !== row.gender) changes.gender = row.gender;
        if (Object.keys(changes).length) {
          plan.studentUpdates.push({ id: student.id, changes: { ...changes, updatedAt: now } });
          changed = true;
        }
      }
      claimed.add(student.id);

      if (parsed.hasPhoneColumn) {
        const have = new Map((guardiansByStudent.get(student.id) ?? []).map((g) => [g.phoneHash, g]));
        const listed = new Set<string>();
        for (const g of row.guardians) {
          const phoneHash = phones.hash(g.phone);
          // A row still under the older (master-key) hash is the same guardian: it is rewritten under the data key.
          const old = have.get(phoneHash) ?? have.get(phones.legacy(g.phone));
          if (old) listed.add(old.phoneHash);
          if (!old) {
            plan.guardianInserts.push({ id: randomUUID(), schoolId: school.id, studentId: student.id, name: g.name, relation: g.relation, phoneHash });
            changed = true;
          } else {
            // Rewriting an older hash is not a change the school made: the student still counts as unchanged.
            const edited = (g.name && old.name !== g.name) || (g.relation && old.relation !== g.relation);
            if (edited || old.phoneHash !== phoneHash) {
              plan.guardianUpdates.push({ id: old.id, changes: { phoneHash, name: g.name ?? old.name, relation: g.relation ?? old.relation } });
            }
            if (edited) changed = true;
          }
        }
        // The file speaks for the guardians of the students it lists: a phone no longer on it stops auto-approving.
        for (const [hash, old] of have) {
          if (!listed.has(hash)) {
            plan.guardianDeletes.push(old.id);
            changed = true;
          }
        }
      }
      if (!isNew) {
        if (changed) plan.updatedStudents++;
        else plan.unchanged++;
      }
    }
    return plan;
  }

  private async apply(m: EntityManager, plan: RosterPlan): Promise<void> {
    for (const g of plan.grades) await m.insert(GradeEntity, { id: g.id, schoolId: g.schoolId, name: g.name, sort: g.sort });
    for (const c of plan.classes) await m.insert(ClassEntity, { id: c.id, schoolId: c.schoolId, gradeId: c.gradeId, name: c.name });
    for (const batch of chunks(plan.studentInserts, CHUNK)) {
      await m.createQueryBuilder().insert().into(StudentEntity)
        .values(batch.map((s) => ({ id: s.id, schoolId: s.schoolId, classId: s.classId, name: s.name, studentNo: s.studentNo, gender: s.gender, createdAt: s.createdAt, updatedAt: s.updatedAt })))
        .updateEntity(false).execute();
    }
    for (const u of plan.studentUpdates) {
      await m.update(StudentEntity, { id: u.id }, u.changes);
      // A child who moved class takes their guardians' bindings along: letters, pledges and the class teacher's views
      // reach a guardian through the binding's class.
      if (u.changes.classId) await m.update(BindingEntity, { studentId: u.id }, { classId: u.changes.classId });
    }
    for (const batch of chunks(plan.guardianDeletes)) await m.delete(RosterGuardianEntity, { id: In(batch) });
    for (const u of plan.guardianUpdates) await m.update(RosterGuardianEntity, { id: u.id }, u.changes);
    for (const batch of chunks(plan.guardianInserts, CHUNK)) {
      await m.createQueryBuilder().insert().into(RosterGuardianEntity).values(batch).updateEntity(false).execute();
    }
  }
}

function sortProblems(problems: RosterRowProblem[]): RosterRowProblem[] {
  return [...problems].sort((a, b) => a.row - b.row);
}
