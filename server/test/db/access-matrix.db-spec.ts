/**
 * ACCESS MATRIX.
 *
 * Reads every operation from the live OpenAPI document (`GET /api/docs-json`) and calls it
 *   - without a session,
 *   - as every demo role of school A, and
 *   - as every demo role of school B (another district),
 * against school A's records. The expectation for each call comes from the route's declared `x-permission`
 * (or `x-public`), the role's permissions in `ROLE_PERMISSIONS` (shared/src/roles.ts) and the data tables below.
 * New routes join automatically; a route whose path parameters cannot be filled FAILS the test and says which
 * fixture to add.
 *
 * Checked for every call: no 500; a school-B caller never gets through on a school-A record (403/404); a role
 * without the route's permission gets 403/404; no session → 401; permission holders of school A get through
 * (an allowed GET must answer 2xx) and at least one school-A caller gets through on every closed route; a 2xx
 * status is one OpenAPI documents. Class-scoped rights (a teacher's) are also tried on another class of school A,
 * where they must stop. Public routes must be listed in PUBLIC_ROUTES.
 *
 * HOW TO EXTEND (other modules: tips, notices, pledges, …):
 *   1. A new path parameter → add a row to PARAM_FIXTURES (param name + path pattern → a record of school A,
 *      and the scope of that record: 'school' | 'class' | 'district' | 'user').
 *   2. A route that needs a body to get past validation → add it to BODY_FIXTURES ('METHOD /api/v1/path').
 *      A caller of school B must get 403/404, never 400, so routes with required fields need a valid body.
 *   3. A required query parameter → QUERY_FIXTURES.
 *   4. A legitimately special route (guardian-only, cross-school by design, ends the session…) → OVERRIDES,
 *      with a comment saying why. Keep the table short; every row weakens the matrix for that route.
 *   5. A new @Public() route → PUBLIC_ROUTES, with the reason it needs no login. An unlisted public route fails.
 */
import { randomUUID } from 'node:crypto';
import { CHILD_DATA_CONSENT_VERSION, CLASS_SCOPED, DemoRole, Permission, ROLE_PERMISSIONS, type StaffRole } from '@anxin/shared';
import { BindingEntity } from '../../src/features/bindings/binding.entity';
import { inTransaction } from '../../src/platform/database/transaction';
import { DEMO_PLAN, type DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { UserEntity } from '../../src/features/identity/user.entity';
import { InboxItemEntity } from '../../src/platform/inbox/inbox-item.entity';
import { ShareGroupEntity } from '../../src/features/shares/share-group.entity';
import { ShareEntity } from '../../src/features/shares/share.entity';
import { utcDay } from '../../src/platform/common/clock/utc-day';
import { InviteCodeEntity } from '../../src/features/tenancy/invite-code.entity';
import { StaffRoleEntity } from '../../src/features/tenancy/staff-role.entity';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import { ClassEntity } from '../../src/features/tenancy/class.entity';
import { TestApp } from '../support/test-app';
import { TipFloodEntity } from '../../src/features/tips/triage/tip-flood.entity';
import { QrLoginService } from '../../src/features/browser-login/qr-login.service';
import { SessionService } from '../../src/features/identity/session.service';
import { makeNoticeFixtures, type NoticeFixtures } from './notices-fixtures';
import { makePledgeFixtures, type PledgeFixtures } from './pledges-fixtures';
import { signBody } from './pledges-helpers';
import { draft } from './notices-helpers';
import { makeFlagFixture } from './oversight-fixtures';
import { makeReportFixture } from './reports-fixtures';
import { makeSurveyFixture, surveyFindingBody, surveyOpenBody } from './surveys-fixtures';
import { makePrivacyBindingFixture } from './privacy-fixtures';
import { LEDGER_DUTY_BODY, ledgerMeetingBody, makeLedgerFixtures, type LedgerFixtures } from './ledger-fixtures';

// ---------------------------------------------------------------------------------------------------------------
// Callers
// ---------------------------------------------------------------------------------------------------------------

const DEMO_ROLES = Object.values(DemoRole) as DemoRole[];

/** The staff roles each demo login holds (guardian and student hold none). Mirrors src/demo/demo-seed.ts. */
const STAFF_ROLES_OF: Record<DemoRole, StaffRole[]> = {
  guardian: [],
  student: [],
  teacher: ['teacher'],
  contact: ['contact'],
  committee: ['committee'],
  principal: ['principal'],
  admin: ['admin'],
  district: ['district_officer'],
};

type SchoolKey = 'a' | 'b';
interface Caller {
  /** 'anonymous', or e.g. 'a:admin', 'b:teacher'. */
  key: string;
  school: SchoolKey | null;
  role: DemoRole | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures: records of school A that routes are called on
// ---------------------------------------------------------------------------------------------------------------

/** Records created before the matrix runs. Add fields here when a new kind of record needs a fixture. */
interface Fixtures {
  a: DemoSchoolIds;
  b: DemoSchoolIds;
  /** A pending binding of A's demo guardian to a student of the A teacher's class. */
  bindingA: string;
  /** A student of the A teacher's class (not the bound one). */
  studentA: string;
  /** The grade of the A teacher's class. */
  gradeA: string;
  /** The invite code (row id and code) of the A teacher's class. */
  inviteA: { id: string; code: string };
  /** A throwaway staff user of school A (teacher role) that routes may change or remove. */
  staffUserA: string;
  /** That user's staff_roles row. */
  staffRoleA: string;
  /** An inbox item of A's demo guardian. */
  inboxItemGuardianA: string;
  /** The share of A's tip-box card, and a WeChat group it was opened from. */
  shareA: string;
  shareGroupA: string;
  /** A WeCom group robot registered for school A (registered through the API: its key is encrypted by the server). */
  robotA: string;
  /** Notices of school A (notices-fixtures.ts): in the teacher's class, in another class, to the whole school. */
  notices: NoticeFixtures;
  /** Pledges of school A (pledges-fixtures.ts): this year's (signed by A's demo guardian) and next year's. */
  pledges: PledgeFixtures;
  /** The same kinds of record in another class of school A, one the A teacher does not teach. */
  otherClass: { classId: string; studentId: string; bindingId: string; invite: { id: string; code: string } };
  /**
   * A fresh anonymous tip to school A (not escalated, not assigned), made on first use through the public API.
   * `use` names who needs it: GET routes share one (with a photo attachment); each changing route gets its own,
   * so one route's state change (an acknowledgement, an onward report) does not decide another's expectations.
   */
  tip(use: string): Promise<{ id: string; attachmentId: string | null }>;
  /** 扫码登录: a code (the browser's ticket and poll token, the scene its picture carries), and a browser session of A's admin. */
  qr: { ticket: string; scene: string; pollToken: string };
  browserSessionA: string;
  /** A supervision flag of school A (a tip left unacknowledged for 13 hours): oversight-fixtures.ts. */
  flagA: string;
  /** A ready semester report of school A, asked for by its principal: reports-fixtures.ts. */
  reportA: string;
  /** An open survey of school A over the teacher's class and another class: surveys-fixtures.ts. */
  surveyA: string;
  /** A tip flood of school A (tip_floods row; its batch names tips that are not in it, so nothing changes). */
  floodA: string;
  /** School A's work ledger: an activity of the teacher's class, a photo, a ready export (ledger-fixtures.ts). */
  ledger: LedgerFixtures;
  /** An approved binding of A's demo guardian for the 我的数据 routes that change one (privacy-fixtures.ts). */
  privacyBindingA: string;
}

type Scope = 'school' | 'class' | 'district' | 'user';
/** Most specific last: a route's scope is the most specific of its parameters. */
const SCOPE_ORDER: Scope[] = ['user', 'district', 'school', 'class'];

interface ParamFixture {
  param: string;
  /** Matched against the OpenAPI path, e.g. /api/v1/schools/{id}/audit. */
  path: RegExp;
  scope: Scope;
  value: (f: Fixtures, routeKey: string) => string | Promise<string>;
  /** For a personal record (scope 'user'): the one caller it belongs to, e.g. 'a:guardian'. Everyone else: 403/404. */
  owner?: string;
  /**
   * scope 'class' only: the same kind of record in a class of school A the teacher does NOT teach. The matrix then
   * also calls the route there and expects the teacher's class-scoped rights to stop at their own classes.
   */
  otherClass?: (f: Fixtures) => string;
}

/**
 * Path parameter → a record of school A. The first matching row wins, so put specific patterns first.
 * scope: 'class' = a record inside the A teacher's own class (class-scoped rights count there);
 *        'school' = a school-wide record; 'district' = A's district; 'user' = not a tenant record.
 */
const PARAM_FIXTURES: ParamFixture[] = [
  { param: 'id', path: /^\/api\/v1\/schools\/\{id\}/, scope: 'school', value: (f) => f.a.schoolId },
  { param: 'schoolId', path: /^\/api\/v1\/schools\/\{schoolId\}/, scope: 'school', value: (f) => f.a.schoolId },
  { param: 'id', path: /^\/api\/v1\/districts\/\{id\}/, scope: 'district', value: (f) => f.a.districtId },
  { param: 'flagKey', path: /^\/api\/v1\/districts\/\{id\}\/flags\/\{flagKey\}/, scope: 'district', value: (f) => f.flagA },
  // a school report's files: those who may see the school's dashboard (an exact report: its case handlers only)
  { param: 'id', path: /^\/api\/v1\/reports\/\{id\}/, scope: 'school', value: (f) => f.reportA },
  { param: 'id', path: /^\/api\/v1\/classes\/\{id\}/, scope: 'class', value: (f) => f.a.teacherClassId, otherClass: (f) => f.otherClass.classId },
  { param: 'classId', path: /\/classes\/\{classId\}/, scope: 'class', value: (f) => f.a.teacherClassId, otherClass: (f) => f.otherClass.classId },
  { param: 'id', path: /^\/api\/v1\/grades\/\{id\}/, scope: 'school', value: (f) => f.gradeA },
  { param: 'gradeId', path: /\/grades\/\{gradeId\}/, scope: 'school', value: (f) => f.gradeA },
  { param: 'id', path: /^\/api\/v1\/students\/\{id\}/, scope: 'class', value: (f) => f.studentA, otherClass: (f) => f.otherClass.studentId },
  { param: 'studentId', path: /\/students\/\{studentId\}/, scope: 'class', value: (f) => f.studentA, otherClass: (f) => f.otherClass.studentId },
  { param: 'id', path: /^\/api\/v1\/bindings\/\{id\}/, scope: 'class', value: (f) => f.bindingA, otherClass: (f) => f.otherClass.bindingId },
  { param: 'id', path: /^\/api\/v1\/invite-codes\/\{id\}/, scope: 'class', value: (f) => f.inviteA.id, otherClass: (f) => f.otherClass.invite.id },
  { param: 'id', path: /^\/api\/v1\/invites\/\{id\}/, scope: 'class', value: (f) => f.inviteA.id, otherClass: (f) => f.otherClass.invite.id },
  { param: 'code', path: /\/\{code\}/, scope: 'class', value: (f) => f.inviteA.code, otherClass: (f) => f.otherClass.invite.code },
  { param: 'userId', path: /^\/api\/v1\/schools\/\{(id|schoolId)\}\/staff\/\{userId\}/, scope: 'school', value: (f) => f.staffUserA },
  { param: 'id', path: /^\/api\/v1\/staff-roles\/\{id\}/, scope: 'school', value: (f) => f.staffRoleA },
  { param: 'roleId', path: /\/\{roleId\}/, scope: 'school', value: (f) => f.staffRoleA },
  { param: 'id', path: /^\/api\/v1\/me\/inbox\/\{id\}/, scope: 'user', owner: 'a:guardian', value: (f) => f.inboxItemGuardianA },
  // 我的数据: correcting, withdrawing consent and consenting again on a binding of A's demo guardian's own
  { param: 'id', path: /^\/api\/v1\/me\/bindings\/\{id\}/, scope: 'user', owner: 'a:guardian', value: (f) => f.privacyBindingA },
  { param: 'id', path: /^\/api\/v1\/tips\/\{id\}/, scope: 'school', value: async (f, key) => (await f.tip(key.startsWith('GET ') ? 'read' : key)).id },
  {
    param: 'attachmentId', path: /^\/api\/v1\/tips\/\{id\}\/attachments\/\{attachmentId\}/, scope: 'school',
    value: async (f) => (await f.tip('read')).attachmentId ?? 'no attachment on the read tip',
  },
  { param: 'id', path: /^\/api\/v1\/shares\/\{id\}/, scope: 'school', value: (f) => f.shareA },
  { param: 'groupId', path: /^\/api\/v1\/schools\/\{id\}\/groups\/\{groupId\}/, scope: 'school', value: (f) => f.shareGroupA },
  { param: 'floodId', path: /^\/api\/v1\/schools\/\{id\}\/tips\/floods\/\{floodId\}/, scope: 'school', value: (f) => f.floodA },
  { param: 'robotId', path: /^\/api\/v1\/schools\/\{id\}\/robots\/\{robotId\}/, scope: 'school', value: (f) => f.robotA },
  // Notices: the guardian routes are the receipt of A's demo guardian; class routes name a notice to the whole school
  // (the class decides); the rest a notice of the teacher's class, fresh for the routes that change it.
  { param: 'id', path: /^\/api\/v1\/me\/notices\/\{id\}/, scope: 'user', owner: 'a:guardian', value: (f) => f.notices.signedA },
  { param: 'id', path: /^\/api\/v1\/notices\/\{id\}\/ack$/, scope: 'user', owner: 'a:guardian', value: (f) => f.notices.signedA },
  { param: 'id', path: /^\/api\/v1\/notices\/\{id\}\/classes\/\{classId\}/, scope: 'school', value: (f) => f.notices.wholeSchool },
  {
    param: 'receiptId', path: /^\/api\/v1\/notices\/\{id\}\/receipts\/\{receiptId\}/, scope: 'class',
    value: (f) => f.notices.receiptA, otherClass: (f) => f.notices.receiptOther,
  },
  // Notice attachments: an upload goes to a fresh draft of the teacher's, a removal to a fresh draft with a file, reads
  // to the picture of A's signed notice; the class check uses a principal's draft (with a file) of another class.
  {
    param: 'id', path: /^\/api\/v1\/notices\/\{id\}\/attachments/, scope: 'class', otherClass: (f) => f.notices.otherClassDraft.id,
    value: async (f, key) => (key.startsWith('POST ') ? f.notices.fresh('draft') : key.startsWith('DELETE ') ? (await f.notices.draftWithFile(key)).id : f.notices.signedA),
  },
  {
    param: 'attachmentId', path: /^\/api\/v1\/notices\/\{id\}\/attachments\/\{attachmentId\}/, scope: 'class',
    otherClass: (f) => f.notices.otherClassDraft.attachmentId,
    value: async (f, key) => (key.startsWith('DELETE ') ? (await f.notices.draftWithFile(key)).attachmentId : f.notices.attachmentA),
  },
  {
    param: 'id', path: /^\/api\/v1\/notices\/\{id\}/, scope: 'class', otherClass: (f) => f.notices.otherClass,
    value: (f, key) => (key === 'PUT /api/v1/notices/{id}' || key.endsWith('/publish') ? f.notices.fresh('draft')
      : key.endsWith('/recall') || key.endsWith('/corrections') ? f.notices.fresh('published') : f.notices.signedA),
  },
  // 扫码登录: the code is nobody's record until a phone scans it; a browser session is its owner's.
  { param: 'ticket', path: /^\/api\/v1\/auth\/qr\/\{ticket\}/, scope: 'user', value: (f) => f.qr.ticket },
  { param: 'scene', path: /^\/api\/v1\/auth\/qr\/\{scene\}/, scope: 'user', value: (f) => f.qr.scene },
  { param: 'id', path: /^\/api\/v1\/me\/browser-sessions\/\{id\}/, scope: 'user', owner: 'a:admin', value: (f) => f.browserSessionA },
  // Pledges: the guardian routes are A's demo guardian's child and signature; versions change next year's pledge; the
  // rest this year's pledge to the whole school (a class route's class decides).
  { param: 'sid', path: /^\/api\/v1\/me\/pledges\/\{id\}\/signatures\/\{sid\}/, scope: 'user', owner: 'a:guardian', value: (f) => f.pledges.signatureA },
  { param: 'id', path: /^\/api\/v1\/me\/pledges\/\{id\}/, scope: 'user', owner: 'a:guardian', value: (f) => f.pledges.current },
  { param: 'sid', path: /^\/api\/v1\/pledges\/\{id\}\/signatures\/\{sid\}/, scope: 'school', value: (f) => f.pledges.signatureA },
  { param: 'id', path: /^\/api\/v1\/pledges\/\{id\}\/signatures$/, scope: 'user', owner: 'a:guardian', value: (f) => f.pledges.current },
  { param: 'id', path: /^\/api\/v1\/pledges\/\{id\}\/versions$/, scope: 'school', value: (f) => f.pledges.next },
  { param: 'id', path: /^\/api\/v1\/pledges\/\{id\}/, scope: 'school', value: (f) => f.pledges.current },
  // Surveys: school A's open survey over the teacher's class and another class (a class route's class decides).
  { param: 'id', path: /^\/api\/v1\/surveys\/\{id\}/, scope: 'school', value: (f) => f.surveyA },
  // The work ledger: a class meeting the A teacher recorded (every recorder of A may change it), a demo photo, a ready export.
  { param: 'id', path: /^\/api\/v1\/ledger\/activities\/\{id\}/, scope: 'school', value: (f) => f.ledger.activityA },
  { param: 'id', path: /^\/api\/v1\/ledger\/files\/\{id\}/, scope: 'school', value: (f) => f.ledger.fileA },
  { param: 'id', path: /^\/api\/v1\/ledger\/exports\/\{id\}/, scope: 'school', value: (f) => f.ledger.exportA },
  // Tencent Cloud's callbacks: the secret token is the credential (none configured here: every call is refused, 401).
  { param: 'token', path: /^\/api\/v1\/telephony\/callbacks\//, scope: 'user', value: () => 'matrix-callback-token' },
];

/** Request bodies, keyed 'METHOD /api/v1/path'. Default `{}`; multipart routes default to a small junk file. */
type Body = { json: unknown } | { multipart: { file?: { field: string; name: string; content: Buffer }; fields?: Record<string, string> } };
const BODY_FIXTURES: Record<string, (f: Fixtures) => Body | Promise<Body>> = {
  'POST /api/v1/auth/dev': () => ({ json: { role: 'admin', school: 'a' } }),
  // WECHAT_API_BASE points at a closed port in TestApp: proves an unreachable WeChat is a 503, never a 500.
  'POST /api/v1/auth/wechat': () => ({ json: { code: 'matrix-code' } }),
  'POST /api/v1/me/consents': () => ({ json: { kind: 'privacy_guide', version: '2026-11' } }),
  'POST /api/v1/me/subscriptions': () => ({ json: { results: [{ templateId: 'dev-tip-new', result: 'accept' }] } }),
  'PUT /api/v1/tips/followup/reply-alert': () => ({ json: { on: false } }),
  'PUT /api/v1/schools/{id}/contact': (f) => ({ json: { userId: f.a.userIds.contact, name: '张静', phone: '010-62345678' } }),
  'POST /api/v1/districts/{id}/schools': () => ({ json: { name: '矩阵测试学校', stage: 'primary' } }),
  'PUT /api/v1/districts/{id}/calendar': () => ({ json: { years: [] } }),
  'POST /api/v1/districts/{id}/flags/{flagKey}/ack': () => ({ json: { note: '矩阵测试：已约谈学校负责人' } }),
  'POST /api/v1/schools/{id}/grades': () => ({ json: { name: '矩阵年级', sort: 9 } }),
  'POST /api/v1/schools/{id}/classes': (f) => ({ json: { gradeId: f.gradeA, name: '矩阵班' } }),
  // a teacher invite: admins and principals may both make one (roles that read tips are the principal's: ROLE_GRANTERS)
  'POST /api/v1/schools/{id}/staff-invites': () => ({ json: { role: 'teacher' } }),
  'PATCH /api/v1/tips/{id}': () => ({ json: { version: 1, severity: 'medium' } }),
  'POST /api/v1/tips/{id}/messages': () => ({ json: { body: '矩阵测试：老师的回复' } }),
  'POST /api/v1/tips/{id}/reports': () => ({ json: { recipient: '区教育局', content: '矩阵测试：续报内容' } }),
  'POST /api/v1/tips/{id}/reopen': () => ({ json: { version: 1, reason: '矩阵测试：举报人再次留言' } }),
  'POST /api/v1/tips/{id}/legal-hold': () => ({ json: { reason: '矩阵测试：法律保全' } }),
  'POST /api/v1/tips/{id}/legal-hold/lift': () => ({ json: { reason: '矩阵测试：解除法律保全' } }),
  'PUT /api/v1/districts/{id}/retention-rules': () => ({ json: { tipContentYears: 3, unansweredThreadYears: 1, receiptYears: 2, logDays: 180 } }),
  'POST /api/v1/tips/{id}/notes': () => ({ json: { body: '矩阵测试：内部备注' } }),
  'POST /api/v1/tips/{id}/triage': () => ({ json: { version: 1, outcome: 'prank' } }),
  'POST /api/v1/tips/{id}/merge': async (f) => ({ json: { version: 1, primaryTipId: (await f.tip('merge primary')).id } }),
  'POST /api/v1/schools/{id}/tips/floods/{floodId}/batch': () => ({ json: { action: 'acknowledge', tipIds: [randomUUID()] } }),
  'PUT /api/v1/tips/{id}/progress': () => ({ json: { step: 'other', detail: '矩阵测试：内部进展' } }),
  'PUT /api/v1/tips/{id}/redaction': () => ({ json: { fields: [{ field: 'description', spans: [{ start: 0, end: 2 }] }] } }),
  'POST /api/v1/shares': (f) => ({ json: { kind: 'school', subjectId: f.a.schoolId } }),
  'PUT /api/v1/schools/{id}/groups/{groupId}': () => ({ json: { name: '矩阵测试家长群' } }),
  'POST /api/v1/schools/{id}/robots': () => ({ json: { name: '矩阵测试机器人', scope: 'school', webhook: `matrix-${randomUUID()}` } }),
  'PUT /api/v1/schools/{id}/robot-settings': () => ({ json: { noticesToRobots: true } }),
  'POST /api/v1/schools/{id}/notices': () => ({ json: draft() }),
  'PUT /api/v1/notices/{id}': (f) => ({ json: draft({ audience: { scope: 'classes', ids: [f.a.teacherClassId] } }) }),
  'POST /api/v1/notices/{id}/recall': () => ({ json: { reason: '矩阵测试：撤回' } }),
  'POST /api/v1/notices/{id}/corrections': () => ({ json: { title: '矩阵测试：更正', body: draft().body, confirmMode: 'confirm', note: '矩阵测试：更正' } }),
  'POST /api/v1/notices/{id}/review': () => ({ json: { decision: 'keep' } }),
  'PUT /api/v1/schools/{id}/notice-settings': () => ({ json: { quietHours: { start: '21:00', end: '07:00' } } }),
  'POST /api/v1/schools/{id}/pledges': (f) => ({ json: f.pledges.openBody() }),
  'POST /api/v1/pledges/{id}/versions': (f) => ({ json: f.pledges.versionBody() }),
  'POST /api/v1/pledges/{id}/signatures': async (f) => ({ json: await signBody(f.pledges.studentA, 1) }),
  'POST /api/v1/schools/{id}/surveys': (f) => ({ json: surveyOpenBody(f.a.teacherClassId, f.otherClass.classId, new Date()) }),
  'POST /api/v1/schools/{id}/ledger/activities': (f) => ({ json: ledgerMeetingBody(f.a.teacherClassId, new Date()) }),
  'PUT /api/v1/districts/{id}/ledger/duties': () => ({ json: LEDGER_DUTY_BODY }),
  'POST /api/v1/surveys/{id}/findings': () => ({ json: surveyFindingBody() }),
  'POST /api/v1/surveys/{id}/parent-answers': (f) => ({ json: { studentId: f.pledges.studentA, answers: [] } }),
  'PUT /api/v1/schools/{id}/urgent-settings': () => ({ json: { stepMinutes: 5, contacts: [{ kind: 'duty_phone', name: '矩阵值班电话', phone: '13800000000' }], roster: [] } }),
  'PUT /api/v1/districts/{id}/urgent-duty': () => ({ json: { name: '矩阵区县值班室', phone: '13800000009' } }),
  'PUT /api/v1/schools/{id}/reporter-view': () => ({ json: { showStaffNames: false } }),
  'PATCH /api/v1/me/bindings/{id}': () => ({ json: { relation: 'grandparent' } }),
  'POST /api/v1/me/bindings/{id}/consent': () => ({ json: { consentVersion: CHILD_DATA_CONSENT_VERSION } }),
  'PUT /api/v1/schools/{id}/child-data-officer': () => ({ json: { name: '矩阵负责人', phone: '010-62345678' } }),
};

/**
 * Every route anyone may call without logging in, and why. A @Public() route not listed here fails the matrix:
 * making a route public must be a reviewed decision.
 */
const PUBLIC_ROUTES: Record<string, string> = {
  'GET /api/health': 'load balancers and monitors',
  'POST /api/v1/auth/wechat': 'logging in',
  'POST /api/v1/auth/dev': 'demo login; 404 in production or with a WeChat app id (identity-login.db-spec)',
  'GET /api/v1/schools/{id}/public': "a school's public card: designated contact and emergency numbers",
  'POST /api/v1/tips': 'anonymous tip submission',
  'POST /api/v1/tips/attachments': 'attachments of an anonymous tip',
  'POST /api/v1/tips/followup': 'the reporter proves the receipt',
  'GET /api/v1/tips/followup/thread': 'the reporter, with the follow-up token from the receipt',
  'POST /api/v1/tips/followup/messages': 'the reporter, with the follow-up token from the receipt',
  'GET /api/v1/wechat/push': "WeChat's server checks the message push URL; authenticated by the Token signature (wechat-push.db-spec)",
  'POST /api/v1/wechat/push': "WeChat's server pushes subscribe-message events; authenticated by the Token signature, safe mode by msg_signature (wechat-push.db-spec)",
  'GET /api/v1/tips/followup/reply-alert': 'the reporter, with the follow-up token from the receipt (tips-reply-alert.db-spec)',
  'PUT /api/v1/tips/followup/reply-alert': 'the reporter, with the follow-up token; turning it on also needs their own session (tips-reply-alert.db-spec)',
  'POST /api/v1/__test/clock': 'registered only when NODE_ENV=test (fault and deadline tests); absent in production (identity-login.db-spec)',
  'POST /api/v1/auth/qr': 'a browser asks for a sign-in code to show (limited per client address; browser-login.db-spec)',
  'GET /api/v1/auth/qr/{ticket}': "the browser that showed the code, with its poll token (browser-login.db-spec)",
  'POST /api/v1/surveys/codes/check': 'a child on a classroom tablet types the one-time code from the slip; no account (surveys-flow.db-spec)',
  'POST /api/v1/surveys/answers': 'a child answers the anonymous survey with the one-time code; no account (surveys-flow.db-spec)',
  'POST /api/v1/telephony/callbacks/sms/{token}': "Tencent Cloud's SMS delivery receipts; authenticated by the secret token and the SMS's id (tips-urgent-call-down.db-spec)",
  'POST /api/v1/telephony/callbacks/voice/{token}': "Tencent Cloud's call status and key presses; authenticated by the secret token and the call's id (tips-urgent-call-down.db-spec)",
};

/** Required query parameters, keyed 'METHOD /api/v1/path' → name → value. */
const QUERY_FIXTURES: Record<string, (f: Fixtures) => Record<string, string>> = {
  'GET /api/v1/auth/qr/{ticket}': (f) => ({ poll: f.qr.pollToken }),
  'GET /api/v1/me/pledges/{id}': (f) => ({ studentId: f.pledges.studentA }),
};

// ---------------------------------------------------------------------------------------------------------------
// Expectations, as data
// ---------------------------------------------------------------------------------------------------------------

/**
 * allow   — the call must get through access control: any status except 401, 403, 404 and 5xx
 *           (400/409/422 are fine: the fixtures are minimal);
 * deny    — 403 or 404;
 * unauth  — 401;
 * either  — anything but 500 (the service decides, e.g. by a binding); at least one school-A caller must still
 *           be allowed on every closed route, so no route is vacuously "either".
 */
type Verdict = 'allow' | 'deny' | 'unauth' | 'either';
/** 503 is a designed answer (an upstream such as WeChat is unreachable); 500 and every other 5xx is a bug. */
const answered = (s: number) => s < 500 || s === 503;
const VERDICT_STATUSES: Record<Verdict, (status: number) => boolean> = {
  allow: (s) => answered(s) && ![401, 403, 404].includes(s),
  deny: (s) => s === 403 || s === 404,
  unauth: (s) => s === 401,
  either: answered,
};

interface RouteInfo {
  key: string; // 'GET /api/v1/schools/{id}'
  method: string;
  path: string;
  isPublic: boolean;
  permission: string; // 'authenticated' or a Permission
  /** Most specific scope of the filled path parameters; null when the path names no record. */
  scope: Scope | null;
  /** A personal record's owner ('a:guardian'), when the path names one. */
  owner: string | null;
}

const holdsPermission = (role: DemoRole, permission: string) =>
  STAFF_ROLES_OF[role].some((r) => ROLE_PERMISSIONS[r]?.includes(permission as Permission));
/** The role holds `permission` only for the classes it teaches. */
const classScopedOnly = (role: DemoRole, permission: string) =>
  STAFF_ROLES_OF[role].every((r) => !ROLE_PERMISSIONS[r]?.includes(permission as Permission) || CLASS_SCOPED[r]?.includes(permission as Permission));
const isTenantScope = (s: Scope | null) => s === 'school' || s === 'class' || s === 'district';

/** Evaluated top to bottom; the first rule that applies decides. */
const RULES: { name: string; when: (r: RouteInfo, c: Caller) => boolean; verdict: Verdict }[] = [
  { name: 'public route: anyone may call it', when: (r) => r.isPublic, verdict: 'either' },
  { name: 'closed route without a session', when: (_, c) => c.role === null, verdict: 'unauth' },
  { name: "another user's personal record", when: (r, c) => r.owner !== null && c.key !== r.owner, verdict: 'deny' },
  { name: "role lacks the route's permission", when: (r, c) => r.permission !== 'authenticated' && !holdsPermission(c.role!, r.permission), verdict: 'deny' },
  { name: "school B caller on a school A record", when: (r, c) => isTenantScope(r.scope) && c.school === 'b', verdict: 'deny' },
  { name: 'class-scoped right on a school-wide record', when: (r, c) => r.permission !== 'authenticated' && r.scope !== 'class' && classScopedOnly(c.role!, r.permission), verdict: 'either' },
  { name: 'permission holder on its own school', when: (r) => r.permission !== 'authenticated', verdict: 'allow' },
  { name: 'signed-in user on a route that names no record (/me, POST /bindings)', when: (r) => !isTenantScope(r.scope), verdict: 'allow' },
  { name: 'signed-in user on a school A record: the service decides', when: () => true, verdict: 'either' },
];

/**
 * Per-route exceptions. Keep each one commented. `verdicts` keys: 'a:guardian', 'b:admin', or '*:guardian'.
 * `freshToken`: the route ends or changes the caller's session, so each call gets its own login.
 */
interface Override { why: string; verdicts?: Record<string, Verdict>; freshToken?: boolean; crossSchool?: boolean }
const OVERRIDES: Record<string, Override> = {
  'POST /api/v1/auth/logout': { why: 'ends the session it is called with', freshToken: true },
  // The code itself is the credential: a guardian of any school types the code the class teacher gave them.
  // The answer shows masked names only (InviteLookupResponse). Other invite-code routes stay tenant-checked.
  'GET /api/v1/invite-codes/{code}/lookup': { why: 'an invite code is shared out of band and works for any signed-in guardian', crossSchool: true },
  // A card shared into a WeChat group is opened by whoever is in the group, of any school; it counts an opening only.
  'POST /api/v1/shares/{id}/opens': { why: 'a share card is opened by anyone in the group it was sent to', crossSchool: true },
  // The subject is in the body (school A's tip-box card): school A's staff and district officer get through;
  // school B's callers and A's student do not; A's guardian does once a binding there is approved (an earlier
  // route of the matrix may approve it), so the binding decides (shares.db-spec covers both sides).
  // A receipt's seal proof: its own guardian (A's demo guardian signed the fixture receipt), and staff holding notice.read
  // who see a class of a child it names (seals.db-spec: a teacher on another class's receipt gets 403).
  'GET /api/v1/notices/{id}/receipts/{receiptId}/proof': {
    why: "the receipt's guardian, or staff who see its class",
    verdicts: {
      'a:guardian': 'allow', 'a:teacher': 'allow', 'a:principal': 'allow', 'a:admin': 'allow',
      'a:student': 'deny', 'a:contact': 'deny', 'a:committee': 'deny', 'a:district': 'deny',
    },
  },
  // Verifying a pledge signature: the signer's family (A's demo guardian signed the fixture signature), and staff holding
  // pledge.read who see the child's class (pledges-files.db-spec: a teacher of another class gets 403).
  'GET /api/v1/pledges/{id}/signatures/{sid}/verify': {
    why: "the signer's family, or staff who see the child's class",
    verdicts: {
      'a:guardian': 'allow', 'a:teacher': 'allow', 'a:principal': 'allow', 'a:admin': 'allow',
      'a:student': 'deny', 'a:contact': 'deny', 'a:committee': 'deny', 'a:district': 'deny',
    },
  },
  // A legal hold on a case (features/retention): the principal and the district's officers, who hold retention.hold and
  // see no content through it; everyone else is refused by the permission rules (retention-erasure.db-spec).
  'POST /api/v1/tips/{id}/legal-hold': { why: 'a legal hold: the principal and district officers', verdicts: { 'a:principal': 'allow', 'a:district': 'allow' } },
  'POST /api/v1/tips/{id}/legal-hold/lift': { why: 'a legal hold: the principal and district officers', verdicts: { 'a:principal': 'allow', 'a:district': 'allow' } },
  'POST /api/v1/shares': {
    why: 'the shared subject is named in the body, not the path',
    verdicts: { ...Object.fromEntries(DEMO_ROLES.map((r) => [`b:${r}`, 'deny' as const])), 'a:guardian': 'either', 'a:student': 'deny' },
  },
};

/** Overrides for every route whose key matches a pattern (e.g. all routes on one tip). Same fields as OVERRIDES. */
const OVERRIDE_PATTERNS: { match: RegExp; override: Override }[] = [
  // 扫码登录 on the phone: any staff member, of any school or district, signs a browser in as themselves (the code
  // names no school's record); guardians and students may not (403 QR_LOGIN_NOT_STAFF). browser-login.db-spec.
  {
    match: /^POST \/api\/v1\/auth\/qr\/\{scene\}\//,
    override: { why: 'staff sign a browser in as themselves', verdicts: { '*:guardian': 'deny', '*:student': 'deny' } },
  },
  // Tips (server/src/features/tips/tip-access.policy.ts): of a fresh, anonymous, unescalated,
  // unassigned tip only the designated contact sees the content, the evidence or handles it. A principal holds
  // tip.read and tip.handle but only for escalated or assigned tips; a committee member only for tips assigned to
  // them; a teacher only for tips they filed; a district officer only for tips escalated to the district.
  // (Each changing route gets its own fresh tip: Fixtures.tip.) tips-access/tips-handover prove the allowed cases.
  {
    match: /^[A-Z]+ \/api\/v1\/tips\/\{id\}/,
    override: {
      why: 'a fresh tip: the designated contact only',
      verdicts: { 'a:principal': 'deny', 'a:committee': 'deny', 'a:teacher': 'deny', 'a:district': 'deny' },
    },
  },
];

function overrideFor(key: string): Override | undefined {
  return OVERRIDES[key] ?? OVERRIDE_PATTERNS.find((p) => p.match.test(key))?.override;
}

function verdictFor(route: RouteInfo, caller: Caller): { verdict: Verdict; rule: string } {
  const o = overrideFor(route.key);
  const own = o?.verdicts?.[caller.key] ?? (caller.role ? o?.verdicts?.[`*:${caller.role}`] : undefined);
  if (own) return { verdict: own, rule: `override: ${o!.why}` };
  const rule = RULES.find((x) => x.when(route, caller))!;
  return { verdict: rule.verdict, rule: rule.name };
}

// ---------------------------------------------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------------------------------------------

const METHOD_ORDER = ['get', 'head', 'post', 'put', 'patch', 'delete'];

describe('access matrix: every route × every role × two schools', () => {
  let t: TestApp;
  let f: Fixtures;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    t = await TestApp.start();
    const ids = await t.seedDemo();
    f = await createFixtures(t, ids);
    for (const school of ['a', 'b'] as const) for (const role of DEMO_ROLES) tokens.set(`${school}:${role}`, await t.login(role, school));
  });
  afterAll(() => t?.stop());

  it('no school A record reaches school B, no role exceeds its rights, nothing answers 500', async () => {
    const doc = (await t.request('GET', '/api/docs-json')).body;
    expect(doc.paths).toBeDefined();

    const callers: Caller[] = [
      { key: 'anonymous', school: null, role: null },
      // school B first, then school A; within A, non-holders are called before holders change any state
      ...DEMO_ROLES.map((role) => ({ key: `b:${role}`, school: 'b' as const, role })),
      ...DEMO_ROLES.map((role) => ({ key: `a:${role}`, school: 'a' as const, role })),
    ];

    const operations: { method: string; path: string; op: any }[] = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) if (METHOD_ORDER.includes(method)) operations.push({ method, path, op });
    }
    operations.sort((x, y) => METHOD_ORDER.indexOf(x.method) - METHOD_ORDER.indexOf(y.method) || x.path.localeCompare(y.path));

    // Names of school A that a refusal to a school B caller must not contain.
    const planA = DEMO_PLAN.find((p) => p.key === 'a')!;
    const secretsOfA = [planA.school, planA.district.name, ...planA.grades.flatMap((g) => g.classes.flatMap((c) => c.students)), ...Object.values(planA.people)];
    const failures: string[] = [];
    let calls = 0;
    let classCalls = 0;
    let checkedOps = 0;
    for (const { method, path, op } of operations) {
      const key = `${method.toUpperCase()} ${path}`;
      const isPublic = op['x-public'] === true;
      const permission: string | undefined = op['x-permission'];
      if (!isPublic && !permission) {
        failures.push(`${key}: declares neither x-permission nor x-public (use @Authenticated() or @Public())`);
        continue;
      }
      if (permission && permission !== 'authenticated' && !DEMO_ROLES.some((r) => holdsPermission(r, permission))) {
        failures.push(`${key}: permission "${permission}" is held by no role in ROLE_PERMISSIONS (shared/src/roles.ts)`);
        continue;
      }

      // Path parameters
      let url = path;
      let otherClassUrl: string | null = path; // the same route on records of a class the teacher does not teach
      let scope: Scope | null = null;
      let unfilled = false;
      for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
        const fx = PARAM_FIXTURES.find((p) => p.param === name && p.path.test(path));
        if (!fx) {
          failures.push(`${key}: no fixture for path parameter {${name}}. Add a row { param: '${name}', path: /…/, scope, value } to PARAM_FIXTURES in test/db/access-matrix.db-spec.ts`);
          unfilled = true;
          continue;
        }
        let value: string;
        try {
          value = await fx.value(f, key);
        } catch (e) {
          failures.push(`${key}: the fixture for {${name}} could not be made: ${(e as Error).message}`);
          unfilled = true;
          continue;
        }
        url = url.replace(`{${name}}`, encodeURIComponent(value));
        if (otherClassUrl !== null) otherClassUrl = fx.scope === 'class' ? (fx.otherClass ? otherClassUrl.replace(`{${name}}`, encodeURIComponent(fx.otherClass(f))) : null) : otherClassUrl.replace(`{${name}}`, encodeURIComponent(value));
        if (scope === null || SCOPE_ORDER.indexOf(fx.scope) > SCOPE_ORDER.indexOf(scope)) scope = fx.scope;
      }
      // Required query parameters
      const query = QUERY_FIXTURES[key]?.(f) ?? {};
      for (const p of (op.parameters ?? []) as any[]) {
        if (p.in === 'query' && p.required && !(p.name in query)) {
          failures.push(`${key}: no fixture for required query parameter "${p.name}". Add it to QUERY_FIXTURES['${key}']`);
          unfilled = true;
        }
      }
      if (unfilled) continue;
      if (Object.keys(query).length) url += `?${new URLSearchParams(query)}`;

      if (isPublic && !PUBLIC_ROUTES[key]) {
        failures.push(`${key}: is @Public() but not in PUBLIC_ROUTES. If anyone may really call it without logging in, add it there with the reason.`);
      }
      const owner = PARAM_FIXTURES.find((p) => p.owner && path.includes(`{${p.param}}`) && p.path.test(path))?.owner ?? null;
      if (overrideFor(key)?.crossSchool) scope = null;
      const route: RouteInfo = { key, method, path, isPublic, permission: permission ?? 'authenticated', scope, owner };
      const body = (await BODY_FIXTURES[key]?.(f)) ?? defaultBody(op);
      const documented2xx = Object.keys(op.responses ?? {}).filter((c) => c.startsWith('2'));
      let allowedSomewhere = false;
      let consumed = false; // an earlier call changed or removed the record (e.g. DELETE), so a later 404/409 is expected
      // Callers who must be refused go first, so no allowed call has changed the record before they try.
      const rank: Record<Verdict, number> = { unauth: 0, deny: 1, either: 2, allow: 3 };
      const ordered = [...callers].sort((x, y) => rank[verdictFor(route, x).verdict] - rank[verdictFor(route, y).verdict]);
      for (const caller of ordered) {
        let token = caller.role ? tokens.get(caller.key) : undefined;
        if (caller.role && overrideFor(key)?.freshToken) token = await t.login(caller.role, caller.school!);
        const res = await call(t, method, url, token, body);
        calls++;
        const { verdict, rule } = verdictFor(route, caller);
        let ok = VERDICT_STATUSES[verdict](res.status) || (verdict === 'allow' && consumed && res.status === 404);
        // A read needs no body: an allowed GET must succeed outright, not merely get past access control.
        if (ok && verdict === 'allow' && method === 'get' && (res.status < 200 || res.status >= 300)) ok = false;
        if (method !== 'get' && res.status >= 200 && res.status < 300) consumed = true;
        if (ok && verdict === 'deny' && caller.school === 'b') {
          // A refusal says nothing about the record: no school A names in it.
          const leaked = secretsOfA.find((x) => res.raw.toString('utf8').includes(x));
          if (leaked) failures.push(`${key} as ${caller.key} → ${res.status} but its body names "${leaked}" of school A: ${res.raw.toString('utf8').slice(0, 200)}`);
        }
        if (res.status >= 200 && res.status < 300 && !documented2xx.includes(String(res.status))) {
          failures.push(`${key} as ${caller.key} → ${res.status}, but OpenAPI documents ${documented2xx.join('/') || 'no success response'} (fix @HttpCode or the @Api…Response)`);
        }
        if (!ok) {
          const why = res.status >= 500 && res.status !== 503 ? 'a 500 is always a bug'
            : verdict === 'allow' && method === 'get' && VERDICT_STATUSES.allow(res.status) ? `expected 2xx: an allowed read (${rule})`
              : `expected ${verdict} (${rule})`;
          failures.push(`${key} as ${caller.key} → ${res.status} ${res.body?.code ?? ''}; ${why}`);
        }
        if (caller.school === 'a' && VERDICT_STATUSES.allow(res.status)) allowedSomewhere = true;
      }
      // Class-scoped rights stop at the teacher's own classes: the same route on another class of the same school.
      if (!isPublic && scope === 'class' && !overrideFor(key)?.crossSchool && permission && permission !== 'authenticated' && classScopedOnly('teacher', permission) && holdsPermission('teacher', permission)) {
        if (otherClassUrl === null) {
          failures.push(`${key}: a class-scoped route whose fixture has no otherClass value. Add otherClass to its PARAM_FIXTURES row.`);
        } else {
          if (query && Object.keys(query).length) otherClassUrl += `?${new URLSearchParams(query)}`;
          const asTeacher = await call(t, method, otherClassUrl, tokens.get('a:teacher'), body);
          classCalls++;
          if (!VERDICT_STATUSES.deny(asTeacher.status)) {
            failures.push(`${key} as a:teacher on a class they do not teach (${otherClassUrl}) → ${asTeacher.status} ${asTeacher.body?.code ?? ''}; expected deny (class-scoped right outside the teacher's classes)`);
          }
          // …and the record is real: a school-wide holder gets through on it (so the teacher's 403/404 means something)
          const holder = DEMO_ROLES.find((r) => holdsPermission(r, permission) && !classScopedOnly(r, permission))!;
          const asHolder = await call(t, method, otherClassUrl, tokens.get(`a:${holder}`), body);
          classCalls++;
          if (!VERDICT_STATUSES.allow(asHolder.status) && !(consumed && asHolder.status === 404)) {
            failures.push(`${key} as a:${holder} on another class (${otherClassUrl}) → ${asHolder.status} ${asHolder.body?.code ?? ''}; expected allow (the otherClass fixture must be a real record)`);
          }
        }
      }
      if (!isPublic && !allowedSomewhere) {
        failures.push(`${key}: no role of school A got through (every call was 401/403/404/5xx): the matrix proves nothing for this route. Fix the fixture or the route.`);
      }
      checkedOps++;
    }

    console.log(`access matrix: ${checkedOps} operations × ${callers.length} callers (anonymous + ${DEMO_ROLES.length} roles × 2 schools) = ${calls} calls, + ${classCalls} calls on a class the teacher does not teach; ${calls + classCalls} checked`);
    expect(operations.length).toBeGreaterThan(0);
    if (failures.length) throw new Error(`access matrix: ${failures.length} problem(s)\n  ${failures.join('\n  ')}`);
    // About 3,600 calls one after another: 40–80 s on a machine shared with other test runs, more as routes are added.
    // The time is the matrix's size, not a hang; the default 60 s made it fail under load.
  }, 300_000);

  it('the checks would catch a route that leaks across schools', () => {
    // The rules themselves: a school-B admin on a school-A record must be denied, a school-A admin allowed.
    const route: RouteInfo = { key: 'GET /x/{id}', method: 'get', path: '/x/{id}', isPublic: false, permission: Permission.AUDIT_READ, scope: 'school', owner: null };
    expect(verdictFor(route, { key: 'b:admin', school: 'b', role: 'admin' }).verdict).toBe('deny');
    expect(verdictFor(route, { key: 'a:admin', school: 'a', role: 'admin' }).verdict).toBe('allow');
    expect(verdictFor(route, { key: 'a:teacher', school: 'a', role: 'teacher' }).verdict).toBe('deny');
    expect(verdictFor(route, { key: 'anonymous', school: null, role: null }).verdict).toBe('unauth');
    expect(VERDICT_STATUSES.deny(200)).toBe(false);
    expect(VERDICT_STATUSES.deny(400)).toBe(false);
    expect(VERDICT_STATUSES.allow(403)).toBe(false);
    // a teacher's class-scoped right: allowed on their class, not decided by the matrix on a school-wide record
    const classRoute = { ...route, permission: Permission.BINDING_DECIDE, scope: 'class' as const };
    expect(verdictFor(classRoute, { key: 'a:teacher', school: 'a', role: 'teacher' }).verdict).toBe('allow');
    expect(verdictFor({ ...classRoute, scope: 'school' }, { key: 'a:teacher', school: 'a', role: 'teacher' }).verdict).toBe('either');
    expect(verdictFor(classRoute, { key: 'b:teacher', school: 'b', role: 'teacher' }).verdict).toBe('deny');
    // a personal record: its owner only
    const own: RouteInfo = { ...route, permission: 'authenticated', scope: 'user', owner: 'a:guardian' };
    expect(verdictFor(own, { key: 'a:guardian', school: 'a', role: 'guardian' }).verdict).toBe('allow');
    expect(verdictFor(own, { key: 'b:guardian', school: 'b', role: 'guardian' }).verdict).toBe('deny');
    expect(verdictFor(own, { key: 'a:admin', school: 'a', role: 'admin' }).verdict).toBe('deny');
  });
});

function defaultBody(op: any): Body | undefined {
  const content = op.requestBody?.content;
  if (!content) return undefined;
  if (content['multipart/form-data']) {
    return { multipart: { file: { field: 'file', name: 'matrix.xlsx', content: Buffer.from('not a spreadsheet') } } };
  }
  return { json: {} };
}

async function call(t: TestApp, method: string, url: string, token: string | undefined, body: Body | undefined) {
  if (body && 'multipart' in body) {
    const boundary = `----anxinmatrix${randomUUID().replace(/-/g, '')}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(body.multipart.fields ?? {})) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    }
    const file = body.multipart.file;
    if (file) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`));
      parts.push(file.content, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return t.request(method.toUpperCase(), url, { token, payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  }
  return t.request(method.toUpperCase(), url, { token, ...(body ? { body: body.json } : {}) });
}

async function createFixtures(t: TestApp, ids: Record<'a' | 'b', DemoSchoolIds>): Promise<Fixtures> {
  const now = t.clock.now();
  const rows = await inTransaction(t.ds, async (m) => {
    const a = ids.a;
    const students = await m.find(StudentEntity, { where: { classId: a.teacherClassId }, order: { studentNo: 'ASC' } });
    const cls = await m.findOneOrFail(ClassEntity, { where: { id: a.teacherClassId } });
    const binding = await m.save(m.create(BindingEntity, {
      guardianUserId: a.userIds.guardian, studentId: students[0].id, classId: a.teacherClassId, schoolId: a.schoolId,
      relation: 'mother', status: 'pending', autoApproved: false, decidedBy: null, decidedAt: null, rejectReason: null, createdAt: now,
    }));
    const invite = await m.findOneOrFail(InviteCodeEntity, { where: { classId: a.teacherClassId, revokedAt: undefined } });
    const staffUser = await m.save(m.create(UserEntity, {
      openid: `matrix:${randomUUID()}`, unionid: null, displayName: '矩阵测试教师', wxSessionKey: null, isDemo: false, disabled: false, createdAt: now,
    }));
    const staffRole = await m.save(m.create(StaffRoleEntity, { userId: staffUser.id, role: 'teacher', schoolId: a.schoolId, districtId: null, createdAt: now }));
    const otherClassId = a.classIds.find((c) => c !== a.teacherClassId)!;
    const otherStudents = await m.find(StudentEntity, { where: { classId: otherClassId }, order: { studentNo: 'ASC' } });
    const otherBinding = await m.save(m.create(BindingEntity, {
      guardianUserId: a.userIds.guardian, studentId: otherStudents[0].id, classId: otherClassId, schoolId: a.schoolId,
      relation: 'father', status: 'pending', autoApproved: false, decidedBy: null, decidedAt: null, rejectReason: null, createdAt: now,
    }));
    const otherInvite = await m.findOneOrFail(InviteCodeEntity, { where: { classId: otherClassId } });
    const share = await m.save(m.create(ShareEntity, { schoolId: a.schoolId, subjectKind: 'school', subjectId: a.schoolId, createdOn: utcDay(now) }));
    const shareGroup = await m.save(m.create(ShareGroupEntity, { schoolId: a.schoolId, opengid: `matrix-${randomUUID()}`, name: null, firstSeenOn: utcDay(now) }));
    const inbox = await m.save(m.create(InboxItemEntity, {
      userId: a.userIds.guardian, schoolId: a.schoolId, outboxId: null, dedupeKey: `matrix:${randomUUID()}`, template: 'matrix',
      title: '矩阵测试', body: '矩阵测试消息', page: null, createdAt: now, readAt: null,
    }));
    return {
      a, b: ids.b, bindingA: binding.id, studentA: students[1].id, gradeA: cls.gradeId,
      inviteA: { id: invite.id, code: invite.code }, staffUserA: staffUser.id, staffRoleA: staffRole.id,
      inboxItemGuardianA: inbox.id, shareA: share.id, shareGroupA: shareGroup.id,
      otherClass: { classId: otherClassId, studentId: otherStudents[1].id, bindingId: otherBinding.id, invite: { id: otherInvite.id, code: otherInvite.code } },
    };
  });
  const robot = await t.request('POST', `/schools/${ids.a.schoolId}/robots`, {
    token: await t.login('admin', 'a'), body: { name: '矩阵测试家长群', scope: 'school', webhook: `matrix-robot-${randomUUID()}` },
  });
  if (robot.status !== 201) throw new Error(`robot fixture: ${robot.status} ${JSON.stringify(robot.body)}`);
  const notices = await makeNoticeFixtures(t, ids.a, rows.otherClass.classId);
  const pledges = await makePledgeFixtures(t, ids.a);
  const qr = await t.get(QrLoginService).issue({ address: '203.0.113.10', userAgent: 'matrix' });
  const browserSessionA = (await inTransaction(t.ds, (m) => t.get(SessionService).create(m, ids.a.userIds.admin, { browser: 'Chrome · Windows' }))).id;
  const flagA = await makeFlagFixture(t, ids.a.schoolId);
  const reportA = await makeReportFixture(t, ids.a.schoolId);
  const surveyA = await makeSurveyFixture(t, ids.a, rows.otherClass.classId);
  const ledger = await makeLedgerFixtures(t, ids.a);
  const floodA = randomUUID();
  await t.ds.getRepository(TipFloodEntity).insert({ id: floodA, schoolId: ids.a.schoolId, startedAt: t.clock.now(), lastTipAt: t.clock.now(), tightenedUntil: t.clock.now() });
  const privacyBindingA = await makePrivacyBindingFixture(t, ids.a);
  return { ...rows, robotA: robot.body.id, notices, pledges, tip: tipMaker(t, ids.a.schoolId), qr, browserSessionA, flagA, reportA, surveyA, floodA, privacyBindingA, ledger };
}

/** Makes tips to school A through the public API, as the mini-program does, and finds their ids as the contact sees them. */
function tipMaker(t: TestApp, schoolId: string): Fixtures['tip'] {
  const made = new Map<string, Promise<{ id: string; attachmentId: string | null }>>();
  let n = 0;
  const make = async (withPhoto: boolean) => {
    // Reporters: a different signed-in pupil or parent each time, so the hourly tip limit per person is not reached.
    const reporter = await t.login(n % 2 ? 'guardian' : 'student', n % 4 < 2 ? 'a' : 'b');
    n++;
    const contact = await t.login('contact', 'a');
    const attachmentIds: string[] = [];
    if (withPhoto) {
      const sharp = require('sharp');
      const png: Buffer = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c33' } }).png().toBuffer();
      const up = await call(t, 'post', '/tips/attachments', reporter, { multipart: { fields: { schoolId }, file: { field: 'file', name: 'photo.png', content: png } } });
      if (up.status >= 300) throw new Error(`POST /tips/attachments → ${up.status} ${JSON.stringify(up.body)}`);
      attachmentIds.push(up.body.attachmentId);
    }
    const list = async () => {
      const res = await t.request('GET', `/schools/${schoolId}/tips?limit=100`, { token: contact });
      if (res.status !== 200) throw new Error(`GET /schools/{id}/tips as a:contact → ${res.status} ${JSON.stringify(res.body)}`);
      return new Set<string>(res.body.items.map((x: { id: string }) => x.id));
    };
    const before = await list();
    const sent = await t.request('POST', '/tips', {
      token: reporter,
      body: { schoolId, category: 'verbal', description: '矩阵测试：课间有同学被起外号', ongoing: false, reporterRole: 'witness', inDanger: false, clientKey: randomUUID(), attachmentIds },
    });
    if (sent.status >= 300) throw new Error(`POST /tips → ${sent.status} ${JSON.stringify(sent.body)}`);
    const id = [...(await list())].find((x) => !before.has(x));
    if (!id) throw new Error('the new tip does not appear in GET /schools/{id}/tips for the designated contact');
    let attachmentId: string | null = null;
    if (withPhoto) {
      const detail = await t.request('GET', `/tips/${id}`, { token: contact });
      attachmentId = detail.body?.attachments?.[0]?.id ?? null;
      if (!attachmentId) throw new Error(`GET /tips/{id} as a:contact shows no attachment: ${detail.status} ${JSON.stringify(detail.body)}`);
    }
    return { id, attachmentId };
  };
  return (use) => {
    if (!made.has(use)) made.set(use, make(use === 'read'));
    return made.get(use)!;
  };
}
