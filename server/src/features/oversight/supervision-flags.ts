import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import {
  ackMissedHours, countText, investigationLate, previousSemester, SUPERVISION_ACK_HOURS, SUPERVISION_RULE_TITLES, SUPERVISION_RULES, suppressCount,
  type SchoolYearCalendar, type Semester, type SupervisionFlag, type SupervisionRule, compareNames,
} from '@anxin/shared';
import { UserEntity } from '../identity/user.entity';
import type { SchoolEntity } from '../tenancy/school.entity';
import { confirmedCounts, emptyWindowTally, escalatedCases, windowTally, type EscalatedCase, type WindowTally } from '../tips/tip-figures';
import { SupervisionFlagAckEntity } from './supervision-flag-ack.entity';

/** The key of a flag: the rule, the school and the semester it is about (SUPERVISION_FLAG_KEY_PATTERN). */
export function flagKey(rule: SupervisionRule, schoolId: string, semesterKey: string): string {
  return `${rule}.${schoolId}.${semesterKey}`;
}

/** A flag with the exact count behind it (for sorting and for the acknowledgement's record; never sent). */
export interface RaisedFlag {
  flag: SupervisionFlag;
  exactCount: number;
  open: boolean;
}

type School = Pick<SchoolEntity, 'id' | 'name'>;

/**
 * The supervision flags of the policy, for a district's schools in one semester. Each rule reads the tips through
 * tip-figures.ts (the tip clock of shared/src/tip-rules.ts):
 * - `repeat_confirmed`: two or more cases filed this semester where the investigation found bullying (a school where
 *   bullying happened twice in a semester has its leadership reviewed);
 * - `consecutive_semesters`: bullying found in cases of this semester and of the one before;
 * - `late_ack_12h`: a tip of this semester not acknowledged within 12 hours of receipt (ackMissedHours);
 * - `investigation_15d`: an investigation of this semester past its 15-day deadline (investigationLate).
 * A flag lists the cases behind it only when they were escalated to the district (an officer may open those; each
 * opening is audited); the others are counted, and every count shown follows small-counts.ts (a district officer is
 * never one of a school's case handlers).
 */
@Injectable()
export class SupervisionFlags {
  /**
   * The flags raised for these schools in `semester`. `tally`: the schools' tip counts of the semester, when the caller
   * has them already (the district dashboard); otherwise they are counted here.
   */
  async forSchools(
    m: EntityManager, districtId: string, schools: readonly School[], calendar: readonly SchoolYearCalendar[], semester: Semester, now: Date,
    tally?: ReadonlyMap<string, WindowTally>,
  ): Promise<RaisedFlag[]> {
    if (!schools.length) return [];
    const ids = schools.map((s) => s.id);
    const before = previousSemester(calendar, semester);
    const byId = (rows: (WindowTally & { schoolId: string })[]) => new Map(rows.map((r) => [r.schoolId, r as WindowTally]));
    const current = tally ?? byId(await windowTally(m, ids, semester, ['school_id'], now));
    const none = emptyWindowTally();
    // The semester before matters only where bullying was found this semester (consecutive semesters).
    const confirmedNow = ids.filter((id) => (current.get(id) ?? none).confirmed > 0);
    const [previous, escalated, acks] = await Promise.all([
      confirmedCounts(m, confirmedNow, before),
      escalatedCases(m, ids, { from: before.from, until: semester.until }),
      m.find(SupervisionFlagAckEntity, { where: { districtId, semesterKey: semester.key, schoolId: In(ids) } }),
    ]);
    const ackOf = new Map(acks.map((a) => [a.flagKey, a]));
    const ackers = acks.length ? await m.find(UserEntity, { where: { id: In([...new Set(acks.map((a) => a.ackedBy))]) }, select: { id: true, displayName: true } }) : [];
    const inSemester = (c: EscalatedCase, s: Semester) => c.submittedAt >= s.from && c.submittedAt < s.until;
    const c = (n: number) => countText(suppressCount(n, false));

    const out: RaisedFlag[] = [];
    for (const school of schools) {
      const t = current.get(school.id) ?? none;
      const p = { confirmed: previous.get(school.id) ?? 0 };
      const mine = escalated.filter((x) => x.schoolId === school.id);
      const nowCases = mine.filter((x) => inSemester(x, semester));
      const confirmed = (x: EscalatedCase) => x.decision === 'confirmed';
      const raised: [SupervisionRule, number, EscalatedCase[], string][] = [];
      if (t.confirmed >= 2) {
        raised.push(['repeat_confirmed', t.confirmed, nowCases.filter(confirmed),
          `${semester.label}该校已认定欺凌事件 ${c(t.confirmed)} 起。同一学期发生两起及以上欺凌事件的学校，须对学校领导班子进行约谈和评议。`]);
      }
      if (t.confirmed >= 1 && p.confirmed >= 1) {
        raised.push(['consecutive_semesters', p.confirmed + t.confirmed, mine.filter(confirmed),
          `该校上一学期（${before.label}）已认定欺凌事件 ${c(p.confirmed)} 起，本学期又认定 ${c(t.confirmed)} 起，连续两个学期发生欺凌，须督促学校整改并跟踪复查。`]);
      }
      if (t.ackMissed >= 1) {
        raised.push(['late_ack_12h', t.ackMissed, nowCases.filter((x) => ackMissedHours(x, SUPERVISION_ACK_HOURS, now)),
          `${semester.label}该校有 ${c(t.ackMissed)} 条举报在提交后 ${SUPERVISION_ACK_HOURS} 小时内未被受理，须督促学校落实欺凌防治负责人的受理责任。`]);
      }
      if (t.investigationsLate >= 1) {
        raised.push(['investigation_15d', t.investigationsLate, nowCases.filter((x) => investigationLate(x, now)),
          `${semester.label}该校有 ${c(t.investigationsLate)} 起事件的调查超过 15 天的期限仍未办结或逾期办结，须督促学校按时完成调查认定。`]);
      }
      for (const [rule, count, linked, explanation] of raised) {
        const key = flagKey(rule, school.id, semester.key);
        const ack = ackOf.get(key);
        const newSince = !!ack && count > ack.countAtAck;
        linked.sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
        out.push({
          exactCount: count,
          open: !ack || newSince,
          flag: {
            key, rule, schoolId: school.id, schoolName: school.name, semesterKey: semester.key, title: SUPERVISION_RULE_TITLES[rule], explanation,
            count: suppressCount(count, false),
            cases: linked.map((x) => ({ tipId: x.id, category: x.category, status: x.status, submittedAt: x.submittedAt.toISOString() })),
            otherCases: suppressCount(count - linked.length, false),
            acknowledged: ack ? {
              note: ack.note, by: ackers.find((u) => u.id === ack.ackedBy)?.displayName ?? '', at: new Date(ack.ackedAt).toISOString(), newSince,
            } : null,
          },
        });
      }
    }
    const order = (f: RaisedFlag) => SUPERVISION_RULES.indexOf(f.flag.rule);
    return out.sort((a, b) => Number(b.open) - Number(a.open) || order(a) - order(b) || compareNames(a.flag.schoolName, b.flag.schoolName));
  }
}
