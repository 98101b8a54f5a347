import type { RoleGrant } from '../common/auth/auth-context';
import type { TipEscalationLevel } from '@anxin/shared';

/**
 * Who sees and handles which tip (issue 5 §9, security checklist D11/D12). Pure functions over the caller's roles
 * *at the tip's school* (AccessService.rolesAtSchool) so they are unit-tested without a database.
 *
 * - content: the designated contact (role `contact` of the school); the principal once the tip is escalated or
 *   assigned to them; the assignee (hand-over, e.g. a committee member); the teacher who filed it (教师转报);
 *   district officers of the school's district for tips escalated to the district (DESIGN: "counts and escalated
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

export function tipAccess(userId: string, rolesAtSchool: RoleGrant[], tip: TipAccessSubject): TipAccess {
  const has = (role: string) => rolesAtSchool.some((r) => r.role === role && r.schoolId !== null);
  const districtOfficer = rolesAtSchool.some((r) => r.role === 'district_officer' && r.districtId !== null);
  const contact = has('contact');
  const assignee = tip.assigneeUserId === userId && rolesAtSchool.some((r) => r.schoolId !== null);
  const principal = has('principal') && (tip.escalationLevel !== 'none' || assignee);
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
  escalatedForPrincipal: boolean;
  districtEscalated: boolean;
  userId: string;
}

export function tipListScope(userId: string, rolesAtSchool: RoleGrant[]): TipListScope {
  return {
    all: rolesAtSchool.some((r) => r.role === 'contact' && r.schoolId !== null),
    escalatedForPrincipal: rolesAtSchool.some((r) => r.role === 'principal' && r.schoolId !== null),
    districtEscalated: rolesAtSchool.some((r) => r.role === 'district_officer' && r.districtId !== null),
    userId,
  };
}

/** Roles that may be handed a case (assignee). */
export const ASSIGNABLE_ROLES = ['contact', 'principal', 'committee'];
