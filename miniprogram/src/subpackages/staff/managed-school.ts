import { Permission, ROLE_PERMISSIONS, type MeResponse } from '@anxin/shared';

/** The school whose delivery this user looks after (a school role with SCHOOL_MANAGE: admin, principal), if any. */
export function managedSchoolId(me: MeResponse): string | null {
  return me.roles.find((r) => r.schoolId && ROLE_PERMISSIONS[r.role]?.includes(Permission.SCHOOL_MANAGE))?.schoolId ?? null;
}
