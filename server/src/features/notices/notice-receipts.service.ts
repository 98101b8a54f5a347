import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { GuardianNoticeListResponse } from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { iso, isoRequired } from '../../platform/database/dates';
import type { GuardianNoticeListQueryDto } from './notice-guardian.dto';
import { NoticeGuardianDetails } from './notice-guardian-details';
import { NoticeReceiptEntity } from './notice-receipt.entity';
import { GUARDIAN_VISIBLE } from './notice-receipt-writes';
import { NoticeEntity } from './notice.entity';

/**
 * The guardian's list of notices: only their own receipts (every query is keyed by the caller's user id). Opening,
 * confirming, signing and answering are `NoticeReceiptWrites`. What a guardian does is kept as the day it was done
 * (Asia/Shanghai, `receiptDay`), never the time of day, and is not written to the audit chain one by one: an entry
 * naming the guardian at the second would sit beside a tip they file next.
 */
@Injectable()
export class NoticeReceiptsService {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly views: NoticeGuardianDetails) {}

  /** Pinned warnings first, then unread, then newest; optionally only those about one child. */
  async list(auth: AuthContext, q: GuardianNoticeListQueryDto): Promise<GuardianNoticeListResponse> {
    const base = () => {
      const qb = this.ds.getRepository(NoticeReceiptEntity).createQueryBuilder('r').innerJoin(NoticeEntity, 'n', 'n.id = r.notice_id')
        .where('r.guardian_user_id = :me', { me: auth.userId }).andWhere('n.status IN (:...visible)', { visible: GUARDIAN_VISIBLE })
        // A corrected notice gives way to its correction once the guardian holds a receipt of that (one item, not two).
        .andWhere('NOT EXISTS (SELECT 1 FROM notice_receipts rc WHERE rc.notice_id = n.corrected_by AND rc.guardian_user_id = r.guardian_user_id)');
      if (q.studentId) qb.andWhere('EXISTS (SELECT 1 FROM notice_receipt_students x WHERE x.receipt_id = r.id AND x.student_id = :sid)', { sid: q.studentId });
      return qb;
    };
    const total = await base().getCount();
    const unread = await base().andWhere("r.read_on IS NULL AND n.status <> 'recalled'").getCount();
    const receipts = await base()
      .addSelect(`CASE WHEN n.kind = 'warning' AND n.status = 'published' AND n.corrected_by IS NULL AND r.acknowledged_on IS NULL THEN 0
        WHEN r.read_on IS NULL AND n.status <> 'recalled' THEN 1 ELSE 2 END`, 'list_order')
      .orderBy('list_order', 'ASC').addOrderBy('r.created_at', 'DESC').addOrderBy('r.id', 'ASC')
      .limit(q.limit ?? 20).offset(q.offset ?? 0).getMany();
    const notices = new Map((receipts.length ? await this.ds.getRepository(NoticeEntity).find({ where: { id: In(receipts.map((r) => r.noticeId)) } }) : []).map((n) => [n.id, n]));
    const schools = await this.views.schoolNames([...notices.values()].map((n) => n.schoolId));
    const children = await this.views.children(this.ds.manager, receipts.map((r) => r.id));
    return {
      total, unread,
      items: receipts.map((r) => {
        const n = notices.get(r.noticeId)!;
        const acknowledged = r.acknowledgedOn !== null;
        return {
          id: n.id, kind: n.kind, title: n.title, schoolName: schools.get(n.schoolId) ?? '', status: n.status, confirmMode: n.confirmMode,
          publishedAt: isoRequired(n.publishedAt ?? r.createdAt), confirmDeadline: iso(n.confirmDeadline), children: children.get(r.id) ?? [],
          read: r.readOn !== null, acknowledged, pinned: n.kind === 'warning' && n.status === 'published' && !n.correctedBy && !acknowledged,
          correctionOf: n.correctionOf, corrected: !!n.correctedBy,
        };
      }),
    };
  }
}
