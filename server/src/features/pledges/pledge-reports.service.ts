import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  ErrorCode, Permission, PLEDGE_REMIND_INTERVAL_HOURS, RELATION_LABELS,
  type PledgeCompletionResponse, type PledgeCounts, type PledgeMissingResponse, type PledgeRemindResponse,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { iso } from '../../platform/database/dates';
import { insertOrIgnore } from '../../platform/database/insert-ignore';
import { inTransaction } from '../../platform/database/transaction';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { AccessService } from '../tenancy/access.service';
import { PledgeAccess } from './pledge-access';
import { pledgeStatus } from './pledge-days';
import { pledgeMessage } from './pledge-messages';
import { countProgressByClass, guardiansToRemind, loadProgress } from './pledge-progress';
import { PledgeReminderEntity } from './pledge-reminder.entity';

const HOUR = 3600_000;

/** When a class may be reminded next: null when it may be now. */
export function nextRemindAt(lastSentAt: Date | null | undefined, now: Date): Date | null {
  if (!lastSentAt || new Date(lastSentAt).getTime() <= 0) return null;
  const next = new Date(new Date(lastSentAt).getTime() + PLEDGE_REMIND_INTERVAL_HOURS * HOUR);
  return next.getTime() > now.getTime() ? next : null;
}

/**
 * What staff learn about a pledge: completion per class (the caller's), grade and school; each class's missing list;
 * and the class teacher's one-tap reminder to the guardians who still have something to sign, at most once per
 * PLEDGE_REMIND_INTERVAL_HOURS per pledge and class, enforced in the database: the class's reminder row is claimed by
 * one conditional UPDATE, so of two taps at once one sends and the other is refused.
 */
@Injectable()
export class PledgeReportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly pledgeAccess: PledgeAccess,
    private readonly access: AccessService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async completion(auth: AuthContext, pledgeId: string): Promise<PledgeCompletionResponse> {
    const view = await this.pledgeAccess.pledge(auth, pledgeId, Permission.PLEDGE_READ);
    // Counted by the database per class (each child is in one class, so grades and totals are sums of classes).
    const byClass = await countProgressByClass(this.ds.manager, view.pledge, view.visible);
    const zero = (): PledgeCounts => ({ students: 0, signed: 0, superseded: 0, missing: 0 });
    const add = (a: PledgeCounts, b: PledgeCounts | undefined): PledgeCounts => (b
      ? { students: a.students + b.students, signed: a.signed + b.signed, superseded: a.superseded + b.superseded, missing: a.missing + b.missing } : a);
    const byGrade = new Map<string, PledgeCounts>();
    for (const c of view.visible) byGrade.set(c.gradeId, add(byGrade.get(c.gradeId) ?? zero(), byClass.get(c.id)));
    const grades: PledgeCompletionResponse['grades'] = [];
    for (const c of view.visible) {
      if (!grades.some((g) => g.gradeName === c.gradeName)) {
        grades.push({ gradeNumber: c.gradeNumber, gradeName: c.gradeName, ...(byGrade.get(c.gradeId) ?? zero()) });
      }
    }
    return {
      pledgeId, currentVersion: view.pledge.currentVersion,
      classes: view.visible.map((c) => ({ classId: c.id, className: c.name, gradeNumber: c.gradeNumber, ...(byClass.get(c.id) ?? zero()) })),
      grades, totals: view.visible.reduce((sum, c) => add(sum, byClass.get(c.id)), zero()),
    };
  }

  async missing(auth: AuthContext, pledgeId: string, classId: string): Promise<PledgeMissingResponse> {
    const view = await this.pledgeAccess.pledge(auth, pledgeId, Permission.PLEDGE_READ);
    const cls = this.pledgeAccess.requireClass(view, classId);
    const children = await loadProgress(this.ds.manager, view.pledge, [cls]);
    const row = await this.ds.getRepository(PledgeReminderEntity).findOne({ where: { pledgeId, classId } });
    const last = row && new Date(row.lastSentAt).getTime() > 0 ? row.lastSentAt : null;
    return {
      classId, className: cls.name,
      entries: children.filter((c) => c.state !== 'signed').map((c) => ({
        studentId: c.studentId, studentName: c.studentName, missing: c.missing,
        guardians: c.guardians.map((g) => ({ relation: g.relation, relationLabel: RELATION_LABELS[g.relation] ?? g.relation, signed: g.signedCurrent })),
      })),
      lastRemindedAt: iso(last), nextRemindAt: iso(nextRemindAt(last, this.clock.now())),
    };
  }

  async remind(auth: AuthContext, pledgeId: string, classId: string): Promise<PledgeRemindResponse> {
    const view = await this.pledgeAccess.pledge(auth, pledgeId, Permission.PLEDGE_REMIND);
    const cls = this.pledgeAccess.requireClass(view, classId);
    const { pledge, school } = view;
    if (pledgeStatus(pledge, this.clock.now()) === 'closed') throw AppException.conflict(ErrorCode.PLEDGE_CLOSED, '承诺书已过截止日期');
    return inTransaction(this.ds, async (m) => {
      const now = this.clock.now();
      const guardians = guardiansToRemind(pledge, await loadProgress(m, pledge, [cls], undefined, { ordered: false }));
      const row = await m.findOne(PledgeReminderEntity, { where: { pledgeId, classId } });
      if (!guardians.length) return { reminded: 0, nextRemindAt: iso(nextRemindAt(row?.lastSentAt, now)) };
      await insertOrIgnore(m, PledgeReminderEntity, { pledgeId, classId, lastSentAt: new Date(0), sentCount: 0 });
      const claimed = await m.createQueryBuilder().update(PledgeReminderEntity)
        .set({ lastSentAt: now, sentCount: () => 'sent_count + 1' })
        .where('pledge_id = :pledgeId AND class_id = :classId AND last_sent_at <= :cutoff', {
          pledgeId, classId, cutoff: new Date(now.getTime() - PLEDGE_REMIND_INTERVAL_HOURS * HOUR),
        }).execute();
      const after = await m.findOneOrFail(PledgeReminderEntity, { where: { pledgeId, classId } });
      if (claimed.affected !== 1) {
        throw new AppException(HttpStatus.TOO_MANY_REQUESTS, ErrorCode.PLEDGE_REMIND_TOO_SOON,
          `每 ${PLEDGE_REMIND_INTERVAL_HOURS} 小时只能提醒一次，请稍后再试`, { nextRemindAt: iso(nextRemindAt(after.lastSentAt, now)) });
      }
      for (const g of guardians) await this.outbox.enqueue(m, pledgeMessage(pledge, school, g, 'remind', `remind:${classId}:${after.sentCount}`, now));
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'pledge.reminded',
        targetType: 'pledge', targetId: pledge.id, details: { classId, guardians: guardians.length, round: after.sentCount, version: pledge.currentVersion },
      });
      return { reminded: guardians.length, nextRemindAt: iso(nextRemindAt(now, now)) };
    });
  }
}
