import type { RoleGrant } from '../../platform/common/auth/auth-context';
import type { TipEscalationLevel } from '@anxin/shared';
import { isDesignatedContact, type ContactSchool } from '../tenancy/designated-contact';

/**
 * Who sees and handles which tip. Pure functions over the caller's roles
 * *at the tip's school* (AccessService.rolesAtSchool) so they are unit-tested without a database.
 *
 * - content: the designated contact (tenancy/designated-contact.ts: named by the principal and still holding the
 *   contact role); the principal once the tip is escalated or assigned to them; the assignee (hand-over, e.g. a
 *   committee member) while they hold a case role; the teacher who filed it (教师转报);
 *   district officers of the school's district for tips escalated to the district ("counts and escalated
 *   cases") — read only, they never handle a school's case.
 * - named reporter details: only the designated contact and the assignee.
 * - handle (acknowledge, reply, status, 续报): the contact; the principal once escalated or assigned; the assignee.
 * - everyone else of the school (admins, other teachers, unassigned committee): counts only.
 */
export interface TipAccessSubject {
  escalationLevel: TipEscalationLevel;
  assigneeUserId: string | null;
  filedByUserId: string | null;
}

export interface TipAccess {
  content: boolean;
  named: boolean;
  handle: boolean;
}

/**
 * Whether the caller, by the roles they hold *now*, may be handed cases: the principal, a committee member, or the
 * designated contact. An assignee who lost that role (committee membership revoked, replaced as contact) loses the
 * case at once, whatever other role (teacher, admin) they keep.
 */
export function holdsCaseRole(userId: string, rolesAtSchool: RoleGrant[], school: ContactSchool): boolean {
  return isDesignatedContact(userId, rolesAtSchool, school)
    || rolesAtSchool.some((r) => r.schoolId === school.id && (r.role === 'principal' || r.role === 'committee'));
}

export function tipAccess(userId: string, rolesAtSchool: RoleGrant[], tip: TipAccessSubject, school: ContactSchool): TipAccess {
  const districtOfficer = rolesAtSchool.some((r) => r.role === 'district_officer' && r.districtId !== null);
  const contact = isDesignatedContact(userId, rolesAtSchool, school);
  const assignee = tip.assigneeUserId === userId && holdsCaseRole(userId, rolesAtSchool, school);
  const principal = rolesAtSchool.some((r) => r.role === 'principal' && r.schoolId === school.id) && (tip.escalationLevel !== 'none' || assignee);
  const filer = tip.filedByUserId === userId;
  const district = districtOfficer && tip.escalationLevel === 'district';
  const handle = contact || principal || assignee;
  return {
    content: handle || filer || district,
    named: contact || assignee,
    handle,
  };
}

/** Which rows of a school's list a caller may see (the same rule as `content`, as query conditions). */
export interface TipListScope {
  all: boolean;
  /** Tips assigned to the caller count only while the caller holds a case role (holdsCaseRole). */
  assigned: boolean;
  escalatedForPrincipal: boolean;
  districtEscalated: boolean;
  userId: string;
}

export function tipListScope(userId: string, rolesAtSchool: RoleGrant[], school: ContactSchool): TipListScope {
  return {
    all: isDesignatedContact(userId, rolesAtSchool, school),
    assigned: holdsCaseRole(userId, rolesAtSchool, school),
    escalatedForPrincipal: rolesAtSchool.some((r) => r.role === 'principal' && r.schoolId === school.id),
    districtEscalated: rolesAtSchool.some((r) => r.role === 'district_officer' && r.districtId !== null),
    userId,
  };
}

/** Roles that may be handed a case (assignee); a contact-role holder only while they are the designated contact. */
export const ASSIGNABLE_ROLES = ['contact', 'principal', 'committee'];
