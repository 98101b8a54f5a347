import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Permission, SchoolRole } from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { AppException } from '../../platform/common/errors/app.exception';
import { classesWithGrades, type PledgeClass } from '../pledges/pledge-audience';
import { AccessService, type ClassReach } from '../tenancy/access.service';
import { SchoolEntity } from '../tenancy/school.entity';
import { SurveyEntity } from './survey.entity';

/** A class a survey reaches, with its grade's school year. */
export type SurveyClass = PledgeClass;

/** What a staff member may see of a school's surveys: every class, or the classes they teach. */
export type SurveyReach = ClassReach;

/** A survey as one staff member may see it. */
export interface StaffSurvey {
  survey: SurveyEntity;
  school: SchoolEntity;
  reach: SurveyReach;
  classes: SurveyClass[];
  /** Of those, the ones the caller may see. */
  visible: SurveyClass[];
}

/**
 * The one owner of who may see and do what with a survey:
 * - the principal and the designated contact open and close surveys and print codes (SURVEY_MANAGE);
 * - they and the school admin read the report (SURVEY_REPORT); free-text answers only the designated contact;
 * - a class teacher sees the surveys reaching their classes and those classes' response rates, nothing else;
 * - anyone without a tie to the school: 404; a tie without the right: 403.
 */
@Injectable()
export class SurveyAccess {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly access: AccessService) {}

  school(schoolId: string): Promise<SchoolEntity> {
    return this.access.school(schoolId);
  }

  /** The caller's reach at `school` for `permission` (AccessService.reach: 404 without a tie, 403 without the right). */
  reach(auth: AuthContext, school: SchoolEntity, permission: Permission, what = '学校'): SurveyReach {
    return this.access.reach(auth, school, permission, what);
  }

  /** Whether the caller holds `permission` school-wide at the school (no exception). */
  holds(auth: AuthContext, school: SchoolEntity, permission: Permission): boolean {
    try {
      return this.reach(auth, school, permission).schoolWide;
    } catch {
      return false;
    }
  }

  /** Free-text answers: the school's designated contact only. */
  readsTexts(auth: AuthContext, school: SchoolEntity): boolean {
    return this.access.rolesAtSchool(auth, school).some((r) => r.role === SchoolRole.CONTACT);
  }

  /** A survey for a staff route needing `permission` (a teacher only when it reaches one of their classes). */
  async survey(auth: AuthContext, surveyId: string, permission: Permission, m: EntityManager = this.ds.manager): Promise<StaffSurvey> {
    const survey = await m.findOne(SurveyEntity, { where: { id: surveyId } });
    if (!survey) throw AppException.notFound('问卷');
    const school = await m.findOneOrFail(SchoolEntity, { where: { id: survey.schoolId } });
    const reach = this.reach(auth, school, permission, '问卷');
    const classes = await classesWithGrades(m, school.id, survey.classIds);
    const visible = reach.schoolWide ? classes : classes.filter((c) => reach.classIds.includes(c.id));
    if (!reach.schoolWide && !visible.length) throw AppException.forbidden('这份问卷不涉及你任教的班级');
    return { survey, school, reach, classes, visible };
  }

  /** A class of the survey the caller may see: 404 when the survey does not reach it, 403 when it is not theirs. */
  requireClass(view: StaffSurvey, classId: string): SurveyClass {
    const cls = view.classes.find((c) => c.id === classId);
    if (!cls) throw AppException.notFound('班级');
    if (!view.visible.includes(cls)) throw AppException.forbidden('只能查看自己班级的情况');
    return cls;
  }
}
