/** Staff roles are held per school; district officers per district. */
export const SchoolRole = {
  ADMIN: 'admin',
  PRINCIPAL: 'principal',
  CONTACT: 'contact', // 欺凌防治负责人, the designated anti-bullying contact
  TEACHER: 'teacher',
  COMMITTEE: 'committee', // 学校欺凌处置工作委员会 member
} as const;
export type SchoolRole = (typeof SchoolRole)[keyof typeof SchoolRole];
export const SCHOOL_ROLES: SchoolRole[] = Object.values(SchoolRole);

export const DistrictRole = { OFFICER: 'district_officer' } as const;
export type DistrictRole = (typeof DistrictRole)[keyof typeof DistrictRole];

export type StaffRole = SchoolRole | DistrictRole;

export const SCHOOL_ROLE_LABELS: Record<StaffRole, string> = {
  admin: '学校管理员',
  principal: '校长',
  contact: '欺凌防治负责人',
  teacher: '教师',
  committee: '欺凌处置委员会成员',
  district_officer: '教育局工作人员',
};

/**
 * Capabilities a route can require. A route declares one; the service then checks that the caller
 * holds it *for the specific school / class / record* being touched.
 */
export const Permission = {
  SCHOOL_READ: 'school.read',
  SCHOOL_MANAGE: 'school.manage', // settings, designated contact, grades, classes
  STAFF_MANAGE: 'staff.manage', // grant and revoke staff roles
  ROSTER_READ: 'roster.read',
  ROSTER_IMPORT: 'roster.import',
  INVITE_MANAGE: 'invite.manage',
  BINDING_DECIDE: 'binding.decide',
  AUDIT_READ: 'audit.read',
  DISTRICT_READ: 'district.read',
  DISTRICT_MANAGE: 'district.manage',
  // tips: read = list and open the tips the caller may see (record-level rules in TipAccessPolicy);
  // handle = acknowledge, reply, change status, onward reports; stats = counts only.
  TIP_READ: 'tip.read',
  TIP_HANDLE: 'tip.handle',
  TIP_STATS: 'tip.stats',
  TIP_EXPORT: 'tip.export',
  // name the designated contact (欺凌防治负责人); the principal only (see ROLE_GRANTERS)
  CONTACT_DESIGNATE: 'contact.designate',
  // letters home, notices and warnings: read = the staff view, stats, who-has-not lists and receipts; manage = write,
  // publish, recall and remind (record-level rules in server features/notices/notice-access.ts)
  NOTICE_READ: 'notice.read',
  NOTICE_MANAGE: 'notice.manage',
  // clear the content check's review mark on a notice (keep it) or recall it: the principal only
  NOTICE_REVIEW: 'notice.review',
  // the annual anti-bullying pledge: read = the staff view, completion and missing lists (teachers: their classes);
  // remind = the one-tap reminder of a class; manage = open a pledge and publish versions (server features/pledges)
  PLEDGE_READ: 'pledge.read',
  PLEDGE_REMIND: 'pledge.remind',
  PLEDGE_MANAGE: 'pledge.manage',
  // a school's dashboard (tips, acknowledgement times, cases, letters, bindings this semester): the principal, the
  // designated contact and the school admin (server features/oversight; exact counts for case handlers only)
  SCHOOL_DASHBOARD: 'school.dashboard',
  // anonymous bullying surveys (server features/surveys): read = the staff view and response rates (teachers: their
  // classes); manage = open and close a survey, print its codes; report = the results (principal, contact, admin)
  SURVEY_READ: 'survey.read',
  SURVEY_MANAGE: 'survey.manage',
  SURVEY_REPORT: 'survey.report',
  // the anti-bullying work ledger (server features/ledger): read = the school's ledger; record = add and edit activities
  // (a teacher: class meetings of their classes and their own training); export = the inspection PDF and xlsx
  LEDGER_READ: 'ledger.read',
  LEDGER_RECORD: 'ledger.record',
  LEDGER_EXPORT: 'ledger.export',
  // retention (server features/retention): read = the school's coming erasures (principal, contact);
  // hold = set and lift a legal hold on a case (principal, district officer)
  RETENTION_READ: 'retention.read',
  RETENTION_HOLD: 'retention.hold',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

/**
 * Role → permissions. Class-scoped rights (a teacher deciding bindings, reading a roster) are further
 * narrowed to the teacher's own classes by the services. Tip rights are narrowed per record (server
 * tips/tip-access.policy.ts): content only for the designated contact, the principal once escalated or
 * assigned, the assignee, the teacher who filed it, district officers for tips escalated to the district.
 * School admins without a case role hold TIP_STATS only (counts).
 */
export const ROLE_PERMISSIONS: Record<StaffRole, Permission[]> = {
  admin: [
    Permission.SCHOOL_READ, Permission.SCHOOL_MANAGE, Permission.STAFF_MANAGE, Permission.ROSTER_READ,
    Permission.ROSTER_IMPORT, Permission.INVITE_MANAGE, Permission.BINDING_DECIDE, Permission.AUDIT_READ,
    Permission.TIP_STATS, Permission.NOTICE_READ, Permission.NOTICE_MANAGE,
    Permission.PLEDGE_READ, Permission.PLEDGE_REMIND, Permission.PLEDGE_MANAGE,
    Permission.SCHOOL_DASHBOARD,
    Permission.SURVEY_READ, Permission.SURVEY_REPORT,
    Permission.LEDGER_READ, Permission.LEDGER_RECORD, Permission.LEDGER_EXPORT,
  ],
  principal: [
    Permission.SCHOOL_READ, Permission.SCHOOL_MANAGE, Permission.STAFF_MANAGE, Permission.ROSTER_READ,
    Permission.ROSTER_IMPORT, Permission.INVITE_MANAGE, Permission.BINDING_DECIDE, Permission.AUDIT_READ,
    Permission.TIP_READ, Permission.TIP_HANDLE, Permission.TIP_STATS, Permission.TIP_EXPORT, Permission.CONTACT_DESIGNATE,
    Permission.NOTICE_READ, Permission.NOTICE_MANAGE,
    Permission.NOTICE_REVIEW,
    Permission.PLEDGE_READ, Permission.PLEDGE_REMIND, Permission.PLEDGE_MANAGE,
    Permission.SCHOOL_DASHBOARD,
    Permission.SURVEY_READ, Permission.SURVEY_MANAGE, Permission.SURVEY_REPORT,
    Permission.LEDGER_READ, Permission.LEDGER_RECORD, Permission.LEDGER_EXPORT,
    Permission.RETENTION_READ, Permission.RETENTION_HOLD,
  ],
  contact: [
    Permission.SCHOOL_READ, Permission.AUDIT_READ,
    Permission.TIP_READ, Permission.TIP_HANDLE, Permission.TIP_STATS, Permission.TIP_EXPORT,
    Permission.SCHOOL_DASHBOARD,
    Permission.SURVEY_READ, Permission.SURVEY_MANAGE, Permission.SURVEY_REPORT,
    Permission.LEDGER_READ, Permission.LEDGER_RECORD, Permission.LEDGER_EXPORT,
    Permission.RETENTION_READ,
  ],
  teacher: [
    Permission.SCHOOL_READ, Permission.ROSTER_READ, Permission.INVITE_MANAGE, Permission.BINDING_DECIDE, Permission.TIP_READ,
    Permission.NOTICE_READ, Permission.NOTICE_MANAGE,
    Permission.PLEDGE_READ, Permission.PLEDGE_REMIND,
    Permission.SURVEY_READ,
    Permission.LEDGER_READ, Permission.LEDGER_RECORD,
  ],
  committee: [Permission.SCHOOL_READ, Permission.TIP_READ, Permission.TIP_HANDLE],
  district_officer: [
    Permission.DISTRICT_READ, Permission.DISTRICT_MANAGE, Permission.SCHOOL_READ, Permission.AUDIT_READ,
    Permission.TIP_READ, Permission.TIP_STATS,
    Permission.RETENTION_HOLD,
  ],
};

/**
 * School roles that read tip content: the designated contact every tip of the school, a committee member the
 * cases handed to them. Granting one is a deliberate act of the principal (ROLE_GRANTERS).
 */
export const TIP_CONTENT_ROLES: readonly SchoolRole[] = [SchoolRole.CONTACT, SchoolRole.COMMITTEE];

/**
 * Who may grant — and revoke — each school role. Roles that read tip content only the principal; the principal
 * role only a district officer of the school's district (a school without a principal gets one that way), so a
 * school admin can never reach tip content by handing themselves a role. The designated contact is named, not
 * invited (PUT /schools/{id}/contact). The principal role may also be revoked by the school's admin or principal.
 */
export const ROLE_GRANTERS: Record<SchoolRole, readonly StaffRole[]> = {
  admin: [SchoolRole.ADMIN, SchoolRole.PRINCIPAL],
  teacher: [SchoolRole.ADMIN, SchoolRole.PRINCIPAL],
  principal: [DistrictRole.OFFICER],
  contact: [SchoolRole.PRINCIPAL],
  committee: [SchoolRole.PRINCIPAL],
};

/** Roles nobody may give themselves: not by naming themselves, nor by redeeming an invite they created. */
export const NO_SELF_GRANT: readonly SchoolRole[] = [SchoolRole.PRINCIPAL, SchoolRole.CONTACT, SchoolRole.COMMITTEE];

/** Whether a caller holding `callerRoles` (at the school, or in its district) may grant or revoke `role` there. */
export function mayGrantRole(callerRoles: readonly StaffRole[], role: SchoolRole): boolean {
  return callerRoles.some((r) => ROLE_GRANTERS[role]?.includes(r));
}

/**
 * Whether the caller may revoke `role`: whoever may grant it; and the principal role also by the school's admin or
 * principal (revoking takes access away, it never gives any).
 */
export function mayRevokeRole(callerRoles: readonly StaffRole[], role: SchoolRole): boolean {
  if (role === SchoolRole.PRINCIPAL && callerRoles.some((r) => r === SchoolRole.ADMIN || r === SchoolRole.PRINCIPAL)) return true;
  return mayGrantRole(callerRoles, role);
}

/** Permissions a role holds only for the classes it teaches (narrowed in the services). */
export const CLASS_SCOPED: Partial<Record<StaffRole, Permission[]>> = {
  teacher: [Permission.ROSTER_READ, Permission.INVITE_MANAGE, Permission.BINDING_DECIDE, Permission.NOTICE_READ, Permission.NOTICE_MANAGE,
    Permission.PLEDGE_READ, Permission.PLEDGE_REMIND, Permission.SURVEY_READ],
};

export const Relation = {
  FATHER: 'father',
  MOTHER: 'mother',
  GRANDPARENT: 'grandparent',
  OTHER: 'other',
} as const;
export type Relation = (typeof Relation)[keyof typeof Relation];
export const RELATION_LABELS: Record<Relation, string> = {
  father: '父亲',
  mother: '母亲',
  grandparent: '祖父母/外祖父母',
  other: '其他监护人',
};

/** Roles the demo login can take (a person can try every role in a browser). */
export const DemoRole = {
  GUARDIAN: 'guardian',
  STUDENT: 'student',
  TEACHER: 'teacher',
  CONTACT: 'contact',
  COMMITTEE: 'committee',
  PRINCIPAL: 'principal',
  ADMIN: 'admin',
  DISTRICT: 'district',
} as const;
export type DemoRole = (typeof DemoRole)[keyof typeof DemoRole];
export const DEMO_ROLE_LABELS: Record<DemoRole, string> = {
  guardian: '家长',
  student: '学生',
  teacher: '班主任',
  contact: '欺凌防治负责人',
  committee: '欺凌处置委员会成员',
  principal: '校长',
  admin: '学校管理员',
  district: '教育局',
};
