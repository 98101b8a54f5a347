import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { NoticeListItem, NoticeProgress, NoticeStaffDetail } from '@anxin/shared';
import { iso, isoRequired } from '../../platform/database/dates';
import { OutboxEntity } from '../../platform/outbox/outbox.entity';
import { UserEntity } from '../identity/user.entity';
import type { StaffNotice } from './notice-access';
import { correctionRefs } from './notice-chain';
import { needsPrincipalReview, reviewView } from './notice-review-view';
import { schoolClasses } from './notice-audience';
import { NoticeCounters, type CountsWithAnswers } from './notice-counts';
import { NoticeReceiptEntity } from './notice-receipt.entity';
import { ReceiptTallies } from './notice-receipt-tallies';
import type { NoticeEntity } from './notice.entity';
import { chunks } from '../../platform/database/in-lists';

const n = (v: unknown) => Number(v ?? 0);

/**
 * Reads that several notice services share: the staff view of a notice, the fan-out's progress, and the receipt
 * counts (over all of a notice's classes, or over the classes a teacher may see).
 */
@Injectable()
export class NoticeViews {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly counters: NoticeCounters, private readonly tallies: ReceiptTallies) {}

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

  /** 已发送 x / N: receipts made (the totals row of the class counts) of the recipients counted when the fan-out started. */
  async progress(notice: NoticeEntity, m: EntityManager = this.ds.manager): Promise<NoticeProgress> {
    const sent = notice.status === 'draft' || notice.status === 'scheduled' ? 0 : await this.counters.recipients(m, notice.id);
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
   * a choice question. Delivered: WeChat accepted the message, or the guardian opened the notice. The class rows are
   * the summary kept with the receipts (`notice_class_counts`, `NoticeCounters`, settled first); with `allClasses` (the caller sees
   * every class the notice reaches) so are the totals. A caller who sees some classes only gets totals counted from
   * the receipts of those classes (a guardian with children in two of them counts once): a few classes' receipts.
   */
  async counts(
    noticeId: string, classIds: string[], options: number, allClasses = false,
  ): Promise<{ byClass: Map<string, CountsWithAnswers>; totals: CountsWithAnswers }> {
    const empty = (): CountsWithAnswers => ({
      recipients: 0, delivered: 0, read: 0, confirmed: 0, signed: 0, answered: 0, acknowledged: 0, answers: Array(options).fill(0),
    });
    if (!classIds.length) return { byClass: new Map(), totals: empty() };
    // Guardians' changes still to be tallied are tallied first: the counts read next hold every committed one.
    await this.tallies.settle([noticeId]);
    const stored = await this.counters.read(this.ds.manager, noticeId, classIds, options);
    if (allClasses) return { byClass: stored.byClass, totals: stored.totals ?? empty() };
    const { totals } = await this.counters.fromReceipts(this.ds.manager, noticeId, classIds, options, false);
    return { byClass: stored.byClass, totals };
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
