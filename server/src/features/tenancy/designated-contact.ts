import { In, type EntityManager } from 'typeorm';
import { SchoolRole } from '@anxin/shared';
import type { RoleGrant } from '../../platform/common/auth/auth-context';
import { SchoolEntity } from './school.entity';
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

/**
 * For many schools at once (sweeps, overviews): each school's designated contact (or null), by the same rule, from
 * one query of the contact-role rows.
 */
export async function designatedContactIds(m: EntityManager, schools: readonly ContactSchool[]): Promise<Map<string, string | null>> {
  const named = schools.filter((s) => s.contactUserId);
  const held = new Set<string>();
  for (let i = 0; i < named.length; i += 500) {
    const chunk = named.slice(i, i + 500);
    const rows = await m.find(StaffRoleEntity, {
      where: { role: SchoolRole.CONTACT, schoolId: In(chunk.map((s) => s.id)), userId: In([...new Set(chunk.map((s) => s.contactUserId!))]) },
      select: { schoolId: true, userId: true },
    });
    for (const r of rows) held.add(`${r.schoolId}|${r.userId}`);
  }
  return new Map(schools.map((s) => [s.id, s.contactUserId && held.has(`${s.id}|${s.contactUserId}`) ? s.contactUserId : null]));
}

/** Every school that has a designated contact now, with that contact (the sweeps over all schools). */
export async function designatedContacts(m: EntityManager): Promise<Map<string, string>> {
  const schools = await m.createQueryBuilder(SchoolEntity, 's').select(['s.id', 's.contactUserId']).where('s.contact_user_id IS NOT NULL').getMany();
  const ids = await designatedContactIds(m, schools);
  return new Map([...ids].filter((e): e is [string, string] => e[1] !== null));
}

/**
 * The schools that name `userId` as their contact, whether or not the user still holds the role (to re-check those
 * schools after something about the user changed; designatedContactId decides who the contact is).
 */
export async function schoolsNaming(m: EntityManager, userId: string): Promise<string[]> {
  return (await m.find(SchoolEntity, { where: { contactUserId: userId }, select: { id: true } })).map((s) => s.id);
}

