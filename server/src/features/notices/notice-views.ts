import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { NoticeCounts, NoticeListItem, NoticeProgress, NoticeStaffDetail } from '@anxin/shared';
import { iso, isoRequired } from '../../platform/database/dates';
import { OutboxEntity } from '../../platform/outbox/outbox.entity';
import { UserEntity } from '../identity/user.entity';
import type { StaffNotice } from './notice-access';
import { correctionRefs } from './notice-chain';
import { needsPrincipalReview, reviewView } from './notice-review-view';
import { schoolClasses } from './notice-audience';
import { NoticeReceiptEntity } from './notice-receipt.entity';
import type { NoticeEntity } from './notice.entity';
import { chunks } from '../../platform/database/in-lists';

const n = (v: unknown) => Number(v ?? 0);

/**
 * Reads that several notice services share: the staff view of a notice, the fan-out's progress, and the receipt
 * counts (over all of a notice's classes, or over the classes a teacher may see).
 */
@Injectable()
export class NoticeViews {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async staffDetail(view: StaffNotice, m: EntityManager = this.ds.manager): Promise<NoticeStaffDetail> {
    const { notice } = view;
    const [classes, author, progress, chain, review] = await Promise.all([
      schoolClasses(m, notice.schoolId, view.classIds),
      m.findOne(UserEntity, { where: { id: notice.createdBy } }),
      this.progress(notice, m),
      correctionRefs(m, notice),
      reviewView(m, notice),
    ]);
    return {
      id: notice.id, schoolId: notice.schoolId, kind: notice.kind, title: notice.title, body: notice.body, confirmMode: notice.confirmMode,
      question: notice.question, confirmDeadline: iso(notice.confirmDeadline),
      audience: { scope: notice.audienceScope, ids: notice.audienceIds, classes: classes.map((c) => ({ id: c.id, name: c.name })) },
      status: notice.status, contentHash: notice.contentHash, contentCheck: notice.contentCheck, needsPrincipalReview: needsPrincipalReview(notice),
      createdBy: { id: notice.createdBy, name: author?.displayName ?? '' }, createdAt: isoRequired(notice.createdAt), updatedAt: isoRequired(notice.updatedAt),
      scheduledAt: iso(notice.scheduledAt), publishedAt: iso(notice.publishedAt), closedAt: iso(notice.closedAt), recalledAt: iso(notice.recalledAt),
      recallReason: notice.recallReason, progress, canManage: view.canManage,
      correctionOf: chain.correctionOf, correctionNote: notice.correctionNote, correctedBy: chain.correctedBy, review,
    };
  }

  /** 已发送 x / N: receipts made of the recipients counted when the fan-out started. */
  async progress(notice: NoticeEntity, m: EntityManager = this.ds.manager): Promise<NoticeProgress> {
    const sent = notice.status === 'draft' || notice.status === 'scheduled' ? 0 : await m.count(NoticeReceiptEntity, { where: { noticeId: notice.id } });
    return { expected: notice.fanoutTotal, sent, done: notice.fanoutDoneAt !== null };
  }

  listItem(notice: NoticeEntity, counts: { recipients: number; acknowledged: number } | undefined): NoticeListItem {
    return {
      id: notice.id, kind: notice.kind, title: notice.title, status: notice.status, confirmMode: notice.confirmMode,
      createdAt: isoRequired(notice.createdAt), scheduledAt: iso(notice.scheduledAt), publishedAt: iso(notice.publishedAt),
      confirmDeadline: iso(notice.confirmDeadline), needsPrincipalReview: needsPrincipalReview(notice),
      recipients: counts?.recipients ?? 0, acknowledged: counts?.acknowledged ?? 0,
      correctionOf: notice.correctionOf, correctedBy: notice.correctedBy, reviewDecision: notice.reviewDecision,
    };
  }

  /**
   * Receipts and how many are acknowledged, per notice: all receipts, or (`classIds`) those naming a child in one of
   * those classes (a guardian counts once however many children).
   */
  async listCounts(noticeIds: string[], classIds: string[] | null): Promise<Map<string, { recipients: number; acknowledged: number }>> {
    const out = new Map<string, { recipients: number; acknowledged: number }>();
    if (!noticeIds.length || (classIds && !classIds.length)) return out;
    for (const ids of chunks(noticeIds)) {
      const qb = this.ds.createQueryBuilder().from(NoticeReceiptEntity, 'r')
        .select('r.notice_id', 'noticeId').addSelect('COUNT(*)', 'recipients')
        .addSelect('SUM(CASE WHEN r.acknowledged_on IS NULL THEN 0 ELSE 1 END)', 'acknowledged')
        .where('r.notice_id IN (:...ids)', { ids }).groupBy('r.notice_id');
      if (classIds) qb.andWhere('EXISTS (SELECT 1 FROM notice_receipt_students x WHERE x.receipt_id = r.id AND x.class_id IN (:...classIds))', { classIds });
      for (const row of await qb.getRawMany()) out.set(row.noticeId, { recipients: n(row.recipients), acknowledged: n(row.acknowledged) });
    }
    return out;
  }

  /**
   * The counts of one notice per class (`byClass`) and over the classes together, with the tally of each choice of
   * a choice question. Delivered: WeChat accepted the message, or the guardian opened the notice. With `allClasses`
   * (the caller sees every class the notice reaches) the totals are read from the notice's receipts themselves, each
   * row once (every receipt names a child in one of those classes), instead of through the children in the classes:
   * half the work at 100,000 receipts.
   */
  async counts(
    noticeId: string, classIds: string[], options: number, allClasses = false,
  ): Promise<{ byClass: Map<string, NoticeCounts & { answers: number[] }>; totals: NoticeCounts & { answers: number[] } }> {
    const byClass = new Map<string, NoticeCounts & { answers: number[] }>();
    const empty = (): NoticeCounts & { answers: number[] } => ({
      recipients: 0, delivered: 0, read: 0, confirmed: 0, signed: 0, answered: 0, acknowledged: 0, answers: Array(options).fill(0),
    });
    if (!classIds.length) return { byClass, totals: empty() };
    const outbox = this.ds.getMetadata(OutboxEntity).tableName;
    /** The counted columns; `count(cond)` counts the receipts meeting `cond` (all of them without one). */
    const columns = (count: (cond?: string) => string) => [
      `${count()} AS recipients`,
      `${count('(r.read_on IS NOT NULL OR o.id IS NOT NULL)')} AS delivered`,
      `${count('r.read_on IS NOT NULL')} AS read_count`,
      `${count('r.confirmed_on IS NOT NULL')} AS confirmed`,
      `${count('r.signed_on IS NOT NULL')} AS signed`,
      `${count('r.answered_on IS NOT NULL')} AS answered`,
      `${count('r.acknowledged_on IS NOT NULL')} AS acknowledged`,
      // choices are stored as ",0,2,": the option indices are digits, so LIKE matches exactly one option
      ...Array.from({ length: options }, (_, i) => `${count(`r.answer_choices LIKE '%,${i},%'`)} AS a${i}`),
    ].join(', ');
    // A guardian with two children in the classes is two rows of the join: each receipt counted once.
    const distinct = (cond?: string) => (cond ? `COUNT(DISTINCT CASE WHEN ${cond} THEN r.id END)` : 'COUNT(DISTINCT r.id)');
    const once = (cond?: string) => (cond ? `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)` : 'COUNT(*)');
    const sent = `LEFT JOIN ${outbox} o ON o.dedupe_key = r.message_key AND o.status = 'sent'`;
    const from = `FROM notice_receipt_students rs JOIN notice_receipts r ON r.id = rs.receipt_id ${sent}
      WHERE rs.notice_id = ? AND rs.class_id IN (${classIds.map(() => '?').join(', ')})`;
    const read = (row: Record<string, unknown>) => ({
      recipients: n(row.recipients), delivered: n(row.delivered), read: n(row.read_count), confirmed: n(row.confirmed), signed: n(row.signed),
      answered: n(row.answered), acknowledged: n(row.acknowledged), answers: Array.from({ length: options }, (_, i) => n(row[`a${i}`])),
    });
    const params = [noticeId, ...classIds];
    for (const row of await this.ds.query(`SELECT rs.class_id AS class_id, ${columns(distinct)} ${from} GROUP BY rs.class_id`, params)) {
      byClass.set(row.class_id, read(row));
    }
    const [total] = allClasses
      ? await this.ds.query(`SELECT ${columns(once)} FROM notice_receipts r ${sent} WHERE r.notice_id = ?`, [noticeId])
      : await this.ds.query(`SELECT ${columns(distinct)} ${from}`, params);
    return { byClass, totals: total ? read(total) : empty() };
  }

  /** Which of these receipts' messages WeChat has accepted. */
  async deliveredKeys(messageKeys: string[], m: EntityManager = this.ds.manager): Promise<Set<string>> {
    const out = new Set<string>();
    for (const keys of chunks(messageKeys)) {
      const rows = await m.find(OutboxEntity, { where: { dedupeKey: In(keys), status: 'sent' }, select: { dedupeKey: true } });
      for (const r of rows) out.add(r.dedupeKey);
    }
    return out;
  }
}
