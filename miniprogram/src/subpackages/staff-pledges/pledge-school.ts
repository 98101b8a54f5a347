import { PLEDGE_STATUS_LABELS, Permission, ROLE_PERMISSIONS, type GradeResponse, type MeResponse, type PledgeStatus } from '@anxin/shared';

/**
 * The school whose pledges this staff member sees (their first school role with pledge.read), whether they may open
 * pledges and publish versions (pledge.manage: principals and school admins) and remind classes (pledge.remind;
 * teachers their own classes). The server decides which classes they see; the app only picks the school.
 */
export function pledgeSchool(me: MeResponse): { id: string; name: string; canManage: boolean; canRemind: boolean } | null {
  const r = me.roles.find((x) => x.schoolId && ROLE_PERMISSIONS[x.role]?.includes(Permission.PLEDGE_READ));
  if (!r?.schoolId) return null;
  const roles = me.roles.filter((x) => x.schoolId === r.schoolId);
  const holds = (p: Permission) => roles.some((x) => ROLE_PERMISSIONS[x.role]?.includes(p));
  return { id: r.schoolId, name: r.schoolName ?? '', canManage: holds(Permission.PLEDGE_MANAGE), canRemind: holds(Permission.PLEDGE_REMIND) };
}

export const pledgeStatusLabel = (s: PledgeStatus) => PLEDGE_STATUS_LABELS[s];

/**
 * The school's grades a pledge can name, as numbers (1 = 一年级 … 12 = 高三): a grade's sort key is its school year
 * (the server sets it from the name), so grades with a sort of 1–12 are the ones a pledge can address.
 */
export function pledgeGrades(grades: GradeResponse[]): Array<{ number: number; name: string }> {
  const seen = new Set<number>();
  return grades
    .filter((g) => Number.isInteger(g.sort) && g.sort >= 1 && g.sort <= 12)
    .sort((a, b) => a.sort - b.sort)
    .filter((g) => !seen.has(g.sort) && !!seen.add(g.sort))
    .map((g) => ({ number: g.sort, name: g.name }));
}

/** 「全校」 or 「三年级、四年级」. */
export function gradesText(numbers: number[], names: Map<number, string>): string {
  if (!numbers.length) return '全校';
  return numbers.map((n) => names.get(n) ?? `${n} 年级`).join('、');
}
