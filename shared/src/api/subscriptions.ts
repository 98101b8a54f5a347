/**
 * Subscription consent (订阅消息): the template catalogue the app asks consent for, the results the app reports,
 * and the credits the server keeps per user and template.
 */

/** One-time: each 允许 allows one message. Long-term: one 允许 allows messages until the user turns it off. */
export type SubscriptionMode = 'one_time' | 'long_term';

/** Who a template is asked of (the app shows each switch only to them). */
export type SubscriptionAudience = 'alerting_staff' | 'staff' | 'school_admin' | 'district_officer' | 'guardian' | 'reporter';

/** `requestSubscribeMessage` answers per template id; `off` = turned off in WeChat settings or refused on send. */
export type SubscriptionResult = 'accept' | 'reject' | 'ban' | 'filter';
export type SubscriptionStatus = SubscriptionResult | 'off';

export interface SubscriptionTemplate {
  kind: string;
  templateId: string;
  mode: SubscriptionMode;
  audiences: SubscriptionAudience[];
  /** What turning this on does, in Chinese (shown beside the switch). */
  description: string;
}
// GET /wechat/templates → SubscriptionTemplate[] (any logged-in user)

/** The most results one report may carry (one consent dialog shows at most this many templates). */
export const SUBSCRIPTION_REPORT_MAX = 5;
/** One-time credits kept per user and template at most (see docs/DELIVERY.md "Subscription consent"). */
export const SUBSCRIPTION_CREDIT_CAP = 50;

export interface SubscriptionReportItem {
  templateId: string;
  result: SubscriptionResult;
}
export interface SubscriptionReportRequest {
  results: SubscriptionReportItem[];
}

export interface SubscriptionState {
  kind: string;
  templateId: string;
  mode: SubscriptionMode;
  /** A message of this kind would go to WeChat now (long-term consent, or at least one credit). */
  on: boolean;
  longTerm: boolean;
  credits: number;
  lastStatus: SubscriptionStatus | null;
}
// POST /me/subscriptions (SubscriptionReportRequest) → SubscriptionState[]; GET /me/subscriptions → SubscriptionState[]

/** A staff member with an alerting role (contact, principal, committee) and whether tip alerts reach them. */
export interface StaffReach {
  userId: string;
  displayName: string;
  roles: string[];
  alertsOn: boolean;
  longTerm: boolean;
  credits: number;
}
export interface SchoolReach {
  schoolId: string;
  /** The designated contact would get a WeChat alert for a new tip now. */
  contactReachable: boolean;
  staff: StaffReach[];
}
// GET /schools/{id}/reach → SchoolReach (SCHOOL_MANAGE: admin, principal)

/** 学校回复时提醒我: the reporter's opt-in on one tip (with the follow-up token; turning it on needs a WeChat login). */
export interface ReplyAlertRequest {
  on: boolean;
}
export interface ReplyAlertState {
  on: boolean;
}
// GET /tips/followup/reply-alert → ReplyAlertState; PUT /tips/followup/reply-alert (ReplyAlertRequest) → ReplyAlertState
