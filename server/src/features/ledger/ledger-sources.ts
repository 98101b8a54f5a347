import { Between, In, LessThan, Not, IsNull, type EntityManager } from 'typeorm';
import { formatDate, NoticeKind, type LedgerSource } from '@anxin/shared';
import { AuditEntryEntity } from '../../platform/audit/audit-entry.entity';
import { NoticeEntity } from '../notices/notice.entity';
import { PledgeSignatureEntity } from '../pledges/pledge-signature.entity';
import { PledgeEntity } from '../pledges/pledge.entity';
import { SurveyEntity } from '../surveys/survey.entity';
import { designatedContactId } from '../tenancy/designated-contact';
import type { SchoolEntity } from '../tenancy/school.entity';
import { TipEntity } from '../tips/tip.entity';

/** Evidence Anxin knows of by itself, read from another feature's tables when the ledger is computed. */
export interface AutoEvidence {
  source: LedgerSource;
  /** When it happened. */
  at: Date;
  title: string;
  description: string;
  /** The app page of the record. */
  link: string | null;
}

/** What a source is asked: the school, and the window [from, until) the evidence must fall in (and not after `now`). */
export interface SourceQuery {
  school: SchoolEntity;
  from: Date;
  until: Date;
  now: Date;
}

type EvidenceSource = (m: EntityManager, q: SourceQuery) => Promise<AutoEvidence[]>;

/** The latest of two moments that bound a window's end: the window's own end, or now (nothing from the future). */
const end = (q: SourceQuery) => new Date(Math.min(q.until.getTime(), q.now.getTime() + 1));

/**
 * The registry of evidence sources (one per LedgerSource). Each reads only; none of those features' files is
 * touched. A letter home published (notices, kind letter); a survey opened (surveys); the school year's pledge with
 * its signatures (pledges); the designated contact and phone published (tenancy, dated by the last 更换负责人 audit
 * entry, else the school's creation); a test tip sent (tips, with its acknowledgement).
 */
export const EVIDENCE_SOURCES: Record<LedgerSource, EvidenceSource> = {
  letter: async (m, q) => {
    const rows = await m.find(NoticeEntity, {
      where: { schoolId: q.school.id, kind: NoticeKind.LETTER, status: In(['published', 'closed']), publishedAt: Between(q.from, new Date(end(q).getTime() - 1)) },
      select: { id: true, title: true, publishedAt: true }, order: { publishedAt: 'ASC' },
    });
    return rows.map((n) => ({
      source: 'letter' as const, at: n.publishedAt!, title: n.title, description: `发布致家长的一封信《${n.title}》`,
      link: `/subpackages/staff-notices/stats/index?id=${n.id}`,
    }));
  },
  survey: async (m, q) => {
    const rows = await m.find(SurveyEntity, {
      where: { schoolId: q.school.id, opensAt: Between(q.from, new Date(end(q).getTime() - 1)) },
      select: { id: true, title: true, opensAt: true, closesAt: true, classIds: true }, order: { opensAt: 'ASC' },
    });
    return rows.map((s) => ({
      source: 'survey' as const, at: s.opensAt, title: s.title,
      description: `发起问卷调查《${s.title}》，覆盖 ${s.classIds.length} 个班级，${formatDate(s.opensAt)} 至 ${formatDate(s.closesAt)}`,
      link: `/subpackages/staff-surveys/detail/index?id=${s.id}`,
    }));
  },
  pledge: async (m, q) => {
    const rows = await m.find(PledgeEntity, {
      where: { schoolId: q.school.id, createdAt: Between(q.from, new Date(end(q).getTime() - 1)) },
      select: { id: true, schoolYear: true, createdAt: true, deadline: true }, order: { createdAt: 'ASC' },
    });
    const out: AutoEvidence[] = [];
    for (const p of rows) {
      const signed = await m.count(PledgeSignatureEntity, { where: { pledgeId: p.id } });
      out.push({
        source: 'pledge', at: p.createdAt, title: `${p.schoolYear}学年防欺凌承诺书`,
        description: `发起${p.schoolYear}学年防欺凌承诺书，截止 ${p.deadline}，已收到 ${signed} 份签署`,
        link: `/subpackages/staff-pledges/detail/index?id=${p.id}`,
      });
    }
    return out;
  },
  contact: async (m, q) => {
    const s = q.school;
    if (!s.contactName || !s.contactPhone || !(await designatedContactId(m, s))) return [];
    const named = await m.findOne(AuditEntryEntity, {
      where: { schoolId: s.id, action: 'contact.changed', at: LessThan(end(q)) }, order: { seq: 'DESC' }, select: { id: true, at: true },
    });
    const at = named?.at ?? s.createdAt;
    if (at >= end(q)) return [];
    return [{
      source: 'contact', at, title: '欺凌防治负责人及电话已公布',
      description: `负责人 ${s.contactName}，电话 ${s.contactPhone}（家长在学校名片和举报页可见）`, link: '/subpackages/staff/school/index',
    }];
  },
  test_tip: async (m, q) => {
    const rows = await m.find(TipEntity, {
      where: { schoolId: q.school.id, isTest: true, submittedAt: Between(q.from, new Date(end(q).getTime() - 1)), acknowledgedAt: Not(IsNull()) },
      select: { id: true, submittedAt: true, acknowledgedAt: true }, order: { submittedAt: 'ASC' },
    });
    return rows.map((t) => ({
      source: 'test_tip' as const, at: t.submittedAt, title: '测试举报',
      description: `发送测试举报，负责人于 ${formatDate(t.acknowledgedAt)} 受理`, link: `/subpackages/staff-tips/detail/index?id=${t.id}`,
    }));
  },
};
