import { NOTICE_STATUS_LABELS, Permission, ROLE_PERMISSIONS, type MeResponse, type NoticeStatus } from '@anxin/shared';

/**
 * The school whose notices this staff member reads (their first school role with notice.read), and whether they may
 * write them (notice.manage: principals, school admins, teachers for their own classes). The server decides which
 * notices and classes they see; the app only picks the school.
 */
export function noticeSchool(me: MeResponse): { id: string; name: string; canWrite: boolean } | null {
  const r = me.roles.find((x) => x.schoolId && ROLE_PERMISSIONS[x.role]?.includes(Permission.NOTICE_READ));
  if (!r?.schoolId) return null;
  const roles = me.roles.filter((x) => x.schoolId === r.schoolId);
  return { id: r.schoolId, name: r.schoolName ?? '', canWrite: roles.some((x) => ROLE_PERMISSIONS[x.role]?.includes(Permission.NOTICE_MANAGE)) };
}

export const statusLabel = (s: NoticeStatus) => NOTICE_STATUS_LABELS[s];
