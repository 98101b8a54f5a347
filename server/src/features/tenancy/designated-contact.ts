import type { EntityManager } from 'typeorm';
import { SchoolRole } from '@anxin/shared';
import type { RoleGrant } from '../../platform/common/auth/auth-context';
import type { SchoolEntity } from './school.entity';
import { StaffRoleEntity } from './staff-role.entity';

/**
 * The one rule for "who is this school's designated contact" (欺凌防治负责人): the user the principal named
 * (`schools.contact_user_id`), while that user still holds the contact role at the school. Holding the contact role
 * without being named (rows left from before contacts could only be named by the principal) makes no one the
 * contact, and there is no fallback to "some holder of the role": tips then go to the principals.
 */
export type ContactSchool = Pick<SchoolEntity, 'id' | 'contactUserId'>;

/** For a caller whose roles are already loaded (AuthContext.roles). */
export function isDesignatedContact(userId: string, roles: readonly RoleGrant[], school: ContactSchool): boolean {
  return school.contactUserId === userId && roles.some((r) => r.role === SchoolRole.CONTACT && r.schoolId === school.id);
}

/** The designated contact's user id, or null when the school has none. */
export async function designatedContactId(m: EntityManager, school: ContactSchool): Promise<string | null> {
  if (!school.contactUserId) return null;
  const held = await m.count(StaffRoleEntity, { where: { userId: school.contactUserId, schoolId: school.id, role: SchoolRole.CONTACT } });
  return held ? school.contactUserId : null;
}
