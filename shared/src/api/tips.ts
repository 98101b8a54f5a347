import type { TipRetentionInfo } from './retention';
import type { IsoDateTime, Page } from './common';
import type { Count } from '../small-counts';
import type { TipOutcome, TipTriageInfo } from './tip-triage';
import type { ReporterTrailEvent } from './tip-trail';

/**
 * Tip box (倾诉信箱/举报) API contract. Reporter routes are public (no login needed; a logged-in caller is
 * still anonymous to the school). Staff routes need a session.
 *
 * Reporter routes (all under /api/v1):
 *   POST /tips                      SubmitTipRequest → 201 SubmitTipResponse (receipt shown once)
 *   POST /tips/attachments          multipart/form-data: field `schoolId`, then one file field `file`
 *                                   (JPEG or PNG, ≤ 10 MB) → 201 TipAttachmentUploadResponse
 *   POST /tips/followup             FollowupLoginRequest → 201 FollowupLoginResponse
 *   GET  /tips/followup/thread      header `X-Followup-Token: <token>` → 200 TipThreadResponse
 *   POST /tips/followup/messages    header `X-Followup-Token: <token>`, ReporterMessageRequest → 201 TipThreadMessage
 *
 * Staff routes:
 *   GET   /schools/{id}/tips        TipListQuery → 200 TipListResponse     (only the tips the caller may see, most urgent first)
 *   GET   /schools/{id}/tips/stats  → 200 TipStatsResponse               (counts: admin, principal, contact, district;
 *                                   1 and 2 as '<3' except for the school's case handlers)
 *   GET   /schools/{id}/tips.xlsx   → the case ledger (台账), never with reporter identities
 *   GET   /tips/{id}                → 200 TipDetail (every call is recorded in the audit chain as tip.viewed)
 *   GET   /tips/{id}/attachments/{attachmentId}  → image/jpeg, the staff copy without EXIF/GPS
 *   POST  /tips/{id}/ack            AckTipRequest → 200 TipDetail
 *   POST  /tips/{id}/messages       StaffMessageRequest → 201 TipThreadMessage (reply to the reporter)
 *   PATCH /tips/{id}                UpdateTipRequest → 200 TipDetail; 409 CONFLICT (TIP_VERSION_CONFLICT) when stale
 *   POST  /tips/{id}/reports        OnwardReportRequest → 201 TipOnwardReport (续报 to the education department)
 *   GET   /tips/{id}/assignees      → 200 TipAssigneeOption[] (who the case can be handed over to)
 *   POST  /tips/{id}/reopen         ReopenTipRequest → 200 TipDetail (a closed case, with a reason; audited)
 *   GET   /districts/{id}/tips/overview → 200 DistrictTipOverview (district officers: the cases escalated to the
 *                                   district; each school's figures are on the district dashboard, api/oversight.ts)
 */

export const TipCategory = {
  PHYSICAL: 'physical',
  VERBAL: 'verbal',
  SOCIAL: 'social',
  CYBER: 'cyber',
  PROPERTY: 'property',
  SEXUAL: 'sexual',
  OTHER: 'other',
} as const;
export type TipCategory = (typeof TipCategory)[keyof typeof TipCategory];
export const TIP_CATEGORY_LABELS: Record<TipCategory, string> = {
  physical: '肢体欺凌',
  verbal: '言语欺凌',
  social: '关系排挤',
  cyber: '网络欺凌',
  property: '财物侵占',
  sexual: '性欺凌',
  other: '其他',
};

/** Common places (the form's list); `placeDetail` carries free text. */
export const TipPlace = {
  CLASSROOM: 'classroom',
  CORRIDOR: 'corridor',
  PLAYGROUND: 'playground',
  TOILET: 'toilet',
  CANTEEN: 'canteen',
  DORMITORY: 'dormitory',
  SCHOOL_GATE: 'school_gate',
  WAY_TO_SCHOOL: 'way_to_school',
  ONLINE: 'online',
  OTHER: 'other',
} as const;
export type TipPlace = (typeof TipPlace)[keyof typeof TipPlace];
export const TIP_PLACE_LABELS: Record<TipPlace, string> = {
  classroom: '教室',
  corridor: '走廊/楼梯',
  playground: '操场/体育场馆',
  toilet: '厕所',
  canteen: '食堂',
  dormitory: '宿舍',
  school_gate: '校门口',
  way_to_school: '上下学路上',
  online: '网上（微信/QQ/游戏等）',
  other: '其他地点',
};

export const ReporterRole = { VICTIM: 'victim', WITNESS: 'witness', PARENT: 'parent' } as const;
export type ReporterRole = (typeof ReporterRole)[keyof typeof ReporterRole];
export const REPORTER_ROLE_LABELS: Record<ReporterRole, string> = {
  victim: '我是被欺凌的同学',
  witness: '我是看到的同学',
  parent: '我是家长',
};

export const TipStatus = {
  NEW: 'new',
  ACKNOWLEDGED: 'acknowledged',
  INVESTIGATING: 'investigating',
  CONFIRMED: 'confirmed',
  NOT_BULLYING: 'not_bullying',
  FALSE_REPORT: 'false_report',
  CLOSED: 'closed',
} as const;
export type TipStatus = (typeof TipStatus)[keyof typeof TipStatus];
export const TIP_STATUS_LABELS: Record<TipStatus, string> = {
  new: '新提交',
  acknowledged: '已受理',
  investigating: '调查中',
  confirmed: '已认定欺凌',
  not_bullying: '不构成欺凌',
  false_report: '恶意/虚假举报',
  closed: '已结案',
};
/**
 * Allowed status changes by PATCH /tips/{id}. `new → acknowledged` happens only through POST /tips/{id}/ack, and
 * `closed → investigating` only through POST /tips/{id}/reopen (with a reason). Closing needs an outcome report
 * (`outcome`).
 */
export const TIP_STATUS_TRANSITIONS: Record<TipStatus, TipStatus[]> = {
  new: [],
  acknowledged: ['investigating'],
  investigating: ['confirmed', 'not_bullying', 'false_report'],
  confirmed: ['closed'],
  not_bullying: ['closed'],
  false_report: ['closed'],
  closed: [],
};

export const TipSeverity = { LOW: 'low', MEDIUM: 'medium', HIGH: 'high', CRITICAL: 'critical' } as const;
export type TipSeverity = (typeof TipSeverity)[keyof typeof TipSeverity];
export const TIP_SEVERITY_LABELS: Record<TipSeverity, string> = { low: '一般', medium: '较重', high: '严重', critical: '特别严重' };

/** How the tip came in: anonymous, named by the reporter, or filed by a teacher (教师转报). */
export type TipSource = 'anonymous' | 'named' | 'teacher';
export const TIP_SOURCE_LABELS: Record<TipSource, string> = { anonymous: '匿名', named: '实名', teacher: '教师转报' };

/** none → principal (ack deadline missed) → district (12 h after receipt, still unacknowledged). */
export type TipEscalationLevel = 'none' | 'principal' | 'district';

/** Per-school overrides of the deadline defaults (docs/TIP-BOX.md), kept in `schools.settings.tips`. */
export interface TipPolicySettings {
  ackHours?: number; // default 3
  urgentAckMinutes?: number; // default 30 (inDanger or ongoing)
  districtEscalationHours?: number; // default 12, counted from receipt
  investigationDays?: number; // default 15, counted from acknowledgement
  reminderDays?: number[]; // default [10, 14]
}
export const TIP_POLICY_DEFAULTS: Required<TipPolicySettings> = {
  ackHours: 3,
  urgentAckMinutes: 30,
  districtEscalationHours: 12,
  investigationDays: 15,
  reminderDays: [10, 14],
};

export const TIP_LIMITS = {
  descriptionMax: 5000,
  whenMax: 200,
  placeDetailMax: 500,
  peopleMax: 1000,
  messageMax: 2000,
  maxAttachments: 6,
  attachmentMaxBytes: 10 * 1024 * 1024,
  /** Length of the receipt code: digits only. */
  receiptDigits: 16,
  /** The receipt input's length: the digits with spaces or dashes between groups (`1234 5678 1234 5678`). */
  receiptAsTypedMax: 24,
  /** A retry of a submission within this window shows the same receipt again (see SubmitTipResponse). */
  receiptReplayHours: 24,
  followupTokenMinutes: 30,
  /** A named reporter's name and how to reach them (phone, WeChat id, …). */
  reporterNameMax: 50,
  reporterContactMax: 100,
  /** The client's idempotency key of a submission (a UUID kept with the draft). */
  clientKeyMin: 16,
  clientKeyMax: 64,
  /** Staff labels on a case: how many, and how long each. */
  labelsMax: 10,
  labelMax: 20,
  /** 处理结果 and 已采取措施 on a case. */
  outcomeMax: 5000,
  measuresMax: 5000,
  /** An onward report (续报) to the education authorities: to whom, and what was reported. */
  onwardRecipientMax: 100,
  onwardContentMax: 5000,
  /** Why a closed case is opened again (staff only; encrypted at rest). */
  reopenReasonMax: 500,
  /** 告知举报人的处理结果: what the school tells the reporter when it closes the case. */
  reporterOutcomeMax: 1000,
} as const;

// ---------------------------------------------------------------- reporter side

export interface NamedReporter {
  name: string;
  /** Phone, WeChat id or any way to reach them. */
  contact: string;
}

export interface SubmitTipRequest {
  schoolId: string;
  category: TipCategory;
  description: string;
  /** When it happened, in the reporter's words (e.g. "上周五放学后"). */
  when?: string;
  place?: TipPlace;
  placeDetail?: string;
  peopleInvolved?: string;
  ongoing: boolean;
  reporterRole: ReporterRole;
  inDanger: boolean;
  /** Ids from POST /tips/attachments (same school, at most 6, each used once). */
  attachmentIds?: string[];
  /** Only when the reporter chooses to give their name; shown to the designated contact and the assignee only. */
  named?: NamedReporter;
  /**
   * Client-generated idempotency key (a UUID made when the draft is created, kept with the draft).
   * Sending the same key again never creates a second tip.
   */
  clientKey: string;
  /** A logged-in teacher filing what a student told them (教师转报): recorded with the teacher's name. */
  filedByTeacher?: boolean;
}

export interface SubmitTipResponse {
  /**
   * The 16-digit receipt. Shown once: the server keeps only a slow hash. A retry with the same clientKey within
   * `TIP_LIMITS.receiptReplayHours` gets it again (`replayed: true`); after that the retry answers 409
   * TIP_ALREADY_SUBMITTED (the tip is safe; the receipt cannot be shown again).
   */
  receipt: string;
  status: TipStatus;
  submittedAt: IsoDateTime;
  /** True when this answer is for a retry of an earlier submission (no new tip was made). */
  replayed: boolean;
}

export interface TipAttachmentUploadResponse {
  attachmentId: string;
  mime: 'image/jpeg' | 'image/png';
  size: number;
}

export interface FollowupLoginRequest {
  schoolId: string;
  receipt: string;
}
export interface FollowupLoginResponse {
  /** Send as header `X-Followup-Token` on the follow-up routes. */
  token: string;
  expiresAt: IsoDateTime;
}

export interface TipThreadMessage {
  id: string;
  /** 'school' for staff replies (the reporter sees no staff names), 'reporter' for their own. */
  from: 'reporter' | 'school';
  body: string;
  at: IsoDateTime;
}

export interface TipThreadResponse {
  status: TipStatus;
  statusLabel: string;
  category: TipCategory;
  submittedAt: IsoDateTime;
  acknowledgedAt: IsoDateTime | null;
  closedAt: IsoDateTime | null;
  /** When the school last opened the case again after closing it (null if never). */
  reopenedAt: IsoDateTime | null;
  /** 告知举报人的处理结果: the outcome the school chose to tell the reporter; only on a closed case, else null. */
  outcome: string | null;
  messages: TipThreadMessage[];
  /**
   * Set when the school merged this report into another about the same thing (重复): the status above is then that
   * case's, and this says so (MERGED_NOTE). Nothing of the other report's text or thread is shown.
   */
  mergedNote?: string | null;
  /** 处理记录: who at the school opened the report and when (by role), acknowledgement, escalations, closing (api/tip-trail.ts). */
  trail: ReporterTrailEvent[];
}

export interface ReporterMessageRequest {
  body: string;
}

// ---------------------------------------------------------------- staff side

export interface TipListQuery {
  status?: TipStatus;
  category?: TipCategory;
  urgent?: boolean;
  overdue?: boolean;
  limit?: number;
  offset?: number;
}

export interface StaffRef {
  userId: string;
  name: string;
}

/** A row of the inbox list: no content (reading content is what gets audited). */
export interface TipListItem {
  id: string;
  schoolId: string;
  category: TipCategory;
  status: TipStatus;
  source: TipSource;
  /** inDanger or ongoing. */
  urgent: boolean;
  inDanger: boolean;
  ongoing: boolean;
  /** 内容需关注: msg_sec_check judged the text risky. Never a reason to reject the tip. */
  contentFlag: boolean;
  severity: TipSeverity | null;
  labels: string[];
  escalationLevel: TipEscalationLevel;
  assignee: StaffRef | null;
  submittedAt: IsoDateTime;
  ackDueAt: IsoDateTime;
  acknowledgedAt: IsoDateTime | null;
  investigationDueAt: IsoDateTime | null;
  /** Past the investigation deadline and not yet decided/closed, or past the ack deadline and not acknowledged. */
  overdue: boolean;
  closedAt: IsoDateTime | null;
  version: number;
  /** 测试: a test tip the school sent itself (由学校管理员发起的测试); left out of every count, ledger and dashboard. */
  isTest: boolean;
}

export interface TipAttachmentInfo {
  id: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
}

/** A colleague a case can be handed over to (PATCH /tips/{id} with assigneeUserId). */
export interface TipAssigneeOption {
  userId: string;
  name: string;
  /** Their case roles at the school: contact, principal, committee. */
  roles: string[];
}

export interface TipOnwardReport {
  id: string;
  reportedAt: IsoDateTime;
  /** To whom (e.g. 区教育局安全科) and how (电话/书面). */
  recipient: string;
  content: string;
  by: StaffRef;
}

export interface TipStaffMessage {
  id: string;
  from: 'reporter' | 'school';
  /** The staff member who wrote it (staff side only). */
  author: StaffRef | null;
  body: string;
  at: IsoDateTime;
}

export interface TipTimelineEvent {
  at: IsoDateTime;
  action: string; // tip.received, tip.acknowledged, tip.escalated, tip.status_changed, …
  actor: string | null;
  details: Record<string, unknown>;
}

/** What the caller may do with this tip, decided on the server by the same rule that let them open it. */
export interface TipPermissions {
  /** Acknowledge, reply, change status, hand over, onward reports, reopen a closed case. */
  handle: boolean;
  /** See a named reporter's details and the original photos (the designated contact and the assignee). */
  named: boolean;
}

/** A closed case opened again: when, by whom, and why (staff only). */
export interface TipReopening {
  id: string;
  at: IsoDateTime;
  by: StaffRef;
  reason: string;
}

export interface TipDetail extends TipListItem {
  description: string;
  when: string | null;
  place: TipPlace | null;
  placeDetail: string | null;
  peopleInvolved: string | null;
  reporterRole: ReporterRole;
  /** Only for the designated contact and the assignee; null for everyone else and for anonymous tips. */
  named: NamedReporter | null;
  /** The teacher who filed it (教师转报), else null. */
  filedBy: StaffRef | null;
  acknowledgedBy: StaffRef | null;
  /** The investigation's finding, kept after closing (confirmed, not_bullying, false_report); null before. */
  decision: TipStatus | null;
  decidedAt: IsoDateTime | null;
  outcome: string | null;
  /** 已采取措施 (free text, encrypted at rest). */
  measures: string | null;
  /** 告知举报人的处理结果: the only outcome text the reporter sees (on a closed case). */
  reporterOutcome: string | null;
  reopenedAt: IsoDateTime | null;
  reopenings: TipReopening[];
  can: TipPermissions;
  attachments: TipAttachmentInfo[];
  messages: TipStaffMessage[];
  reports: TipOnwardReport[];
  timeline: TipTimelineEvent[];
  /** How the case was closed by triage (恶意/虚假, 玩笑, 重复, 非欺凌-其他求助), with the no-action statement; null otherwise. */
  triage?: TipTriageInfo | null;
  /** When the content is erased, or that a legal hold keeps it (features/retention). */
  retention?: TipRetentionInfo;
}

export interface AckTipRequest {
  /** Optional first note to the reporter, e.g. "已收到，我们会尽快联系你". */
  message?: string;
}

export interface StaffMessageRequest {
  body: string;
}

export interface UpdateTipRequest {
  /** The `version` the client last read; a stale one answers 409. */
  version: number;
  status?: TipStatus;
  severity?: TipSeverity;
  labels?: string[];
  /** Hand-over: a contact, principal or committee member of the same school. */
  assigneeUserId?: string;
  /** Outcome report (处理结果); required to close. */
  outcome?: string;
  /** Measures taken (已采取措施), shown in the ledger. */
  measures?: string;
  /** 告知举报人的处理结果: what the reporter sees once the case is closed (set when closing). */
  reporterOutcome?: string;
}

/** Opens a closed case again (status 调查中, a new investigation deadline). The reason is required and audited. */
export interface ReopenTipRequest {
  version: number;
  reason: string;
}

export interface OnwardReportRequest {
  recipient: string;
  content: string;
  /** When the report was made (phone call time); defaults to now. */
  reportedAt?: IsoDateTime;
}

/**
 * A school's tip counts, every tip it has had. Exact for the school's own case handlers (the principal, the
 * designated contact); for anyone else (a school admin, a district officer) 1 and 2 are '<3' (small-counts.ts).
 */
export interface TipStatsResponse {
  schoolId: string;
  exact: boolean;
  total: Count;
  byStatus: Record<TipStatus, Count>;
  byCategory: Record<TipCategory, Count>;
  unacknowledged: Count;
  overdue: Count;
  escalatedToPrincipal: Count;
  escalatedToDistrict: Count;
  /** Acknowledged before the deadline / after it. */
  ackOnTime: Count;
  ackLate: Count;
  confirmedBullying: Count;
  /** Closed cases by outcome (tip-triage.ts), 恶意/虚假举报 included. */
  byOutcome?: Record<TipOutcome, Count>;
}

/**
 * The tips of a school the caller may see, most urgent first (compareByUrgency in tip-rules.ts), and, for callers
 * who may see the school's counts, what the list leaves out.
 */
export interface TipListResponse extends Page<TipListItem> {
  /**
   * Tips matching the filters that the caller may not open (yet), and why, in Chinese: e.g. a principal sees a tip
   * once it is escalated to them or handed to them. Null for callers without the school's counts, and when none.
   */
  notShown: { count: number; explanation: string } | null;
}

/** One school of a district, by name (its figures are on the district dashboard, GET /districts/{id}/dashboard). */
export interface DistrictSchoolTips {
  schoolId: string;
  schoolName: string;
}

/** A district officer's home: the open cases escalated to the district, and the district's schools by name. */
export interface DistrictTipOverview {
  districtId: string;
  schools: DistrictSchoolTips[];
  /** Open tips escalated to the district, most urgent first (no content: opening one is audited). */
  escalated: TipListItem[];
}

/** How staff see who sent a test tip, in place of its source (匿名 / 实名 / 教师转报). */
export const TEST_TIP_SOURCE = '由学校管理员发起的测试';

/** What a test tip says (its description): who sent it and why, so the contact knows it is no real report. */
export const TEST_TIP_DESCRIPTION = '【测试】由学校管理员发起的测试举报，用于检查倾诉信箱是否畅通：请像真实举报一样受理。没有举报人，无需调查。';

/** `POST /schools/{id}/test-tips`: the test tip sent, and when the contact must acknowledge it. */
export interface SendTestTipResponse {
  tipId: string;
  submittedAt: IsoDateTime;
  ackDueAt: IsoDateTime;
}
