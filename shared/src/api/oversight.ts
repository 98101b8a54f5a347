import type { IsoDateTime } from './common';
import type { TipCategory, TipStatus } from './tips';
import type { TipOutcomeFigures } from './tip-triage';
import type { Count } from '../small-counts';
import type { CalendarDay, SchoolYearCalendar, SemesterTerm } from '../semesters';

/**
 * Oversight: the district's school-year calendar, the school and district dashboards the principals and the bureau
 * open every Monday, and the supervision flags the policy's rules raise. Every count here goes through
 * small-counts.ts: exact only for the school's own case handlers, otherwise 1 and 2 are '<3'.
 *
 *   GET  /districts/{id}/calendar                 → 200 DistrictCalendarResponse (district officers)
 *   PUT  /districts/{id}/calendar                 PutDistrictCalendarRequest → 200 DistrictCalendarResponse (officers; audited)
 *   GET  /schools/{id}/dashboard?semester=2026-1  → 200 SchoolDashboardResponse (principal, designated contact, school admin)
 *   GET  /districts/{id}/dashboard?semester=      → 200 DistrictDashboardResponse (district officers)
 *   POST /districts/{id}/flags/{flagKey}/ack      AckSupervisionFlagRequest → 200 SupervisionFlag (officers; audited)
 */

export const OVERSIGHT_LIMITS = {
  /** An officer's note when acknowledging a supervision flag. */
  flagNoteMax: 500,
  /** Semesters a dashboard offers to choose from (the current one and those before it). */
  semestersOffered: 6,
} as const;

/** A semester as the API sends it. */
export interface SemesterInfo {
  key: string;
  schoolYear: number;
  term: SemesterTerm;
  label: string;
  startsOn: CalendarDay;
  endsOn: CalendarDay;
  /** The counting window [from, until): from the day after the previous semester ended. */
  from: IsoDateTime;
  until: IsoDateTime;
  custom: boolean;
}

// ---- the calendar ----

export interface DistrictCalendarResponse {
  districtId: string;
  /** The school years the district set; every other one follows the default (9/1–1/31, 2/1–7/31). */
  years: SchoolYearCalendar[];
  /** The semester now. */
  current: SemesterInfo;
  /** The current school year and the next, as they stand (the district's dates or the default). */
  upcoming: (SchoolYearCalendar & { custom: boolean })[];
}

/** Replaces the district's own school years (those not listed follow the default). */
export interface PutDistrictCalendarRequest {
  years: SchoolYearCalendar[];
}

// ---- the school dashboard ----

export interface SemesterOption {
  key: string;
  label: string;
}

export interface MonthCount {
  /** `2026-09`. */
  month: string;
  /** `9月`. */
  label: string;
  count: Count;
}

export interface SchoolDashboardResponse {
  schoolId: string;
  schoolName: string;
  semester: SemesterInfo;
  /** The current semester first, then those before it. */
  semesters: SemesterOption[];
  /** When the figures were read ("now" figures are as of this moment). */
  asOf: IsoDateTime;
  /** True for the school's own case handlers (the principal, the designated contact): exact counts. */
  exact: boolean;
  /** Tips filed this semester (test tips excluded). */
  tips: {
    total: Count;
    byCategory: { category: TipCategory; count: Count }[];
    byMonth: MonthCount[];
    escalatedToPrincipal: Count;
    escalatedToDistrict: Count;
    /** Investigations that found bullying (已认定欺凌). */
    confirmed: Count;
    /** How the semester's cases ended (恶意/虚假举报, 玩笑, 重复, …) and the share found 恶意/虚假. */
    outcomes?: TipOutcomeFigures;
  };
  /** How quickly this semester's tips were acknowledged. Times are minutes from receipt; null with too few tips. */
  acknowledgement: {
    acknowledged: Count;
    withinDeadline: Count;
    /** Acknowledged within the deadline, of the tips whose deadline has come (acknowledged, or still waiting past it). */
    withinDeadlineShare: number | null;
    medianMinutes: number | null;
    p90Minutes: number | null;
  };
  /** The school's cases now, whatever semester they were filed in. */
  cases: {
    open: Count;
    overdue: Count;
    /** Investigations past their 15 days, undecided. */
    investigationsOverdue: Count;
  };
  /** Letters home and notices published this semester (not recalled): receipts read and done as asked. */
  notices: NoticeFigures;
  bindings: { pending: Count };
  /** The school year's anti-bullying pledge (the one of the semester's school year), by grade; null when there is none. */
  pledges: PledgeFigures | null;
}

/** How far a school's pledge is: children whose pledge is signed as required, by grade (features/pledges' rules). */
export interface PledgeFigures {
  pledgeId: string;
  /** `2026-2027`. */
  schoolYear: string;
  byGrade: { gradeNumber: number; gradeName: string; students: Count; signed: Count; signedShare: number | null }[];
  students: Count;
  signed: Count;
  signedShare: number | null;
}

export interface NoticeFigures {
  published: number;
  recipients: Count;
  read: Count;
  acknowledged: Count;
  readShare: number | null;
  acknowledgedShare: number | null;
  /** When the receipts were last counted (counted in the background; null before the first count). */
  countedAt: IsoDateTime | null;
}

// ---- the district dashboard and supervision flags ----

export type SupervisionRule = 'repeat_confirmed' | 'consecutive_semesters' | 'late_ack_12h' | 'investigation_15d';
export const SUPERVISION_RULES: readonly SupervisionRule[] = ['repeat_confirmed', 'consecutive_semesters', 'late_ack_12h', 'investigation_15d'];
export const SUPERVISION_RULE_TITLES: Record<SupervisionRule, string> = {
  repeat_confirmed: '同一学期发生两起以上欺凌',
  consecutive_semesters: '连续两个学期发生欺凌',
  late_ack_12h: '举报超过 12 小时未受理',
  investigation_15d: '调查超过 15 天未办结',
};
/** `repeat_confirmed.<schoolId>.2026-1`: the rule, the school and the semester a flag is about. */
export const SUPERVISION_FLAG_KEY_PATTERN = /^(repeat_confirmed|consecutive_semesters|late_ack_12h|investigation_15d)\.([0-9a-f-]{36})\.(\d{4}-[12])$/;

/** A case behind a flag that was escalated to the district (the officer may open it; each opening is audited). */
export interface SupervisionFlagCase {
  tipId: string;
  category: TipCategory;
  status: TipStatus;
  submittedAt: IsoDateTime;
}

export interface SupervisionFlag {
  key: string;
  rule: SupervisionRule;
  schoolId: string;
  schoolName: string;
  semesterKey: string;
  title: string;
  /** What the rule says and what the school's figures are, in Chinese. */
  explanation: string;
  /** The cases behind it. */
  count: Count;
  /** Those escalated to the district, to open. */
  cases: SupervisionFlagCase[];
  /** The others, counted only. */
  otherCases: Count;
  acknowledged: {
    note: string;
    by: string;
    at: IsoDateTime;
    /** More cases came to the flag after it was acknowledged: it needs attention again. */
    newSince: boolean;
  } | null;
}

export interface AckSupervisionFlagRequest {
  note: string;
}

export interface DistrictDashboardSchool {
  schoolId: string;
  schoolName: string;
  tips: Count;
  acknowledged: Count;
  withinDeadline: Count;
  withinDeadlineShare: number | null;
  /** Now, whatever semester they were filed in. */
  overdue: Count;
  escalatedToDistrict: Count;
  setup: { done: number; total: number; complete: boolean };
  /** Letters home (致家长的一封信) published this semester. */
  letters: NoticeFigures;
  /** Flags not acknowledged (or with new cases since), and acknowledged ones. */
  flagsOpen: number;
  flagsAcknowledged: number;
  /** How the semester's cases ended, with the share found 恶意/虚假 ('<3' rule). */
  outcomes?: TipOutcomeFigures;
}

export interface DistrictDashboardResponse {
  districtId: string;
  districtName: string;
  semester: SemesterInfo;
  semesters: SemesterOption[];
  asOf: IsoDateTime;
  totals: {
    schools: number;
    tips: Count;
    withinDeadlineShare: number | null;
    overdue: Count;
    escalatedToDistrict: Count;
    schoolsSetUp: number;
    flagsOpen: number;
    /** The district's cases of the semester by outcome, with the share found 恶意/虚假. */
    outcomes?: TipOutcomeFigures;
  };
  /** Schools needing attention first: open flags, then overdue cases, then the least set-up, then by name. */
  schools: DistrictDashboardSchool[];
  /** Open flags first, then acknowledged ones. */
  flags: SupervisionFlag[];
}
