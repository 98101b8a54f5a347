import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ErrorCode, NOTICE_REMIND_INTERVAL_HOURS, Permission, type NoticeRemindResponse } from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { iso } from '../../platform/database/dates';
import { insertOrIgnore } from '../../platform/database/insert-ignore';
import { inTransaction } from '../../platform/database/transaction';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { AccessService } from '../tenancy/access.service';
import { NoticeAccess } from './notice-access';
import { reminderMessage } from './notice-messages';
import { NoticeReceiptStudentEntity } from './notice-receipt-student.entity';
import { NoticeReceiptEntity } from './notice-receipt.entity';
import { NoticeReminderEntity } from './notice-reminder.entity';
import { nextRemindAt } from './notice-reports.service';
import { chunks } from '../../platform/database/in-lists';
import { BindingEntity } from '../bindings/binding.entity';

const HOUR = 3600_000;

/**
 * The class teacher's one-tap reminder: one message (through the outbox, with its inbox copy; quiet hours apply to
 * letters and notices) to each guardian of the class who has not yet done what the notice asks. At most once per
 * NOTICE_REMIND_INTERVAL_HOURS per notice and class, enforced in the database: the reminder row is claimed by one
 * conditional UPDATE, so of two taps at once one sends and the other is refused.
 */
@Injectable()
export class NoticeRemindersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly noticeAccess: NoticeAccess,
    private readonly access: AccessService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async remind(auth: AuthContext, noticeId: string, classId: string): Promise<NoticeRemindResponse> {
    const view = await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_READ);
    this.noticeAccess.requireClass(view, classId);
    // Reminding a class is the class teacher's (or a principal's, an admin's) even on a notice someone else wrote.
    const reach = this.noticeAccess.reach(auth, view.school, Permission.NOTICE_MANAGE, '通知');
    if (!reach.schoolWide && !reach.classIds.includes(classId)) throw AppException.forbidden('只能提醒自己班级的家长');
    const { notice, school } = view;
    if (notice.status !== 'published') throw AppException.conflict(ErrorCode.NOTICE_STATE_INVALID, '只能提醒已发布且未截止的通知');
    if (notice.correctedBy) throw AppException.conflict(ErrorCode.NOTICE_CORRECTED, '这条通知已更正，请提醒家长确认更正后的通知', { correctionId: notice.correctedBy });
    return inTransaction(this.ds, async (m) => {
      const now = this.clock.now();
      const guardians = await this.notDone(m, noticeId, classId);
      const row = await m.findOne(NoticeReminderEntity, { where: { noticeId, classId } });
      if (!guardians.length) return { reminded: 0, nextRemindAt: iso(nextRemindAt(row?.lastSentAt, now)) };
      await insertOrIgnore(m, NoticeReminderEntity, { noticeId, classId, lastSentAt: new Date(0), sentCount: 0 });
      const claimed = await m.createQueryBuilder().update(NoticeReminderEntity)
        .set({ lastSentAt: now, sentCount: () => 'sent_count + 1' })
        .where('notice_id = :noticeId AND class_id = :classId AND last_sent_at <= :cutoff', {
          noticeId, classId, cutoff: new Date(now.getTime() - NOTICE_REMIND_INTERVAL_HOURS * HOUR),
        }).execute();
      const after = await m.findOneOrFail(NoticeReminderEntity, { where: { noticeId, classId } });
      if (claimed.affected !== 1) {
        const next = nextRemindAt(after.lastSentAt, now);
        throw new AppException(HttpStatus.TOO_MANY_REQUESTS, ErrorCode.NOTICE_REMIND_TOO_SOON,
          `每 ${NOTICE_REMIND_INTERVAL_HOURS} 小时只能提醒一次，请稍后再试`, { nextRemindAt: iso(next) });
      }
      for (const guardianUserId of guardians) {
        await this.outbox.enqueue(m, reminderMessage(notice, school, guardianUserId, classId, after.sentCount, now));
      }
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'notice.reminded',
        targetType: 'notice', targetId: notice.id, details: { classId, guardians: guardians.length, round: after.sentCount },
      });
      return { reminded: guardians.length, nextRemindAt: iso(nextRemindAt(now, now)) };
    });
  }

  /**
   * Guardians of the class whose receipt is not yet acknowledged and who are still bound (approved) to a child of the
   * class named on it: a guardian who withdrew consent for that child (binding suspended) or deleted their account is
   * not reminded of what was sent before.
   */
  private async notDone(m: EntityManager, noticeId: string, classId: string): Promise<string[]> {
    const links = await m.find(NoticeReceiptStudentEntity, { where: { noticeId, classId }, select: { receiptId: true, studentId: true } });
    const childrenOf = new Map<string, string[]>();
    for (const l of links) childrenOf.set(l.receiptId, [...(childrenOf.get(l.receiptId) ?? []), l.studentId]);
    const out = new Set<string>();
    for (const ids of chunks([...childrenOf.keys()])) {
      const rows = await m.createQueryBuilder(NoticeReceiptEntity, 'r').select(['r.id', 'r.guardianUserId'])
        .where({ id: In(ids) }).andWhere('r.acknowledged_on IS NULL').getMany();
      if (!rows.length) continue;
      const bound = await m.find(BindingEntity, {
        where: { guardianUserId: In([...new Set(rows.map((r) => r.guardianUserId))]), classId, status: 'approved' },
        select: { guardianUserId: true, studentId: true },
      });
      const approved = new Set(bound.map((b) => `${b.guardianUserId}|${b.studentId}`));
      for (const r of rows) {
        if ((childrenOf.get(r.id) ?? []).some((studentId) => approved.has(`${r.guardianUserId}|${studentId}`))) out.add(r.guardianUserId);
      }
    }
    return [...out].sort();
  }
}
