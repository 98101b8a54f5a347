import type { RoleGrant } from '../../platform/common/auth/auth-context';
import type { TipEscalationLevel } from '@anxin/shared';
import { isDesignatedContact, type ContactSchool } from '../tenancy/designated-contact';

/**
 * Who sees and handles which tip: the one rule, used by every staff route (the list, a tip's page, its photos, the
 * ledger, the district overview). Pure functions over the caller's roles *at the tip's school*
 * (AccessService.rolesAtSchool), so they are unit-tested without a database.
 *
 * A caller's grants (`tipGrants`) say which tips they may open and what that allows:
 * - the designated contact (tenancy/designated-contact.ts: named by the principal and still holding the contact
 *   role): every tip of the school; handles it; sees a named reporter;
 * - a holder of a case role (contact, principal, committee member): the tips assigned to them; handles them; sees a
 *   named reporter. An assignee who lost every case role loses the case at once;
 * - the principal: tips escalated to the principal (or further); handles them; no named reporter;
 * - a district officer of the school's district: tips escalated to the district, to read ("counts and escalated
 *   cases"); they never handle a school's case;
 * - anyone: the tips they filed themselves (教师转报), to read.
 * Everyone else of the school (admins, other teachers, unassigned committee members) sees counts only.
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

/** Which tips one grant opens. */
export type TipScope =
  | { kind: 'every_tip' }
  | { kind: 'assigned_to_caller' }
  | { kind: 'escalated'; atLeast: 'principal' | 'district' }
  | { kind: 'filed_by_caller' };

export interface TipGrant {
  scope: TipScope;
  /** Acknowledge, reply, change status, hand over, 续报, reopen. */
  handles: boolean;
  /** A named reporter's details and the original photos. */
  named: boolean;
}

/**
 * Whether the caller, by the roles they hold *now*, may be handed cases: the principal, a committee member, or the
 * designated contact. An assignee who lost that role (committee membership revoked, replaced as contact) loses the
 * case at once, whatever other role (teacher, admin) they keep.
 */
export function holdsCaseRole(userId: string, rolesAtSchool: readonly RoleGrant[], school: ContactSchool): boolean {
  return isDesignatedContact(userId, rolesAtSchool, school)
    || rolesAtSchool.some((r) => r.schoolId === school.id && (r.role === 'principal' || r.role === 'committee'));
}

/** The caller's grants at the school, from the roles they hold now. */
export function tipGrants(userId: string, rolesAtSchool: readonly RoleGrant[], school: ContactSchool): TipGrant[] {
  const grants: TipGrant[] = [];
  if (isDesignatedContact(userId, rolesAtSchool, school)) grants.push({ scope: { kind: 'every_tip' }, handles: true, named: true });
  if (holdsCaseRole(userId, rolesAtSchool, school)) grants.push({ scope: { kind: 'assigned_to_caller' }, handles: true, named: true });
  if (rolesAtSchool.some((r) => r.role === 'principal' && r.schoolId === school.id)) {
    grants.push({ scope: { kind: 'escalated', atLeast: 'principal' }, handles: true, named: false });
  }
  if (rolesAtSchool.some((r) => r.role === 'district_officer' && r.districtId !== null)) {
    grants.push({ scope: { kind: 'escalated', atLeast: 'district' }, handles: false, named: false });
  }
  grants.push({ scope: { kind: 'filed_by_caller' }, handles: false, named: false });
  return grants;
}

/**
 * Which tips a scope opens, once as a test on one tip and once as an SQL condition on the `tips` table (alias `t`,
 * caller as `:caller`) for the list. The two forms sit side by side so they change together;
 * tips-list-rules.db-spec.ts proves on a generated matrix that the list and the one-tip test agree for every role.
 */
const SCOPES: { [K in TipScope['kind']]: { opens: (scope: Extract<TipScope, { kind: K }>, userId: string, tip: TipAccessSubject) => boolean; sql: (scope: Extract<TipScope, { kind: K }>) => string } } = {
  every_tip: { opens: () => true, sql: () => '1 = 1' },
  assigned_to_caller: { opens: (_, userId, tip) => tip.assigneeUserId === userId, sql: () => 't.assignee_user_id = :caller' },
  escalated: {
    opens: (scope, _, tip) => (scope.atLeast === 'principal' ? tip.escalationLevel !== 'none' : tip.escalationLevel === 'district'),
    sql: (scope) => (scope.atLeast === 'principal' ? "t.escalation_level <> 'none'" : "t.escalation_level = 'district'"),
  },
  filed_by_caller: { opens: (_, userId, tip) => tip.filedByUserId === userId, sql: () => 't.filed_by_user_id = :caller' },
};

function opens(scope: TipScope, userId: string, tip: TipAccessSubject): boolean {
  return (SCOPES[scope.kind].opens as (s: TipScope, u: string, t: TipAccessSubject) => boolean)(scope, userId, tip);
}

/** The tips the grants open, as one SQL condition on `tips t` (bind the caller's id as `caller`). */
export function grantsSql(grants: readonly TipGrant[]): string {
  return `(${grants.map((g) => (SCOPES[g.scope.kind].sql as (s: TipScope) => string)(g.scope)).join(' OR ') || '1 = 0'})`;
}

export function accessByGrants(userId: string, grants: readonly TipGrant[], tip: TipAccessSubject): TipAccess {
  const hits = grants.filter((g) => opens(g.scope, userId, tip));
  return { content: hits.length > 0, named: hits.some((g) => g.named), handle: hits.some((g) => g.handles) };
}

export function tipAccess(userId: string, rolesAtSchool: readonly RoleGrant[], tip: TipAccessSubject, school: ContactSchool): TipAccess {
  return accessByGrants(userId, tipGrants(userId, rolesAtSchool, school), tip);
}

/**
 * Why tips of the school are missing from the caller's list, in Chinese, from the same grants (shown when the
 * school's counts are not zero but the list is short or empty). `districtEscalationHours` is the school's setting.
 */
export function notShownExplanation(grants: readonly TipGrant[], count: number, districtEscalationHours: number): string {
  const has = (kind: TipScope['kind'], atLeast?: string) => grants.some((g) => g.scope.kind === kind && (!atLeast || (g.scope as { atLeast?: string }).atLeast === atLeast));
  if (has('escalated', 'principal')) {
    return `本校另有 ${count} 条举报由欺凌防治负责人处理。超过受理期限仍未受理的举报会升级到校长，转交给你的举报也会出现在这里，届时你可以查看。`;
  }
  if (has('escalated', 'district')) {
    return `该校另有 ${count} 条举报由学校处理。提交 ${districtEscalationHours} 小时后仍未受理的举报会升级到教育局，升级后会出现在这里。`;
  }
  if (has('assigned_to_caller')) return `本校另有 ${count} 条举报由欺凌防治负责人处理，转交给你后会出现在这里。`;
  return `本校另有 ${count} 条举报由欺凌防治负责人处理。`;
}

/** Roles that may be handed a case (assignee); a contact-role holder only while they are the designated contact. */
export const ASSIGNABLE_ROLES = ['contact', 'principal', 'committee'];
