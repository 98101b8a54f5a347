import { GuardianPledgeStatus, type GuardianPledgeListItem, compareNames } from '@anxin/shared';
import { pledgesApi } from '../api/pledges';
import { ROUTES } from '../routes';
import { createStore, useStore } from './store';

/**
 * A guardian's pledges as 首页 shows them: one to-do per bound child whose pledge is not signed, or was signed in an
 * older version and must be signed again; gone once signed. Loaded from GET /me/pledges each time 首页 shows.
 */
export interface PledgeTodo {
  key: string;
  pledgeId: string;
  studentId: string;
  resign: boolean;
  title: string;
  hint: string;
  /** A11y label: what it is and what to do. */
  label: string;
}

/** The signing page for one child (首页's to-dos and the list open it). */
export const pledgeSignPath = (pledgeId: string, studentId: string) =>
  `${ROUTES.pledgeSign}?id=${encodeURIComponent(pledgeId)}&studentId=${encodeURIComponent(studentId)}`;

/** The to-dos, the earliest deadline first (then by child's name). */
export function pledgeTodos(items: GuardianPledgeListItem[]): PledgeTodo[] {
  return items
    .filter((p) => p.status !== GuardianPledgeStatus.SIGNED)
    .sort((a, b) => a.deadline.localeCompare(b.deadline) || compareNames(a.student.name, b.student.name))
    .map((p) => {
      const resign = p.status === GuardianPledgeStatus.RESIGN;
      const title = resign ? `承诺书已更新，请为${p.student.name}重新签署` : `请为${p.student.name}签署防范校园欺凌承诺书`;
      const hint = `${p.schoolYear} 学年 · ${p.student.className} · 截止 ${p.deadline}`;
      return { key: `${p.pledgeId}:${p.student.id}`, pledgeId: p.pledgeId, studentId: p.student.id, resign, title, hint, label: `${title}，${hint}` };
    });
}

export const guardianPledgesStore = createStore<GuardianPledgeListItem[]>([]);
export const useGuardianPledges = () => useStore(guardianPledgesStore);

export async function refreshGuardianPledges(): Promise<void> {
  try {
    guardianPledgesStore.set((await pledgesApi.mine()).items);
  } catch {
    // Keep what was shown; the next time 首页 shows it tries again.
  }
}
