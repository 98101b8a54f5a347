import type { EntityManager } from 'typeorm';
import { PLEDGE_CHILD_CONSENT_GRADE_MAX } from '@anxin/shared';
import { schoolClassesAndGrades } from '../notices/notice-audience';
import { gradeLevel } from '../tenancy/class-names';
import { GradeEntity } from '../tenancy/grade.entity';
import type { PledgeEntity } from './pledge.entity';

/** A class a pledge reaches, with its grade's school year (0 when the grade's name is no school year). */
export interface PledgeClass {
  id: string;
  name: string;
  gradeId: string;
  gradeName: string;
  gradeNumber: number;
}

/** The school year of a grade (一年级 = 1 … 高三 = 12), 0 for a grade whose name is no school year. */
export function gradeNumberOf(grade: Pick<GradeEntity, 'name'>): number {
  return gradeLevel(grade.name) ?? 0;
}

/** Every class of the school with its grade's school year, in the school's order. */
export async function classesWithGrades(m: EntityManager, schoolId: string, classIds?: string[]): Promise<PledgeClass[]> {
  const { classes, grades: grade } = await schoolClassesAndGrades(m, schoolId, classIds);
  return classes.map((c) => ({
    id: c.id, name: c.name, gradeId: c.gradeId, gradeName: grade.get(c.gradeId)?.name ?? '', gradeNumber: grade.has(c.gradeId) ? gradeNumberOf(grade.get(c.gradeId)!) : 0,
  }));
}

/** The classes a pledge reaches now: those of its grades (by school year), or every class of the school. */
export async function pledgeClasses(m: EntityManager, pledge: Pick<PledgeEntity, 'schoolId' | 'grades'>): Promise<PledgeClass[]> {
  return (await classesWithGrades(m, pledge.schoolId)).filter((c) => inAudience(pledge, c));
}

/** The pledge reaches this class of its school: one of its grades, or any when it names none. */
export function inAudience(pledge: Pick<PledgeEntity, 'grades'>, cls: Pick<PledgeClass, 'gradeNumber'>): boolean {
  return !pledge.grades.length || pledge.grades.includes(cls.gradeNumber);
}

/** The child signs too: the pledge asks it from a grade on (0: never), and the child's grade is that or above. */
export function studentPartRequired(pledge: Pick<PledgeEntity, 'studentFromGrade'>, gradeNumber: number): boolean {
  return pledge.studentFromGrade > 0 && gradeNumber >= pledge.studentFromGrade;
}

/** A child of this grade may be under 14 (a grade 0 may be anything): the child-data consent is asked for. */
export function mayBeUnder14(gradeNumber: number): boolean {
  return gradeNumber === 0 || gradeNumber <= PLEDGE_CHILD_CONSENT_GRADE_MAX;
}
