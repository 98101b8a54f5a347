import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Permission } from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { AppException } from '../../platform/common/errors/app.exception';
import { failed, succeeded, type Outcome } from '../../platform/database/batcher';
import { entityRows } from '../../platform/database/entity-rows';
import { distinct, groupBy } from '../../platform/database/in-lists';
import { BindingEntity } from '../bindings/binding.entity';
import { AccessService, type ClassReach } from '../tenancy/access.service';
import { SchoolEntity } from '../tenancy/school.entity';
import { StudentEntity } from '../tenancy/student.entity';
import { classesWithGrades, inAudience, pledgeClasses, type PledgeClass } from './pledge-audience';
import { PledgeEntity } from './pledge.entity';

/** What a staff member may see of a school's pledges: every class, or the classes they teach. */
export type PledgeReach = ClassReach;

/** A pledge as one staff member may see it. */
export interface StaffPledge {
  pledge: PledgeEntity;
  school: SchoolEntity;
  reach: PledgeReach;
  /** The classes the pledge reaches now. */
  classes: PledgeClass[];
  /** Of those, the ones the caller may see. */
  visible: PledgeClass[];
  /** May publish new versions (principals and school admins). */
  canManage: boolean;
}

/** A guardian asking for one child and pledge. */
export interface ChildRequest {
  guardianUserId: string;
  pledgeId: string;
  studentId: string;
}

/** A guardian's child in a pledge's audience. */
export interface GuardianChild {
  pledge: PledgeEntity;
  school: SchoolEntity;
  binding: BindingEntity;
  student: StudentEntity;
  cls: PledgeClass;
}

/**
 * The one owner of who may see and do what with a pledge:
 * - principals and school admins: every pledge of their school, every class; they open pledges and publish versions;
 * - a class teacher: the pledges reaching one of their classes, with those classes' completion and missing lists, and
 *   reminds those classes;
 * - a guardian: the pledges reaching a child they have an approved binding to, for that child only;
 * - anyone without a tie to the school (another school's staff, a guardian of another family): 404; a tie without the
 *   right: 403.
 */
@Injectable()
export class PledgeAccess {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly access: AccessService) {}

  school(schoolId: string): Promise<SchoolEntity> {
    return this.access.school(schoolId);
  }

  /** The caller's reach at `school` for `permission` (AccessService.reach: 404 without a tie, 403 without the right). */
  reach(auth: AuthContext, school: SchoolEntity, permission: Permission, what = '学校'): PledgeReach {
    return this.access.reach(auth, school, permission, what);
  }

  /** Principals and school admins manage (open, publish versions); a teacher does not. */
  mayManage(auth: AuthContext, school: SchoolEntity): boolean {
    try {
      return this.reach(auth, school, Permission.PLEDGE_MANAGE).schoolWide;
    } catch {
      return false;
    }
  }

  /** A pledge for a staff route needing `permission` (a teacher only when it reaches one of their classes). */
  async pledge(auth: AuthContext, pledgeId: string, permission: Permission, m: EntityManager = this.ds.manager): Promise<StaffPledge> {
    // Plain SQL read as `find` reads it (entity-rows.ts): every staff view of a pledge starts here.
    const [pledge] = await entityRows.findBy(m, PledgeEntity, { id: pledgeId });
    if (!pledge) throw AppException.notFound('承诺书');
    const [school] = await entityRows.findBy(m, SchoolEntity, { id: pledge.schoolId });
    if (!school) throw new Error(`school ${pledge.schoolId} of pledge ${pledge.id} is missing`);
    const reach = this.reach(auth, school, permission, '承诺书');
    if (permission === Permission.PLEDGE_MANAGE && !reach.schoolWide) throw AppException.forbidden('只有校长和学校管理员可以管理承诺书');
    const classes = await pledgeClasses(m, pledge);
    const visible = reach.schoolWide ? classes : classes.filter((c) => reach.classIds.includes(c.id));
    if (!reach.schoolWide && !visible.length) throw AppException.forbidden('这份承诺书不涉及你任教的班级');
    return { pledge, school, reach, classes, visible, canManage: this.mayManage(auth, school) };
  }

  /** A class of the pledge the caller may see: 404 when the pledge does not reach it, 403 when it is not theirs. */
  requireClass(view: StaffPledge, classId: string): PledgeClass {
    const cls = view.classes.find((c) => c.id === classId);
    if (!cls) throw AppException.notFound('班级');
    if (!view.visible.includes(cls)) throw AppException.forbidden('只能查看自己班级的情况');
    return cls;
  }

  /**
   * The caller's child in the pledge's audience: an approved binding of the caller to the student, at the pledge's
   * school, in a class the pledge reaches. Anything else (not their child, another school, outside the audience) is a 404.
   */
  async guardianChild(auth: AuthContext, pledgeId: string, studentId: string, m: EntityManager = this.ds.manager): Promise<GuardianChild> {
    const [child] = await this.guardianChildren([{ guardianUserId: auth.userId, pledgeId, studentId }], m);
    if (!child.ok) throw child.error;
    return child.value;
  }

  /**
   * `guardianChild` for many requests at once (the signatures of a batch): six queries however many, each request
   * its own outcome. For a batch's few dozen requests (the IN lists are not split).
   */
  async guardianChildren(requests: ChildRequest[], m: EntityManager = this.ds.manager): Promise<Outcome<GuardianChild>[]> {
    const pledges = new Map((await entityRows.findBy(m, PledgeEntity, { id: distinct(requests.map((r) => r.pledgeId)) })).map((p) => [p.id, p]));
    const asked = requests.filter((r) => pledges.has(r.pledgeId));
    const bindings = await entityRows.findBy(m, BindingEntity, {
      guardian_user_id: distinct(asked.map((r) => r.guardianUserId)), student_id: distinct(asked.map((r) => r.studentId)), status: 'approved',
    });
    const bindingOf = (r: ChildRequest) => bindings.find((b) => b.guardianUserId === r.guardianUserId && b.studentId === r.studentId && b.schoolId === pledges.get(r.pledgeId)?.schoolId);
    const bound = asked.filter(bindingOf);
    const students = new Map((await entityRows.findBy(m, StudentEntity, { id: distinct(bound.map((r) => r.studentId)) })).map((s) => [s.id, s]));
    const classes = new Map<string, PledgeClass>();
    for (const [schoolId, ofSchool] of groupBy(bound, (r) => pledges.get(r.pledgeId)!.schoolId)) {
      const classIds = distinct(ofSchool.flatMap((r) => students.get(r.studentId)?.classId ?? []));
      for (const c of classIds.length ? await classesWithGrades(m, schoolId, classIds) : []) classes.set(c.id, c);
    }
    const schoolIds = distinct(bound.map((r) => pledges.get(r.pledgeId)!.schoolId));
    const schools = new Map((await entityRows.findBy(m, SchoolEntity, { id: schoolIds })).map((s) => [s.id, s]));
    return requests.map((r) => {
      const pledge = pledges.get(r.pledgeId);
      const binding = pledge && bindingOf(r);
      const student = binding ? students.get(r.studentId) : undefined;
      const cls = student && student.schoolId === pledge!.schoolId ? classes.get(student.classId) : undefined;
      const school = pledge && schools.get(pledge.schoolId);
      if (!pledge || !binding || !student || !cls || !school || !inAudience(pledge, cls)) return failed(AppException.notFound('承诺书'));
      return succeeded({ pledge, school, binding, student, cls });
    });
  }
}
