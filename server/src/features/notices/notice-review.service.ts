import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ErrorCode, Permission, type NoticeStaffDetail } from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { inTransaction } from '../../platform/database/transaction';
import { SchedulerService } from '../../platform/scheduler/scheduler.service';
import { AccessService } from '../tenancy/access.service';
import { NoticeAccess } from './notice-access';
import type { ReviewNoticeDto } from './notice-corrections.dto';
import { RECALLABLE, recallNotice } from './notice-recall';
import { needsPrincipalReview } from './notice-review-view';
import { NoticeViews } from './notice-views';
import { NoticeEntity } from './notice.entity';

/**
 * The principal's answer to a notice WeChat's content check marked `review` (it was published, and they were asked
 * to look): `keep` clears the mark; `recall` recalls the notice with the principal's note as the reason guardians
 * see. Principals only (NOTICE_REVIEW); another school's notice is a 404. Audited (`notice.reviewed`, and
 * `notice.recalled` for a recall) in the transaction that records the decision.
 */
@Injectable()
export class NoticeReviewService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly noticeAccess: NoticeAccess,
    private readonly access: AccessService,
    private readonly views: NoticeViews,
    private readonly scheduler: SchedulerService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async review(auth: AuthContext, noticeId: string, dto: ReviewNoticeDto): Promise<NoticeStaffDetail> {
    const view = await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_READ);
    const { notice, school } = view;
    this.noticeAccess.reach(auth, school, Permission.NOTICE_REVIEW, '通知');
    if (!needsPrincipalReview(notice)) {
      throw AppException.conflict(ErrorCode.NOTICE_STATE_INVALID, notice.reviewDecision ? '这条通知已经复核过了' : '这条通知没有需要校长查看的标记');
    }
    const note = dto.note ?? null;
    if (dto.decision === 'recall') {
      if (!note) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '提交的内容有误，请检查后重试', [{ field: 'note', problems: ['撤回时请填写原因，家长会看到这段话'] }]);
      if (!RECALLABLE.includes(notice.status)) throw AppException.conflict(ErrorCode.NOTICE_STATE_INVALID, '这条通知已经撤回');
    }
    await inTransaction(this.ds, async (m) => {
      const now = this.clock.now();
      const actorRole = this.access.actingRole(auth, school);
      const res = await m.createQueryBuilder().update(NoticeEntity)
        .set({ reviewDecision: dto.decision, reviewNote: note, reviewedBy: auth.userId, reviewedAt: now })
        .where('id = :id AND review_decision IS NULL', { id: notice.id }).execute();
      if (res.affected !== 1) throw AppException.conflict(ErrorCode.NOTICE_STATE_INVALID, '这条通知刚刚被复核过，请刷新后再看');
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole, action: 'notice.reviewed', targetType: 'notice', targetId: notice.id,
        details: { decision: dto.decision, note, contentHash: notice.contentHash, status: notice.status },
      });
      if (dto.decision === 'recall') {
        await recallNotice(m, { scheduler: this.scheduler, audit: this.audit }, { notice, userId: auth.userId, actorRole, reason: note!, now, details: { review: true } });
      }
    });
    return this.views.staffDetail(await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_READ));
  }
}
