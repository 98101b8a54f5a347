import { createHash } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { canonicalJson, ErrorCode, type NoticeAudience, type NoticeBody, type NoticeClassRef, type NoticeQuestion, compareNames, compareNumbered, numberedName } from '@anxin/shared';
import { AppException } from '../../platform/common/errors/app.exception';
import { entityRows } from '../../platform/database/entity-rows';
import { ClassEntity } from '../tenancy/class.entity';
import { classDisplayName } from '../tenancy/class-names';
import { GradeEntity } from '../tenancy/grade.entity';

/** A class as a notice names it: id, grade and display name (三年级1班), in the school's order. */
export interface AudienceClass extends NoticeClassRef {
  gradeId: string;
}

/** Classes of the school with their display names, ordered by grade then class. */
export async function schoolClasses(m: EntityManager, schoolId: string, classIds?: string[]): Promise<AudienceClass[]> {
  return (await schoolClassesAndGrades(m, schoolId, classIds)).classes;
}

/** schoolClasses, and the school's grades by id (for callers that need the grades too, without reading them again). */
export async function schoolClassesAndGrades(
  m: EntityManager, schoolId: string, classIds?: string[],
): Promise<{ classes: AudienceClass[]; grades: Map<string, GradeEntity> }> {
  if (classIds && classIds.length === 0) return { classes: [], grades: new Map() };
  // The school's classes are read whole (three columns) and picked here: a school has at most a few thousand, and the
  // stats of a notice to 1,000 classes spent more on a 1,000-value IN list and on entities than on the rows.
  const wanted = classIds ? new Set(classIds) : null;
  const all: Pick<ClassEntity, 'id' | 'gradeId' | 'name'>[] = await m.query(
    `SELECT id, grade_id AS gradeId, name FROM ${m.connection.getMetadata(ClassEntity).tableName} WHERE school_id = ?`, [schoolId]);
  const classes = wanted ? all.filter((c) => wanted.has(c.id)) : all;
  const grade = new Map((classes.length ? await entityRows.findBy(m, GradeEntity, { school_id: schoolId }) : []).map((g) => [g.id, g]));
  // Grades compared once each, not once per pair of classes.
  const gradeRank = new Map([...grade.values()]
    .sort((a, b) => a.sort - b.sort || compareNames(a.name, b.name)).map((g, i) => [g.id, i]));
  // Each class's grade rank and number read once, not in every comparison.
  const ordered = classes.map((c) => ({ c, rank: gradeRank.get(c.gradeId) ?? -1, name: numberedName(c.name) }))
    .sort((a, b) => a.rank - b.rank || compareNumbered(a.name, b.name))
    .map(({ c }) => ({ id: c.id, gradeId: c.gradeId, name: classDisplayName(grade.get(c.gradeId)?.name, c.name) }));
  return { classes: ordered, grades: grade };
}

/**
 * The classes an audience reaches now: every class of the school, the classes of the chosen grades, or the chosen
 * classes. Ids that are not grades or classes of this school, or an audience that reaches no class, are a 422.
 */
export async function resolveAudience(m: EntityManager, schoolId: string, audience: NoticeAudience): Promise<AudienceClass[]> {
  const ids = [...new Set(audience.ids ?? [])];
  const refuse = (message: string) => AppException.unprocessable(ErrorCode.NOTICE_AUDIENCE_INVALID, message);
  let classes: AudienceClass[];
  if (audience.scope === 'school') {
    if (ids.length) throw refuse('发给全校时不需要选择年级或班级');
    classes = await schoolClasses(m, schoolId);
  } else if (audience.scope === 'grades') {
    if (!ids.length) throw refuse('请选择至少一个年级');
    const grades = await m.find(GradeEntity, { where: { schoolId, id: In(ids) } });
    if (grades.length !== ids.length) throw refuse('所选年级不属于本校');
    classes = (await schoolClasses(m, schoolId)).filter((c) => ids.includes(c.gradeId));
  } else {
    if (!ids.length) throw refuse('请选择至少一个班级');
    classes = await schoolClasses(m, schoolId, ids);
    if (classes.length !== ids.length) throw refuse('所选班级不属于本校');
  }
  if (!classes.length) throw refuse('所选范围内还没有班级');
  return classes;
}

/** sha256 (hex) of the canonical JSON of what a guardian reads: title, body and question. */
export function noticeContentHash(content: { title: string; body: NoticeBody; question: NoticeQuestion | null }): string {
  return createHash('sha256').update(canonicalJson({ title: content.title, body: content.body, question: content.question })).digest('hex');
}
