import type { EntityManager } from 'typeorm';
import { suppressCount, suppressShare, type PledgeFigures } from '@anxin/shared';
import { pledgeClasses } from '../pledges/pledge-audience';
import { countProgress, loadProgress } from '../pledges/pledge-progress';
import { PledgeEntity } from '../pledges/pledge.entity';

/**
 * A school's pledge of a school year (`2026-2027`) by grade, as the pledge feature counts completion
 * (features/pledges/pledge-progress.ts: children whose pledge is signed as required for the current version), with
 * small counts suppressed unless `exact`. Null when the school has no pledge that year.
 */
export async function pledgeFigures(m: EntityManager, schoolId: string, schoolYear: string, exact: boolean): Promise<PledgeFigures | null> {
  const pledge = await m.findOne(PledgeEntity, { where: { schoolId, schoolYear } });
  if (!pledge) return null;
  const classes = await pledgeClasses(m, pledge);
  const children = await loadProgress(m, pledge, classes);
  const c = (n: number) => suppressCount(n, exact);
  const grades = [...new Map(classes.map((k) => [k.gradeId, k])).values()].sort((a, b) => a.gradeNumber - b.gradeNumber);
  const all = countProgress(children);
  return {
    pledgeId: pledge.id, schoolYear,
    byGrade: grades.map((g) => {
      const n = countProgress(children.filter((x) => x.cls.gradeId === g.gradeId));
      return { gradeNumber: g.gradeNumber, gradeName: g.gradeName, students: c(n.students), signed: c(n.signed), signedShare: suppressShare(n.signed, n.students, exact) };
    }),
    students: c(all.students), signed: c(all.signed), signedShare: suppressShare(all.signed, all.students, exact),
  };
}
