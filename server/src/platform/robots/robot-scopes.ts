import { In, type EntityManager } from 'typeorm';
import type { RobotScope } from '@anxin/shared';
import { ClassEntity } from '../../features/tenancy/class.entity';
import { GradeEntity } from '../../features/tenancy/grade.entity';

export const SCHOOL_SCOPE_NAME = '全校';

/** How each robot's scope reads (全校, 三年级, 三年级1班), keyed by scope id ('' for the school). */
export async function scopeNames(m: EntityManager, robots: { scope: RobotScope; scopeId: string | null }[]): Promise<Map<string, string>> {
  const names = new Map<string, string>([['', SCHOOL_SCOPE_NAME]]);
  const classIds = [...new Set(robots.filter((r) => r.scope === 'class' && r.scopeId).map((r) => r.scopeId!))];
  const classes = classIds.length ? await m.find(ClassEntity, { where: { id: In(classIds) } }) : [];
  const gradeIds = [...new Set([...robots.filter((r) => r.scope === 'grade' && r.scopeId).map((r) => r.scopeId!), ...classes.map((c) => c.gradeId)])];
  const grades = gradeIds.length ? await m.find(GradeEntity, { where: { id: In(gradeIds) } }) : [];
  const gradeName = new Map(grades.map((g) => [g.id, g.name]));
  for (const g of grades) names.set(g.id, g.name);
  for (const c of classes) names.set(c.id, `${gradeName.get(c.gradeId) ?? ''}${c.name}`);
  return names;
}

export function scopeNameOf(names: Map<string, string>, robot: { scopeId: string | null }): string {
  return names.get(robot.scopeId ?? '') ?? '';
}
