import type { IsoDateTime, Page } from './common';
import type { NoticeBody, NoticeLinkPage } from '../notice-body';
import type { Relation } from '../roles';
import type { NoticeRef, NoticeReviewDecision, NoticeReviewView } from './notice-corrections';

/**
 * Letters home (致家长的一封信), notices (通知) and urgent warnings (紧急预警): staff write one, publish it to the whole
 * school, chosen grades or chosen classes, and every guardian with an approved binding to a child in the audience
 * gets one receipt that records that they read, confirmed or signed it, on which day (Asia/Shanghai; never the time of
 * day), and what they answered.
 *
 * Staff routes (under /api/v1; teachers only for their own classes, principals and school admins school-wide):
 *   GET  /schools/{id}/notices/composer       → 200 NoticeComposerResponse (audience choices, limits, hints)
 *   PUT  /schools/{id}/notice-settings        NoticeSettingsRequest → 200 NoticeSettingsResponse (quiet hours)
 *   POST /schools/{id}/notices                NoticeDraftRequest → 201 NoticeStaffDetail (a draft)
 *   GET  /schools/{id}/notices                NoticeListQuery → 200 Page<NoticeListItem>
 *   GET  /notices/{id}                        → 200 NoticeStaffDetail
 *   PUT  /notices/{id}                        NoticeDraftRequest → 200 NoticeStaffDetail (drafts only; 409 after publishing)
 *   POST /notices/{id}/publish                PublishNoticeRequest → 200 NoticeStaffDetail (now, or at `at`)
 *   POST /notices/{id}/recall                 RecallNoticeRequest → 200 NoticeStaffDetail
 *   POST /notices/{id}/corrections, POST /notices/{id}/review, GET /notice-templates: see ./notice-corrections.ts
 *   POST|GET /notices/{id}/attachments, GET|DELETE …/attachments/{attachmentId}, GET /notices/{id}/signatures.zip: see ./notice-attachments.ts
 *   GET  /notices/{id}/stats                  → 200 NoticeStatsResponse (per class; a teacher sees their classes)
 *   GET  /notices/{id}/classes/{classId}/pending  → 200 NoticePendingResponse (who has not yet read/confirmed)
 *   GET  /notices/{id}/classes/{classId}/receipts → 200 NoticeClassReceiptsResponse (every receipt of the class)
 *   POST /notices/{id}/classes/{classId}/remind   → 200 NoticeRemindResponse (once per 12 hours per class)
 *   GET  /notices/{id}/receipts.xlsx          → the receipts as a spreadsheet
 *   GET  /notices/{id}/receipts/{receiptId}/signature → image/png (a guardian's signature)
 *   GET  /notices/{id}/receipts/{receiptId}/proof → 200 NoticeReceiptProofResponse (sealed into the audit chain; also
 *        for the receipt's guardian): see ./notice-proofs.ts
 *
 * Guardian routes:
 *   GET  /me/notices                          GuardianNoticeListQuery → 200 GuardianNoticeListResponse
 *   GET  /me/notices/{id}                     → 200 GuardianNoticeDetail (opening it records the read, once)
 *   POST /notices/{id}/ack                    AckNoticeRequest → 200 GuardianNoticeAck
 */

export const NoticeKind = { LETTER: 'letter', NOTICE: 'notice', WARNING: 'warning' } as const;
export type NoticeKind = (typeof NoticeKind)[keyof typeof NoticeKind];
export const NOTICE_KINDS: NoticeKind[] = Object.values(NoticeKind);
export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = { letter: '致家长的一封信', notice: '通知', warning: '紧急预警' };

/** What a guardian is asked to do: open it (仅阅读), tap 确认收到, or sign by hand (签字确认). */
export const NoticeConfirmMode = { READ: 'read', CONFIRM: 'confirm', SIGN: 'sign' } as const;
export type NoticeConfirmMode = (typeof NoticeConfirmMode)[keyof typeof NoticeConfirmMode];
export const NOTICE_CONFIRM_MODES: NoticeConfirmMode[] = Object.values(NoticeConfirmMode);
export const NOTICE_CONFIRM_MODE_LABELS: Record<NoticeConfirmMode, string> = { read: '仅阅读', confirm: '确认收到', sign: '签字确认' };

export const NoticeQuestionKind = { SINGLE: 'single', MULTIPLE: 'multiple', TEXT: 'text' } as const;
export type NoticeQuestionKind = (typeof NoticeQuestionKind)[keyof typeof NoticeQuestionKind];
export const NOTICE_QUESTION_KINDS: NoticeQuestionKind[] = Object.values(NoticeQuestionKind);
export const NOTICE_QUESTION_KIND_LABELS: Record<NoticeQuestionKind, string> = { single: '单选', multiple: '多选', text: '简答' };

export const NoticeStatus = { DRAFT: 'draft', SCHEDULED: 'scheduled', PUBLISHED: 'published', CLOSED: 'closed', RECALLED: 'recalled' } as const;
export type NoticeStatus = (typeof NoticeStatus)[keyof typeof NoticeStatus];
export const NOTICE_STATUSES: NoticeStatus[] = Object.values(NoticeStatus);
export const NOTICE_STATUS_LABELS: Record<NoticeStatus, string> = {
  draft: '草稿', scheduled: '定时发布', published: '已发布', closed: '已截止', recalled: '已撤回',
};

export const NoticeAudienceScope = { SCHOOL: 'school', GRADES: 'grades', CLASSES: 'classes' } as const;
export type NoticeAudienceScope = (typeof NoticeAudienceScope)[keyof typeof NoticeAudienceScope];
export const NOTICE_AUDIENCE_SCOPES: NoticeAudienceScope[] = Object.values(NoticeAudienceScope);

/** Lengths (UTF-16 code units, as class-validator counts) and counts of notice fields. Body limits: NOTICE_BODY_LIMITS. */
export const NOTICE_LIMITS = {
  titleMax: 60,
  questionPromptMax: 100,
  questionOptionsMin: 2,
  questionOptionsMax: 10,
  questionOptionMax: 30,
  answerTextMax: 200,
  recallReasonMax: 200,
  /** Grades or classes one audience may name. */
  audienceIdsMax: 100,
  /** How far ahead a publication may be scheduled, and a confirm deadline set. */
  scheduleAheadDaysMax: 90,
  deadlineDaysMax: 180,
  /** A signature: a trimmed PNG of at most this many bytes and these dimensions (pixels). */
  signatureBytesMax: 100 * 1024,
  signatureSideMin: 16,
  signatureWidthMax: 2000,
  signatureHeightMax: 1000,
  /** Items per page of the lists. */
  pageMax: 100,
} as const;

/** A class teacher may remind the guardians who have not yet read or confirmed at most this often, per notice and class. */
export const NOTICE_REMIND_INTERVAL_HOURS = 12;

/** Letters and notices are not pushed to WeChat between these times (Asia/Shanghai), unless the school sets others. */
export const NOTICE_QUIET_HOURS_DEFAULT = { start: '21:00', end: '07:00' } as const;
/** HH:MM, 00:00–23:59. */
export const NOTICE_TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Told to whoever writes an urgent warning (the app shows it beside the editor). */
export const NOTICE_WARNING_HINT =
  '紧急预警请只写发生了什么、家长需要做什么。不要写出任何学生的姓名、班级或能认出孩子的细节，也不要提及是否有人举报，以保护当事学生。';

/**
 * A calendar day in Asia/Shanghai, `YYYY-MM-DD`. Receipts keep the day a guardian read, confirmed, signed or answered,
 * never the time of day: a time next to an anonymous tip filed from the same phone would tell who filed it.
 */
export type ShanghaiDay = string;

export interface NoticeQuestion {
  kind: NoticeQuestionKind;
  prompt: string;
  /** The choices of a single- or multiple-choice question (2–10); left out for a short-text question. */
  options?: string[];
}

export interface NoticeAudience {
  scope: NoticeAudienceScope;
  /** Grade ids (scope `grades`) or class ids (scope `classes`); left out for the whole school. */
  ids?: string[];
}

// POST /schools/{id}/notices and PUT /notices/{id}: the whole draft every time (a field left out is not set).
export interface NoticeDraftRequest {
  kind: NoticeKind;
  title: string;
  body: NoticeBody;
  confirmMode: NoticeConfirmMode;
  question?: NoticeQuestion;
  /** Guardians may confirm, sign and answer until then; the notice is closed at that time. */
  confirmDeadline?: IsoDateTime;
  audience: NoticeAudience;
}

// POST /notices/{id}/publish
export interface PublishNoticeRequest {
  /** Publish at this time instead of now (at most NOTICE_LIMITS.scheduleAheadDaysMax days ahead). */
  at?: IsoDateTime;
}

// POST /notices/{id}/recall
export interface RecallNoticeRequest {
  reason: string;
}

export interface NoticeClassRef {
  id: string;
  name: string;
}

export interface NoticeAudienceView {
  scope: NoticeAudienceScope;
  /** The grade or class ids chosen (empty for the whole school). */
  ids: string[];
  /** The classes it reaches (resolved again when it is published). */
  classes: NoticeClassRef[];
}

/** The fan-out: receipts made (已发送 x) of the recipients counted when it started (N). */
export interface NoticeProgress {
  /** Recipients counted when the fan-out started (grows when a guardian joins later); null before it starts. */
  expected: number | null;
  /** Receipts made so far: one per guardian, each with its message queued. */
  sent: number;
  done: boolean;
}

export interface NoticeStaffDetail {
  id: string;
  schoolId: string;
  kind: NoticeKind;
  title: string;
  body: NoticeBody;
  confirmMode: NoticeConfirmMode;
  question: NoticeQuestion | null;
  confirmDeadline: IsoDateTime | null;
  audience: NoticeAudienceView;
  status: NoticeStatus;
  /** sha256 (hex) of the canonical JSON of title, body and question: the same on every receipt. */
  contentHash: string;
  /** msg_sec_check's verdict when it was published: `review` marks it for the principal. */
  contentCheck: 'pass' | 'review' | 'risky' | null;
  needsPrincipalReview: boolean;
  createdBy: { id: string; name: string };
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  scheduledAt: IsoDateTime | null;
  publishedAt: IsoDateTime | null;
  closedAt: IsoDateTime | null;
  recalledAt: IsoDateTime | null;
  recallReason: string | null;
  progress: NoticeProgress;
  /** The caller may edit (while a draft), publish and recall it. */
  canManage: boolean;
  /** A correction: the notice it corrects, and the note of what changed. */
  correctionOf: NoticeRef | null;
  correctionNote: string | null;
  /** The correction that replaced this notice (已更正), if any. */
  correctedBy: NoticeRef | null;
  /** The principal's decision on a notice the content check marked `review` (null while it waits, or unmarked). */
  review: NoticeReviewView | null;
}

// GET /schools/{id}/notices
export interface NoticeListQuery {
  status?: NoticeStatus;
  limit?: number;
  offset?: number;
}

export interface NoticeListItem {
  id: string;
  kind: NoticeKind;
  title: string;
  status: NoticeStatus;
  confirmMode: NoticeConfirmMode;
  createdAt: IsoDateTime;
  scheduledAt: IsoDateTime | null;
  publishedAt: IsoDateTime | null;
  confirmDeadline: IsoDateTime | null;
  needsPrincipalReview: boolean;
  /** Receipts (in the caller's classes, for a teacher) and how many of them are done (read, confirmed or signed as asked). */
  recipients: number;
  acknowledged: number;
  /** The notice this one corrects, and the correction that replaced this one. */
  correctionOf: string | null;
  correctedBy: string | null;
  /** What the principal decided on a notice marked for review (null: not marked, or waiting). */
  reviewDecision: NoticeReviewDecision | null;
}

export interface NoticeComposerGrade {
  id: string;
  name: string;
  classes: NoticeClassRef[];
}

export interface NoticeComposerResponse {
  /** May address the whole school or whole grades (principals and school admins); a teacher chooses among their classes. */
  schoolWide: boolean;
  /** The grades and classes the caller may address. */
  grades: NoticeComposerGrade[];
  linkPages: { page: NoticeLinkPage; label: string }[];
  /** What an urgent warning must not contain (NOTICE_WARNING_HINT). */
  warningHint: string;
  quietHours: NoticeQuietHours;
}

export interface NoticeQuietHours {
  /** HH:MM Asia/Shanghai; messages of letters and notices wait from `start` until `end` (urgent warnings do not). */
  start: string;
  end: string;
}

// PUT /schools/{id}/notice-settings (principals and school admins)
export interface NoticeSettingsRequest {
  quietHours: NoticeQuietHours;
}
export interface NoticeSettingsResponse {
  quietHours: NoticeQuietHours;
}

export interface NoticeCounts {
  recipients: number;
  /** WeChat accepted the message, or the guardian opened the notice in the app. */
  delivered: number;
  read: number;
  confirmed: number;
  signed: number;
  answered: number;
  /** Done as the notice asks: read (仅阅读, or answered when it has a question), confirmed or signed. */
  acknowledged: number;
}

export interface NoticeClassStats extends NoticeCounts {
  classId: string;
  className: string;
  /** Per option of a choice question, how many guardians chose it; null without a choice question. */
  answers: number[] | null;
}

export interface NoticeStatsResponse {
  noticeId: string;
  confirmMode: NoticeConfirmMode;
  question: NoticeQuestion | null;
  /** Over the classes listed (a guardian with children in two of them counts once). */
  totals: NoticeCounts & { answers: number[] | null };
  classes: NoticeClassStats[];
  progress: NoticeProgress;
}

export interface NoticePendingEntry {
  receiptId: string;
  studentId: string;
  studentName: string;
  relation: Relation;
  relationLabel: string;
  /** The day the guardian opened it (Asia/Shanghai). */
  readOn: ShanghaiDay | null;
  delivered: boolean;
}

export interface NoticePendingResponse {
  classId: string;
  className: string;
  /** Guardians of the class who have not yet done what the notice asks, by child. */
  entries: NoticePendingEntry[];
  lastRemindedAt: IsoDateTime | null;
  /** When the next reminder may be sent (null: now). */
  nextRemindAt: IsoDateTime | null;
}

/** One child and guardian of a class, and what the guardian has done (the days, Asia/Shanghai). */
export interface NoticeClassReceipt {
  receiptId: string;
  studentId: string;
  studentName: string;
  relation: Relation;
  relationLabel: string;
  delivered: boolean;
  readOn: ShanghaiDay | null;
  confirmedOn: ShanghaiDay | null;
  signedOn: ShanghaiDay | null;
  answeredOn: ShanghaiDay | null;
  /** The answer as a person reads it: the chosen options (、-separated) or the text; null when not answered. */
  answer: string | null;
  /** Done as the notice asks. */
  acknowledged: boolean;
  /** A signature is stored: GET /notices/{id}/receipts/{receiptId}/signature shows it (each view audited). */
  hasSignature: boolean;
}

// GET /notices/{id}/classes/{classId}/receipts
export interface NoticeClassReceiptsResponse {
  classId: string;
  className: string;
  /** By child's name, then relation. */
  entries: NoticeClassReceipt[];
}

export interface NoticeRemindResponse {
  /** Guardians a reminder was queued for. */
  reminded: number;
  nextRemindAt: IsoDateTime | null;
}

// ---- guardian side

export interface NoticeAnswer {
  /** Indices into `question.options` (one for a single-choice question). */
  choices?: number[];
  /** The answer to a short-text question. */
  text?: string;
}

// POST /notices/{id}/ack: any of these, as the notice asks (e.g. an answer and 确认收到 in one tap).
export interface AckNoticeRequest {
  confirm?: boolean;
  /** The signature: a trimmed PNG, base64, at most NOTICE_LIMITS.signatureBytesMax bytes. */
  signature?: string;
  answer?: NoticeAnswer;
}

export interface GuardianNoticeChild {
  studentId: string;
  name: string;
  className: string;
}

/** What the guardian has done, each kept as the day (Asia/Shanghai) it was done, never the time of day. */
export interface GuardianNoticeReceipt {
  readOn: ShanghaiDay | null;
  confirmedOn: ShanghaiDay | null;
  signedOn: ShanghaiDay | null;
  answeredOn: ShanghaiDay | null;
  answer: NoticeAnswer | null;
  /** The day the receipt was done as the notice asks. */
  acknowledgedOn: ShanghaiDay | null;
  /** The content hash of what this guardian was sent. */
  contentHash: string;
}

// GET /me/notices
export interface GuardianNoticeListQuery {
  /** Only what was sent about this child. */
  studentId?: string;
  limit?: number;
  offset?: number;
}

export interface GuardianNoticeListItem {
  id: string;
  kind: NoticeKind;
  title: string;
  schoolName: string;
  status: NoticeStatus;
  confirmMode: NoticeConfirmMode;
  publishedAt: IsoDateTime;
  confirmDeadline: IsoDateTime | null;
  children: GuardianNoticeChild[];
  read: boolean;
  acknowledged: boolean;
  /** An urgent warning not yet confirmed: the home page shows it at the top, in red. */
  pinned: boolean;
  /** A correction (更正) of another notice. */
  correctionOf: string | null;
  /** Replaced by a correction (listed only while the caller has no receipt of the correction). */
  corrected: boolean;
}

export interface GuardianNoticeListResponse extends Page<GuardianNoticeListItem> {
  /** Not yet opened (the badge). */
  unread: number;
}

export interface GuardianNoticeDetail {
  id: string;
  kind: NoticeKind;
  title: string;
  schoolName: string;
  status: NoticeStatus;
  /** null once recalled: the recall notice is shown instead. */
  body: NoticeBody | null;
  recall: { reason: string; at: IsoDateTime } | null;
  confirmMode: NoticeConfirmMode;
  question: NoticeQuestion | null;
  confirmDeadline: IsoDateTime | null;
  publishedAt: IsoDateTime;
  children: GuardianNoticeChild[];
  receipt: GuardianNoticeReceipt;
  /** What is still asked of this guardian (empty when done, closed, recalled or corrected). */
  pending: ('answer' | 'confirm' | 'sign')[];
  /** A correction: the note of what changed (null otherwise, and once recalled). */
  correctionNote: string | null;
  /** A correction: the notice it corrects, when the caller holds a receipt of that one. */
  correctionOf: string | null;
  /** Replaced by a correction: nothing more is asked here. */
  corrected: boolean;
  /** The newest correction of this notice the caller holds a receipt of (null while it is being sent to them). */
  correctedBy: string | null;
}

/**
 * What a confirmation, signature or answer answers with: the receipt as now recorded and what is still asked. The
 * notice itself is not sent again (the app has it from opening the notice; a recall or correction since is a 409).
 */
export interface GuardianNoticeAck {
  receipt: GuardianNoticeReceipt;
  pending: GuardianNoticeDetail['pending'];
}
