import type { EntityManager } from 'typeorm';
import { ErrorCode } from '@anxin/shared';
import type { AuditService } from '../../platform/audit/audit.service';
import { AppException } from '../../platform/common/errors/app.exception';
import type { SchedulerService } from '../../platform/scheduler/scheduler.service';
import { NoticeEntity } from './notice.entity';

/** Statuses a notice may be recalled from. */
export const RECALLABLE: readonly string[] = ['published', 'closed', 'scheduled'];

/**
 * Recalls `notice` inside the caller's transaction: the status moves only from the one the caller read (409 if it
 * changed meanwhile), the pending scheduler actions are cancelled, and `notice.recalled` is audited with the reason
 * and the previous status. Guardians then see the reason instead of the content. The one owner of what a recall is,
 * whether the author recalls or the principal does after reviewing it.
 */
export async function recallNotice(
  m: EntityManager,
  deps: { scheduler: SchedulerService; audit: AuditService },
  args: { notice: NoticeEntity; userId: string; actorRole: string | null; reason: string; now: Date; details?: Record<string, unknown> },
): Promise<void> {
  const { notice } = args;
  const res = await m.createQueryBuilder().update(NoticeEntity)
    .set({ status: 'recalled', recalledAt: args.now, recalledBy: args.userId, recallReason: args.reason })
    .where('id = :id AND status = :status', { id: notice.id, status: notice.status }).execute();
  if (res.affected !== 1) throw AppException.conflict(ErrorCode.NOTICE_STATE_INVALID, '通知的状态刚刚改变，请刷新后再试');
  await deps.scheduler.cancel(m, 'notice', notice.id);
  await deps.audit.append(m, {
    schoolId: notice.schoolId, actorUserId: args.userId, actorRole: args.actorRole, action: 'notice.recalled', targetType: 'notice', targetId: notice.id,
    details: { reason: args.reason, previousStatus: notice.status, contentHash: notice.contentHash, ...(args.details ?? {}) },
  });
}
