import type { IsoDateTime } from './common';

/**
 * A delivery problem the school admin sees: a message late, refused or undeliverable on WeChat, or the school's
 * designated contact unable to get tip alerts in WeChat (`delivery.contact_unreachable`, one open alert per school).
 */
export interface DeliveryAlert {
  id: string;
  kind: 'delivery.undelivered' | 'delivery.failed' | 'delivery.dead' | 'delivery.contact_unreachable' | (string & {});
  title: string;
  body: string;
  subjectType: string | null;
  subjectId: string | null;
  createdAt: IsoDateTime;
  resolvedAt: IsoDateTime | null;
}
// Routes: GET /schools/{id}/delivery-alerts?limit= → Page<DeliveryAlert> (SCHOOL_MANAGE);
//         POST /schools/{id}/delivery-test → 202 { dedupeKey } (sends the caller a test message).

/**
 * How one message reached its recipient (or did not), decided and recorded by the outbox:
 * - `wechat`: WeChat accepted the subscribe message (reason: the consent it used, `one_time` or `long_term`);
 * - `wecom_robot`: a WeCom group robot posted it (robot messages have no inbox copy; reason null);
 * - `inbox_only`: it is in the recipient's in-app inbox and nowhere else (reason: why, see DeliveryReason);
 * - `undelivered`: a robot message that could not be posted (reason: why);
 * - `pending`: not decided yet (waiting to be sent, or retrying after a temporary error).
 * Every channel records its result through this one field (outbox `delivered_via` / `delivery_reason`).
 */
export type DeliveryVia = 'wechat' | 'wecom_robot' | 'inbox_only' | 'undelivered' | 'pending' | 'sms' | 'voice';
export const DELIVERY_VIAS: DeliveryVia[] = ['wechat', 'wecom_robot', 'inbox_only', 'undelivered', 'pending', 'sms', 'voice'];

export type DeliveryReason =
  /** wechat: a one-time credit (one 允许) was spent / long-term consent was used. */
  | 'one_time' | 'long_term'
  /** inbox_only: the sender meant it for the inbox alone (e.g. 迟到的消息已送达). */
  | 'inbox_channel'
  /** inbox_only, decided before any WeChat call: never allowed; allowed before but every credit is spent; switched
   *  off in WeChat settings (or banned); no WeChat account to send to; a kind nobody can subscribe to. */
  | 'no_consent' | 'credits_used' | 'consent_off' | 'no_openid' | 'no_template'
  /** after a WeChat call: 43101 (WeChat holds no credit); another refusal (bad openid, template, value);
   *  temporary errors until the attempts ran out. */
  | 'wechat_refused' | 'send_error' | 'retries_exhausted';
export const DELIVERY_REASONS: DeliveryReason[] = [
  'one_time', 'long_term', 'inbox_channel', 'no_consent', 'credits_used', 'consent_off', 'no_openid', 'no_template',
  'wechat_refused', 'send_error', 'retries_exhausted',
];

export interface DeliveryOutcome {
  via: DeliveryVia;
  reason: DeliveryReason | null;
}

/** The channels, as the school's delivery page names them. */
export const DELIVERY_VIA_LABELS: Record<DeliveryVia, string> = {
  wechat: '微信提醒',
  wecom_robot: '企业微信群',
  inbox_only: '仅站内',
  undelivered: '未送达',
  pending: '发送中',
  sms: '短信（紧急呼叫）',
  voice: '语音电话（紧急呼叫）',
};

/** Why, as the school's delivery page names it (about the recipient, in the third person). */
export const DELIVERY_REASON_LABELS: Record<DeliveryReason, string> = {
  one_time: '一次性订阅（每次允许可收一条）',
  long_term: '长期订阅',
  inbox_channel: '此类消息只发站内',
  no_consent: '接收人未开启微信提醒',
  credits_used: '接收人的提醒次数已用完',
  consent_off: '接收人在微信中关闭了提醒',
  no_openid: '接收人没有可用的微信账号',
  no_template: '此类消息没有微信订阅模板',
  wechat_refused: '微信拒收（没有订阅额度）',
  send_error: '微信发送出错',
  retries_exhausted: '多次重试仍失败',
};

/** What the recipient reads beside a message in their own inbox (second person). */
const INBOX_LABELS: Record<DeliveryReason, string> = {
  one_time: '已通过微信提醒',
  long_term: '已通过微信提醒',
  inbox_channel: '仅在站内',
  no_consent: '仅在站内：你还没有开启微信提醒',
  credits_used: '仅在站内：你的微信提醒次数已用完',
  consent_off: '仅在站内：你在微信中关闭了此类提醒',
  no_openid: '仅在站内：你的账号无法接收微信提醒',
  no_template: '仅在站内：此类消息不发微信提醒',
  wechat_refused: '仅在站内：微信未接收（没有可用的提醒次数）',
  send_error: '仅在站内：微信提醒发送失败',
  retries_exhausted: '仅在站内：微信提醒多次发送失败',
};

export function inboxDeliveryLabel(outcome: DeliveryOutcome): string {
  switch (outcome.via) {
    case 'pending': return '等待发送微信提醒';
    case 'wechat': return '已通过微信提醒';
    case 'wecom_robot': return '已发到企业微信群';
    case 'sms': return '已发短信';
    case 'voice': return '已拨打电话';
    case 'undelivered': return outcome.reason ? `未送达：${DELIVERY_REASON_LABELS[outcome.reason]}` : '未送达';
    case 'inbox_only': return outcome.reason ? INBOX_LABELS[outcome.reason] : '仅在站内';
  }
}

/** Message kinds as people call them (the template registry's kinds). */
export const MESSAGE_KIND_LABELS: Record<string, string> = {
  'tip.new': '新举报提醒',
  'tip.escalated': '举报升级提醒',
  'tip.reminder': '调查期限提醒',
  'tip.update': '举报转交与回复',
  'tip.reply': '学校回复提醒（举报人）',
  'staff.case_role': '处理人员变动',
  'audit.digest': '每日审计摘要',
  'delivery.alert': '送达问题提醒',
  'delivery.resolved': '送达问题解除',
  'test.message': '测试消息',
  'notice.published': '学校通知',
  'notice.warning': '紧急预警',
  'notice.review': '通知复核（校长）',
  'binding.requested': '绑定申请（教师）',
  'binding.consent_withdrawn': '家长撤回同意（教师）',
  'robot.urgent': '紧急预警（群机器人）',
  'robot.notice': '学校通知（群机器人）',
  'robot.test': '群机器人测试',
  'binding.decided': '绑定结果',
  'pledge.sign': '防欺凌承诺书签署提醒',
  'ledger.due': '防欺凌工作到期提醒',
  'tip.urgent_call': '紧急呼叫（短信和语音电话）',
};

export function messageKindLabel(kind: string): string {
  return MESSAGE_KIND_LABELS[kind] ?? kind;
}

/** One (channel, reason) and how many messages took it. */
export interface DeliveryCount {
  via: DeliveryVia;
  reason: DeliveryReason | null;
  count: number;
}

/** One message kind's messages of the period, by channel (the counts add up to `total`). */
export interface DeliveryKindStats {
  kind: string;
  total: number;
  wechat: number;
  wecomRobot: number;
  inboxOnly: number;
  undelivered: number;
  pending: number;
  /** The same messages by channel and reason, largest first. */
  counts: DeliveryCount[];
}

export interface DeliveryStats {
  schoolId: string;
  days: number;
  /** Messages created at or after this time are counted. */
  since: IsoDateTime;
  kinds: DeliveryKindStats[];
}
/** The longest period the delivery counts cover. */
export const DELIVERY_STATS_MAX_DAYS = 90;
// GET /schools/{id}/delivery-stats?days= (1–90, default 30) → DeliveryStats (SCHOOL_MANAGE). Counts the school's
// messages; a reporter's reply alerts name no school and are not among them.
