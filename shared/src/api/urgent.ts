import { shanghaiParts, type Instant } from '../time';

/**
 * Urgent call-down (紧急呼叫): a tip whose reporter is in danger, or where it is still going on, or one a handler marks
 * 紧急, rings people's phones (SMS, then a voice call) one after another until someone acknowledges it. These are the
 * types of the school's call-down settings (the urgent list, the duty roster, the step interval), the district duty
 * phone, and the call-down of one tip as its case page shows it. Phone numbers only ever leave the server masked
 * (`maskPhone`: 138****1234).
 */

/** Minutes between two steps of a call-down (a school setting). */
export const URGENT_STEP_MINUTES_DEFAULT = 5;
export const URGENT_LIMITS = {
  stepMinutesMin: 1,
  stepMinutesMax: 60,
  /** People on a school's urgent list. */
  contactsMax: 20,
  /** Shifts in a school's duty roster. */
  shiftsMax: 60,
  nameMax: 40,
  phoneMin: 5,
  phoneMax: 20,
  /** Weekdays of one shift (1 = Monday … 7 = Sunday). */
  weekdaysMax: 7,
} as const;

/** A phone that can take an SMS and a call: a mainland mobile, or a landline (voice only in practice). */
export const URGENT_PHONE_PATTERN = /^(\+?86)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
/** A time of day in Asia/Shanghai, `HH:mm`. */
export const TIME_OF_DAY_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A date in Asia/Shanghai, `YYYY-MM-DD`. */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Who an entry of the urgent list is. */
export type UrgentContactKind = 'contact' | 'principal' | 'committee' | 'duty_phone' | 'other';
export const URGENT_CONTACT_KINDS: UrgentContactKind[] = ['contact', 'principal', 'committee', 'duty_phone', 'other'];
export const URGENT_CONTACT_KIND_LABELS: Record<UrgentContactKind, string> = {
  contact: '欺凌防治负责人',
  principal: '校长',
  committee: '欺凌治理委员会成员',
  duty_phone: '学校值班电话',
  other: '其他',
};

/** One person on the school's urgent list, in call order. */
export interface UrgentContactEntry {
  id: string;
  kind: UrgentContactKind;
  name: string;
  /** The staff member this entry is, when it is one (they also get the WeChat/in-app message). */
  userId: string | null;
  phoneMasked: string;
}

export interface UrgentContactInput {
  kind: UrgentContactKind;
  name: string;
  /** A phone typed in full; left out with `keepId` to keep the phone of a saved entry (the app only sees it masked). */
  phone?: string;
  /** The id of a saved entry (of the list or the roster) whose phone this entry keeps when `phone` is left out. */
  keepId?: string;
  userId?: string;
}

/**
 * One shift of the duty roster (值班表): on the given weekdays (1 = Monday … 7 = Sunday; the shift starts that day) or
 * on one date (a holiday), from `start` to `end` (Asia/Shanghai; an `end` not after `start` runs into the next day).
 */
export interface DutyShift {
  id: string;
  name: string;
  userId: string | null;
  phoneMasked: string;
  weekdays: number[];
  date: string | null;
  start: string;
  end: string;
}

export interface DutyShiftInput {
  name: string;
  /** As for `UrgentContactInput`: a phone typed in full, or left out with `keepId`. */
  phone?: string;
  keepId?: string;
  userId?: string;
  weekdays: number[];
  date?: string;
  start: string;
  end: string;
}

/** `GET /schools/{id}/urgent-settings`. */
export interface UrgentSettings {
  schoolId: string;
  stepMinutes: number;
  contacts: UrgentContactEntry[];
  roster: DutyShift[];
  /** SMS and voice calls are configured on this server; when false the call-down uses WeChat and the inbox only. */
  telephonyConfigured: boolean;
  /** What the settings page says plainly about the above and about the roster (null when nothing needs saying). */
  notices: string[];
  /** Whether the district has a duty phone for the end of the chain. */
  districtDutyConfigured: boolean;
}

/** `PUT /schools/{id}/urgent-settings`: the whole list and roster (a kept entry names its saved id instead of its phone). */
export interface PutUrgentSettingsRequest {
  stepMinutes: number;
  contacts: UrgentContactInput[];
  roster: DutyShiftInput[];
}

/** `GET|PUT /districts/{id}/urgent-duty`: the district duty officer's phone, last in every chain. */
export interface DistrictDutyPhone {
  districtId: string;
  name: string | null;
  phoneMasked: string | null;
}

export interface PutDistrictDutyPhoneRequest {
  name: string;
  phone: string;
}

export type UrgentChannel = 'sms' | 'voice' | 'wechat';
export const URGENT_CHANNEL_LABELS: Record<UrgentChannel, string> = { sms: '短信', voice: '语音电话', wechat: '微信消息' };

/** What became of one step. */
export type UrgentStepOutcome = 'queued' | 'sent' | 'delivered' | 'answered' | 'no_answer' | 'busy' | 'failed' | 'acknowledged' | 'cancelled';
export const URGENT_STEP_OUTCOME_LABELS: Record<UrgentStepOutcome, string> = {
  queued: '等待发送',
  sent: '已发出',
  delivered: '已送达',
  answered: '已接听',
  no_answer: '未接听',
  busy: '占线或呼叫失败',
  failed: '发送失败',
  acknowledged: '按 1 确认',
  cancelled: '已停止（举报已受理）',
};

export type CallDownReason = 'in_danger' | 'ongoing' | 'marked';
export const CALL_DOWN_REASON_LABELS: Record<CallDownReason, string> = {
  in_danger: '举报人现在有危险',
  ongoing: '欺凌仍在发生',
  marked: '老师标记为紧急',
};

export type CallDownStatus = 'running' | 'acknowledged' | 'exhausted';
export const CALL_DOWN_STATUS_LABELS: Record<CallDownStatus, string> = {
  running: '正在依次呼叫',
  acknowledged: '已有人受理，呼叫已停止',
  exhausted: '名单已全部呼叫，仍无人受理',
};

export interface CallDownStep {
  at: string;
  channel: UrgentChannel;
  personLabel: string;
  phoneMasked: string | null;
  outcome: UrgentStepOutcome;
}

/** One tip's call-down, for its case page. */
export interface CallDownState {
  tipId: string;
  status: CallDownStatus;
  reason: CallDownReason;
  startedAt: string;
  acknowledgedAt: string | null;
  acknowledgedVia: 'app' | 'phone' | null;
  telephony: boolean;
  steps: CallDownStep[];
}

/** `GET /tips/{id}/call-down` (`callDown` null when the tip never started one); `POST /tips/{id}/urgent` answers the same. */
export interface CallDownResponse {
  callDown: CallDownState | null;
}

/**
 * The school-wide cap on call-downs a tip starts by itself (a danger tip is anonymous: a flood of them must not ring
 * phones all night). At most `perWindow` call-downs start per school within a rolling `windowMinutes`, and none while
 * the school is in a tip flood. A tip beyond the cap still reaches the designated contact by WeChat and the inbox as
 * every tip does, titled 紧急, and the skip is audited (`tip.call_down_skipped`). A handler's 标记紧急 is never capped
 * and does not count: a person decided.
 */
export const CALL_DOWN_CAP = { perWindow: 3, windowMinutes: 60 } as const;

export type CallDownSkipReason = 'school_cap' | 'flood';
export const CALL_DOWN_SKIP_REASON_LABELS: Record<CallDownSkipReason, string> = {
  school_cap: `本校 ${CALL_DOWN_CAP.windowMinutes} 分钟内已自动紧急呼叫 ${CALL_DOWN_CAP.perWindow} 次，本条不再自动呼叫`,
  flood: '本校正在短时间内收到大量举报，暂停自动紧急呼叫',
};

/**
 * Whether a call-down for `reason` may start: null when it may, or why it is skipped. `startedInWindow` counts the
 * school's call-downs started by tips themselves (not 标记紧急) within the last `CALL_DOWN_CAP.windowMinutes`.
 */
export function callDownSkipReason(input: { reason: CallDownReason; startedInWindow: number; inFlood: boolean }): CallDownSkipReason | null {
  if (input.reason === 'marked') return null;
  if (input.inFlood) return 'flood';
  return input.startedInWindow >= CALL_DOWN_CAP.perWindow ? 'school_cap' : null;
}

/** The plain statements the settings page shows. */
export const URGENT_NOTICES = {
  telephonyOff: '本服务器尚未配置短信和语音电话：紧急举报只会通过微信消息和站内消息通知名单上的老师。',
  noRoster: '尚未设置值班表：夜间和节假日的紧急举报会先呼叫欺凌防治负责人的手机，再依次呼叫紧急名单。',
  noContacts: '尚未设置紧急呼叫名单：紧急举报只会呼叫值班人员和区县值班电话。',
} as const;

/** The only words an SMS or a call says: never the tip's content, never the reporter. */
export const URGENT_CALL_TEXT = '安心家校紧急举报，请立即处理';

/**
 * The number's digits as dialled inside China: a +86 / 86 country prefix dropped when what follows is a mobile
 * (`13812341234`) or a landline with its trunk 0 (`057187654321`), the two forms URGENT_PHONE_PATTERN takes.
 */
function nationalDigits(phone: string): string {
  return phone.replace(/[^0-9]/g, '').replace(/^86(?=1[3-9]\d{9}$|0\d{9,11}$)/, '');
}

/** `13812341234` → `138****1234`; other numbers keep their first 3 and last 4 characters. */
export function maskPhone(phone: string): string {
  const digits = nationalDigits(phone);
  if (digits.length <= 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/**
 * Whether a number can take an SMS: a mainland mobile only. A landline (a school's duty phone, the contact's office
 * number) cannot, and Tencent Cloud refuses the send; the call-down calls it instead of texting it.
 */
export function takesSms(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(nationalDigits(phone));
}

/** The mobile or landline in the form Tencent Cloud takes (E.164, `+86…`). */
export function e164China(phone: string): string {
  const digits = nationalDigits(phone);
  return `+86${digits.startsWith('0') ? digits.slice(1) : digits}`;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const dayString = (p: { year: number; month: number; day: number }) =>
  `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;

/**
 * Whether a shift covers the instant `at` (Asia/Shanghai). A shift that runs past midnight covers the early hours of
 * the day after the weekday (or date) it starts on.
 */
export function dutyShiftCovers(shift: Pick<DutyShift, 'weekdays' | 'date' | 'start' | 'end'>, at: Instant): boolean {
  const now = shanghaiParts(at);
  if (!now) return false;
  const minute = now.hour * 60 + now.minute;
  const start = minutesOf(shift.start);
  const end = minutesOf(shift.end);
  const overnight = end <= start;
  const ms = (at instanceof Date ? at : new Date(at)).getTime();
  const yesterday = shanghaiParts(new Date(ms - 24 * 3_600_000))!;
  const starts = (p: { year: number; month: number; day: number }) => {
    if (shift.date) return shift.date === dayString(p);
    const weekday = ((new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7) + 1;
    return shift.weekdays.includes(weekday);
  };
  if (!overnight) return starts(now) && minute >= start && minute < end;
  return (starts(now) && minute >= start) || (starts(yesterday) && minute < end);
}
