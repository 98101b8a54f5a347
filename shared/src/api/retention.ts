import type { IsoDateTime } from './common';

/**
 * Retention and erasure (docs/PRIVACY.md "Retention and erasure"): each district's rules, legal holds on a case,
 * and the erasures coming up at a school. Times are UTC ISO strings; the app shows dates in Asia/Shanghai.
 */

/**
 * Bounds of each rule: the default is also the floor (a district may lengthen a period, never shorten it), and a
 * ceiling keeps a typing mistake from keeping data for ever. Years are whole calendar years after the event.
 */
export const RETENTION_BOUNDS = {
  /** Tip content and photos of a closed case: erased this many years after the case closed. */
  tipContentYears: { min: 3, max: 30, default: 3 },
  /** Reporter messages of a closed case that no staff reply followed: erased this many years after closing. */
  unansweredThreadYears: { min: 1, max: 30, default: 1 },
  /** Notice answers and signatures, pledge signature images: kept for the school year they were given in plus this many years. */
  receiptYears: { min: 2, max: 30, default: 2 },
  /** Server logs (stdout; kept by the host, not by this server): at least this many days. */
  logDays: { min: 180, max: 3650, default: 180 },
} as const;

/** The reason for a legal hold: 1–200 characters. */
export const LEGAL_HOLD_REASON_MAX = 200;
/** The school's list of coming erasures looks this many days ahead. */
export const RETENTION_UPCOMING_DAYS = 30;

export interface RetentionRules {
  tipContentYears: number;
  unansweredThreadYears: number;
  receiptYears: number;
  logDays: number;
  /** True while the district has never changed the defaults. */
  isDefault: boolean;
  updatedAt: IsoDateTime | null;
}

export interface UpdateRetentionRulesRequest {
  tipContentYears: number;
  unansweredThreadYears: number;
  receiptYears: number;
  logDays: number;
}

/** What an erasure removes: a case's content, or only its unanswered reporter messages. */
export type RetentionKind = 'tip_content' | 'unanswered_thread';

export const RETENTION_KIND_LABELS: Record<RetentionKind, string> = {
  tip_content: '举报内容与照片',
  unanswered_thread: '未获回复的举报人留言',
};

export interface UpcomingErasure {
  tipId: string;
  kind: RetentionKind;
  kindLabel: string;
  dueAt: IsoDateTime;
  closedAt: IsoDateTime | null;
}

export interface HeldCase {
  tipId: string;
  setAt: IsoDateTime;
}

export interface UpcomingErasures {
  /** Erasures due within RETENTION_UPCOMING_DAYS, soonest first. */
  items: UpcomingErasure[];
  /** Cases under a legal hold: nothing of them is erased while it lasts. */
  held: HeldCase[];
}

export interface LegalHoldRequest {
  reason: string;
}

/** A case's retention state, as the staff case view shows it. */
export interface TipRetentionInfo {
  /** When the content is to be erased (a closed case with no hold); null otherwise. */
  eraseAt: IsoDateTime | null;
  legalHold: boolean;
  /** When the content was erased; null while it is kept. */
  erasedAt: IsoDateTime | null;
  /** May the caller set or lift a legal hold (the principal, a district officer). */
  canHold: boolean;
}
