import type { IsoDateTime } from './common';
import type { TipStatus } from './tips';
import type { Count } from '../small-counts';

/**
 * Triage of the tip box against misuse: the outcomes a case can close with besides a finding of bullying, merging a
 * duplicate into another case of the school, tip floods, and the rules the reporter is told once.
 *
 * Staff routes (all under /api/v1):
 *   POST /tips/{id}/triage                      TriageTipRequest → 200 TriageResult (closes the case with a triage outcome)
 *   POST /tips/{id}/merge                       MergeTipRequest → 200 TriageResult (closes it as 重复, pointing at the primary)
 *   GET  /tips/{id}/merge-targets               → 200 MergeTarget[] (other open cases of the same school)
 *   GET  /schools/{id}/tips/floods              → 200 TipFlood[] (the school's recent floods, with their open tips)
 *   POST /schools/{id}/tips/floods/{floodId}/batch  FloodBatchRequest → 200 FloodBatchResult (批量处理)
 */

/**
 * How a case ended. `confirmed`, `not_bullying` and `false_report` are the investigation's findings (`tips.decision`);
 * `false_report` IS the 恶意/虚假举报 outcome (a report known to be untrue, or made to hurt someone). `prank`,
 * `duplicate` and `referred` are triage outcomes: their finding is `not_bullying`, and the triage record says which.
 */
export const TipOutcome = {
  CONFIRMED: 'confirmed',
  NOT_BULLYING: 'not_bullying',
  FALSE_REPORT: 'false_report',
  PRANK: 'prank',
  DUPLICATE: 'duplicate',
  REFERRED: 'referred',
} as const;
export type TipOutcome = (typeof TipOutcome)[keyof typeof TipOutcome];
export const TIP_OUTCOME_LABELS: Record<TipOutcome, string> = {
  confirmed: '已认定欺凌',
  not_bullying: '不构成欺凌',
  false_report: '恶意/虚假举报',
  prank: '玩笑',
  duplicate: '重复',
  referred: '非欺凌-其他求助',
};
/** What each outcome means, shown beside the choice. */
export const TIP_OUTCOME_HINTS: Record<TipOutcome, string> = {
  confirmed: '调查认定构成欺凌',
  not_bullying: '调查认定不构成欺凌',
  false_report: '经核实内容不实，或是为了伤害他人而举报',
  prank: '恶作剧、测试或玩笑，没有需要处理的事情',
  duplicate: '与本校另一件举报说的是同一件事，合并处理',
  referred: '不是欺凌，但需要其他帮助（心理、家庭、安全等），已转介',
};

/** The outcomes a contact can close a case with directly, without the investigation's status steps. */
export type TriageOutcome = 'false_report' | 'prank' | 'referred';
export const TRIAGE_OUTCOMES: readonly TriageOutcome[] = ['false_report', 'prank', 'referred'];
/** Triage outcomes recorded beside the finding (their finding is `not_bullying`). */
export type TriageRecordOutcome = 'prank' | 'duplicate' | 'referred';

/** The finding (`tips.decision`) each triage outcome closes with. */
export const TRIAGE_DECISION: Record<TriageOutcome | 'duplicate', TipStatus> = {
  false_report: 'false_report',
  prank: 'not_bullying',
  duplicate: 'not_bullying',
  referred: 'not_bullying',
};

/** A case's outcome from its finding and its triage record (none for the findings of an investigation). */
export function tipOutcome(decision: TipStatus | null, triage: TriageRecordOutcome | null | undefined): TipOutcome | null {
  if (triage) return triage;
  if (decision === 'confirmed' || decision === 'not_bullying' || decision === 'false_report') return decision;
  return null;
}

/** Stored and shown with a case closed as 恶意/虚假举报, and written in the ledger: nobody named in it was acted against. */
export const NO_ACTION_STATEMENT = '经核实为恶意/虚假举报，未对举报中涉及的人员采取任何处理措施，也不会因此记录在案。';

/** 转介到哪里 (where a 非欺凌-其他求助 case was referred): required for that outcome. */
export const TRIAGE_LIMITS = { referredToMax: 200, batchMax: 500 } as const;

/**
 * A tip flood: more than `TIP_FLOOD_THRESHOLD` tips to one school within an hour. While a flood lasts, and for
 * `TIP_FLOOD_TIGHTEN_HOURS` after its last tip, the school's submission limit is `TIPS_PER_HOUR_IN_FLOOD` per reporter
 * instead of the usual 5 (other schools keep theirs).
 */
export const TIP_FLOOD_THRESHOLD = 30;
export const TIP_FLOOD_WINDOW_MINUTES = 60;
export const TIP_FLOOD_TIGHTEN_HOURS = 2;
export const TIPS_PER_HOUR_IN_FLOOD = 1;

/** The inbox heading of a flood's group. */
export function floodGroupTitle(count: number): string {
  return `1小时内收到 ${count} 条举报`;
}

/**
 * What the reporter is told once, before their first report (the form shows it as a card; the 我现在有危险 path never
 * waits for it).
 */
export const REPORTER_RULES = {
  title: '提交前请读一读',
  points: [
    '你的举报受保护：学校看不到你是谁，不会因为举报而追查你。',
    '如果你说的是真的，哪怕不完整、不确定，也请放心提交。',
    '明知是假的、为了伤害别人而编造的举报，不是这个信箱的用途；经核实为恶意举报的，不会对被提到的同学采取任何处理。',
    '如果你现在有危险，请直接点「我现在有危险」或拨打 110。',
  ],
  confirm: '我知道了',
} as const;

// ---------------------------------------------------------------- requests and answers

export interface TriageTipRequest {
  version: number;
  outcome: TriageOutcome;
  /** 处理结果 (staff only, TIP_LIMITS.outcomeMax); defaults to the outcome's label. */
  note?: string;
  /** 非欺凌-其他求助: where the case was referred (e.g. 心理辅导室, 社区民警). Required for `referred`. */
  referredTo?: string;
}

export interface MergeTipRequest {
  version: number;
  /** An open case of the same school (another school's: 404). */
  primaryTipId: string;
}

/** The triage record of a closed case (staff side). */
export interface TipTriageInfo {
  outcome: TipOutcome;
  outcomeLabel: string;
  /** 重复: the case it was merged into. */
  mergedIntoId: string | null;
  /** 非欺凌-其他求助: where it was referred. */
  referredTo: string | null;
  /** 恶意/虚假举报: NO_ACTION_STATEMENT. */
  statement: string | null;
  at: IsoDateTime;
}

export interface TriageResult {
  tipId: string;
  status: TipStatus;
  triage: TipTriageInfo;
  version: number;
}

/** Another open case of the school a tip can be merged into (no content: opening it is audited). */
export interface MergeTarget {
  id: string;
  category: string;
  status: TipStatus;
  submittedAt: IsoDateTime;
}

export interface TipFlood {
  id: string;
  schoolId: string;
  startedAt: IsoDateTime;
  lastTipAt: IsoDateTime;
  /** Tips filed in the flood (all of them, open or not). */
  tipCount: number;
  /** 1小时内收到 N 条举报. */
  title: string;
  /** The open tips of the flood the caller may handle, oldest first. */
  openTipIds: string[];
  /** The school's submission limit is tightened until then. */
  tightenedUntil: IsoDateTime;
}

export type FloodBatchAction = 'acknowledge' | 'false_report' | 'prank' | 'duplicate';
export const FLOOD_BATCH_LABELS: Record<FloodBatchAction, string> = {
  acknowledge: '全部受理',
  false_report: '标为恶意/虚假',
  prank: '标为玩笑',
  duplicate: '合并为重复',
};

export interface FloodBatchRequest {
  action: FloodBatchAction;
  /** The flood's tips to act on (each must belong to the flood; each is audited on its own). */
  tipIds: string[];
  /** For `duplicate`: the open case they are merged into. */
  primaryTipId?: string;
}

export interface FloodBatchResult {
  done: number;
  /** Tips skipped because they were already closed (or acknowledged, for `acknowledge`). */
  skipped: number;
}

/** Triage counts of a school or district: how many cases closed with each outcome ('<3' rule for outsiders). */
export type TipOutcomeCounts = Record<TipOutcome, Count>;

/** The outcomes of the cases filed in a period, with the share found 恶意/虚假 (null when too few to show). */
export interface TipOutcomeFigures {
  byOutcome: TipOutcomeCounts;
  /** Cases with an outcome. */
  decided: Count;
  /** 恶意/虚假举报 among the cases with an outcome (0–1); null with nothing decided or, for outsiders, a count of 1 or 2. */
  falseReportShare: number | null;
}

/** The reporter's view of a merged case: the primary case's status, and this sentence. */
export const MERGED_NOTE = '你的举报与另一份关于同一件事的举报合并处理，这里显示的是合并后案件的进展。你仍可以在这里留言。';
