import { formatMonthDayTime } from '../time';
import type { IsoDateTime } from './common';

/**
 * What the reporter sees of how the school handled their report (处理记录), read from the audit chain: who at the
 * school opened it and when, by role (欺凌防治负责人 于 11月30日 09:12 查看了你的举报), who acknowledged it, each
 * automatic escalation, onward reports, closing and reopening. The school chooses whether the reporter also sees
 * names (`ReporterViewSettings.showStaffNames`, off by default: roles only). Nothing here says anything about the
 * reporter; it is shown only to whoever holds the receipt.
 */
export const ReporterTrailKind = {
  VIEWED: 'viewed',
  ACKNOWLEDGED: 'acknowledged',
  ESCALATED_PRINCIPAL: 'escalated_principal',
  ESCALATED_DISTRICT: 'escalated_district',
  REPORTED_ONWARD: 'reported_onward',
  CLOSED: 'closed',
  REOPENED: 'reopened',
} as const;
export type ReporterTrailKind = (typeof ReporterTrailKind)[keyof typeof ReporterTrailKind];

/** The words after who did it, for each kind of step. */
export const REPORTER_TRAIL_TEXT: Record<ReporterTrailKind, string> = {
  viewed: '查看了你的举报',
  acknowledged: '受理了你的举报',
  escalated_principal: '学校未在期限内受理，已自动报告校长',
  escalated_district: '仍未受理，已自动报告区县教育局',
  reported_onward: '已向教育部门续报',
  closed: '已结案',
  reopened: '重新打开了这件事，继续处理',
};

export interface ReporterTrailEvent {
  kind: ReporterTrailKind;
  at: IsoDateTime;
  /**
   * Who did it, as the reporter may see it: the role (欺凌防治负责人, 校长, 教育局工作人员 …), or "name（role）" when
   * the school shows names; null for what the system did by itself (an escalation).
   */
  who: string | null;
}

/** One line of the trail: "欺凌防治负责人 于 11月30日 09:12 查看了你的举报"; a system step has no one before 于. */
export function reporterTrailLine(e: ReporterTrailEvent): string {
  const when = formatMonthDayTime(e.at);
  return e.who ? `${e.who} 于 ${when} ${REPORTER_TRAIL_TEXT[e.kind]}` : `${when} ${REPORTER_TRAIL_TEXT[e.kind]}`;
}

/** A school's choice of what the reporter sees of its staff (GET/PUT /schools/{id}/reporter-view). */
export interface ReporterViewSettings {
  /** Show staff names beside their roles in the reporter's 处理记录 (default false: roles only). */
  showStaffNames: boolean;
}
