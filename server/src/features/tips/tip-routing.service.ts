import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import { Clock } from '../../platform/common/clock/clock';
import { AuditService } from '../../platform/audit/audit.service';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { SchedulerService } from '../../platform/scheduler/scheduler.service';
import type { DueAction } from '../../platform/scheduler/scheduler.types';
import { designatedContactId } from '../tenancy/designated-contact';
import { SchoolEntity } from '../tenancy/school.entity';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { TipAttachmentChunkEntity } from './tip-attachment-chunk.entity';
import { TipAttachmentEntity } from './tip-attachment.entity';
import { TipEntity } from './tip.entity';
import { TipSubmissionEntity } from './tip-submission.entity';
import { REPORTER_FOLLOWUP_PAGE, tipPage } from './tip-notify';
import { formatMonthDayTime, INVESTIGATION_OPEN } from '@anxin/shared';
import { districtEscalationAt, reminderTimes, tipPolicy } from './tip-policy';
import { CallDownService } from './urgent/call-down.service';

export const TIP_SUBJECT = 'tip';
export const TipAction = {
  ACK_DEADLINE: 'tip.ack_deadline',
  DISTRICT_ESCALATION: 'tip.district_escalation',
  INVESTIGATION_REMINDER: 'tip.investigation_reminder',
  INVESTIGATION_OVERDUE: 'tip.investigation_overdue',
  RECEIPT_PURGE: 'tip.receipt_purge',
  ATTACHMENT_PURGE: 'tip.attachment_purge',
} as const;

const SYSTEM = { actorUserId: null, actorRole: 'system' } as const;

/**
 * A reopened case runs its investigation clock again: its reminders and overdue flag are new events, so their dedupe
 * keys carry the round (`:r1`, `:r2`, …); the first round keeps the plain keys.
 */
export const roundKey = (reopenCount: number) => (reopenCount > 0 ? `:r${reopenCount}` : '');

/**
 * Routing and deadlines of a tip: the first message to the designated contact, the escalation ladder
 * (principal at the ack deadline, district officers 12 h after receipt while unacknowledged), the investigation
 * reminders and the overdue flag. Everything is written with the caller's manager — the submit/ack transaction,
 * or the scheduler's transaction that marks the action fired — so state change, audit entry and outbox rows
 * commit together.
 */
@Injectable()
export class TipRoutingService implements OnModuleInit {
  constructor(
    private readonly outbox: OutboxService,
    private readonly scheduler: SchedulerService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly callDown: CallDownService,
  ) {}

  onModuleInit(): void {
    this.scheduler.registerHandler(TipAction.ACK_DEADLINE, (m, a) => this.onAckDeadline(m, a));
    this.scheduler.registerHandler(TipAction.DISTRICT_ESCALATION, (m, a) => this.onDistrictEscalation(m, a));
    this.scheduler.registerHandler(TipAction.INVESTIGATION_REMINDER, (m, a) => this.onReminder(m, a));
    this.scheduler.registerHandler(TipAction.INVESTIGATION_OVERDUE, (m, a) => this.onOverdue(m, a));
    this.scheduler.registerHandler(TipAction.RECEIPT_PURGE, (m, a) => this.onReceiptPurge(m, a));
    this.scheduler.registerHandler(TipAction.ATTACHMENT_PURGE, (m, a) => this.onAttachmentPurge(m, a));
  }

  // ------------------------------------------------------------------ on submit

  /**
   * New tip: message to the designated contact (fallback: the principals) and the two escalation deadlines. A test tip
   * (测试举报) goes the same way, its message saying 测试, and has the principal's deadline only: a school's own test is
   * never escalated to the district bureau.
   */
  async routeNewTip(m: EntityManager, school: SchoolEntity, tip: TipEntity): Promise<void> {
    const principals = await this.principalIds(m, school.id);
    const contactId = await designatedContactId(m, school);
    const urgent = tip.inDanger || tip.ongoing;
    const message = {
      channel: 'wechat_subscribe' as const,
      schoolId: school.id,
      template: 'tip.new',
      title: tip.isTest ? '测试：新的欺凌举报' : urgent ? '紧急：新的欺凌举报' : '新的欺凌举报',
      body: `${tip.isTest ? '这是学校发起的测试举报，' : ''}请在${formatMonthDayTime(tip.ackDueAt)}前受理`,
      page: tipPage(tip.id),
    };
    if (contactId) {
      await this.outbox.enqueue(m, {
        ...message, dedupeKey: `tip.new:${tip.id}`, recipientUserId: contactId,
        fallback: principals.length ? { kind: 'next_recipient', userIds: principals.filter((p) => p !== contactId) } : { kind: 'alert_admins', schoolId: school.id },
      });
    } else {
      // No designated contact configured: the principals get it at once, and the admins are alerted if that fails.
      for (const p of principals) {
        await this.outbox.enqueue(m, { ...message, dedupeKey: `tip.new:${tip.id}:${p}`, recipientUserId: p, fallback: { kind: 'alert_admins', schoolId: school.id } });
      }
    }
    const policy = tipPolicy(school.settings);
    await this.scheduler.schedule(m, {
      action: TipAction.ACK_DEADLINE, subjectType: TIP_SUBJECT, subjectId: tip.id, schoolId: school.id,
      dueAt: tip.ackDueAt, dedupeKey: `${TipAction.ACK_DEADLINE}:${tip.id}`,
    });
    if (tip.isTest) return;
    await this.scheduler.schedule(m, {
      action: TipAction.DISTRICT_ESCALATION, subjectType: TIP_SUBJECT, subjectId: tip.id, schoolId: school.id,
      dueAt: districtEscalationAt(tip.submittedAt, policy), dedupeKey: `${TipAction.DISTRICT_ESCALATION}:${tip.id}`,
    });
    // A reporter in danger, or bullying still going on: phones ring until someone acknowledges (urgent/call-down.service.ts).
    if (tip.inDanger || tip.ongoing) await this.callDown.start(m, school, tip, tip.inDanger ? 'in_danger' : 'ongoing');
  }

  /** Purge the replayable receipt of a submission once its window has passed. */
  async scheduleReceiptPurge(m: EntityManager, schoolId: string, tipId: string, at: Date): Promise<void> {
    await this.scheduler.schedule(m, {
      action: TipAction.RECEIPT_PURGE, subjectType: 'tip_submission', subjectId: tipId, schoolId, dueAt: at,
      dedupeKey: `${TipAction.RECEIPT_PURGE}:${tipId}`,
    });
  }

  // ------------------------------------------------------------------ on acknowledgement / decision

  /**
   * Acknowledged: the escalations stop, the investigation clock starts (reminders and overdue flag). A test tip has
   * nothing to investigate: its clock stops at the acknowledgement.
   */
  async onAcknowledged(m: EntityManager, school: SchoolEntity, tip: TipEntity, acknowledgedAt: Date, investigationDue: Date): Promise<void> {
    await this.scheduler.cancel(m, TIP_SUBJECT, tip.id, TipAction.ACK_DEADLINE);
    await this.scheduler.cancel(m, TIP_SUBJECT, tip.id, TipAction.DISTRICT_ESCALATION);
    await this.callDown.stop(m, tip.id, 'app');
    if (tip.isTest) return;
    await this.startInvestigationClock(m, school, tip.id, acknowledgedAt, investigationDue, 0);
  }

  /**
   * A closed case opened again (round `reopenCount`): a new investigation clock from `reopenedAt`, and the case owner
   * (the assignee, else the designated contact) hears of it unless they reopened it themselves.
   */
  async onReopened(m: EntityManager, school: SchoolEntity, tip: TipEntity, reopenedAt: Date, investigationDue: Date, reopenCount: number, byUserId: string): Promise<void> {
    await this.startInvestigationClock(m, school, tip.id, reopenedAt, investigationDue, reopenCount);
    const owner = tip.assigneeUserId ?? (await designatedContactId(m, school));
    if (owner && owner !== byUserId) {
      await this.outbox.enqueue(m, {
        dedupeKey: `tip.reopened:${tip.id}${roundKey(reopenCount)}`, channel: 'wechat_subscribe', schoolId: school.id, recipientUserId: owner,
        template: 'tip.update', title: '已结案的举报被重新打开', body: `请在${formatMonthDayTime(investigationDue)}前完成调查`, page: tipPage(tip.id),
        fallback: { kind: 'inbox_only' },
      });
    }
  }

  private async startInvestigationClock(m: EntityManager, school: SchoolEntity, tipId: string, from: Date, due: Date, round: number): Promise<void> {
    for (const r of reminderTimes(from, tipPolicy(school.settings))) {
      await this.scheduler.schedule(m, {
        action: TipAction.INVESTIGATION_REMINDER, subjectType: TIP_SUBJECT, subjectId: tipId, schoolId: school.id, dueAt: r.at,
        payload: { day: r.day }, dedupeKey: `${TipAction.INVESTIGATION_REMINDER}:${tipId}${roundKey(round)}:${r.day}`,
      });
    }
    await this.scheduler.schedule(m, {
      action: TipAction.INVESTIGATION_OVERDUE, subjectType: TIP_SUBJECT, subjectId: tipId, schoolId: school.id,
      dueAt: due, dedupeKey: `${TipAction.INVESTIGATION_OVERDUE}:${tipId}${roundKey(round)}`,
    });
  }

  /** Decided or closed: reminders stop once the case is handled. */
  async onDecided(m: EntityManager, tipId: string): Promise<void> {
    await this.scheduler.cancel(m, TIP_SUBJECT, tipId, TipAction.INVESTIGATION_REMINDER);
    await this.scheduler.cancel(m, TIP_SUBJECT, tipId, TipAction.INVESTIGATION_OVERDUE);
  }

  async notifyAssigned(m: EntityManager, tip: TipEntity, assigneeUserId: string, version: number): Promise<void> {
    await this.outbox.enqueue(m, {
      dedupeKey: `tip.assigned:${tip.id}:${version}`, channel: 'wechat_subscribe', schoolId: tip.schoolId, recipientUserId: assigneeUserId,
      template: 'tip.update', title: '欺凌举报已转交给你', body: '请查看并跟进处理', page: tipPage(tip.id), fallback: { kind: 'inbox_only' },
    });
  }

  /** The reporter wrote in the thread: tell the assignee (else the contact). In-app inbox only is not enough for a case owner. */
  async notifyReporterMessage(m: EntityManager, school: SchoolEntity, tip: TipEntity, messageId: string): Promise<void> {
    const to = tip.assigneeUserId ?? (await designatedContactId(m, school));
    if (!to) return;
    await this.outbox.enqueue(m, {
      dedupeKey: `tip.reply:${messageId}`, channel: 'wechat_subscribe', schoolId: school.id, recipientUserId: to,
      template: 'tip.update', title: '举报人回复了消息', body: '请在倾诉信箱中查看', page: tipPage(tip.id), fallback: { kind: 'inbox_only' },
    });
  }

  /**
   * The reporter turned on 学校回复时提醒我: a WeChat alert that the school replied, to the account kept for that purpose
   * alone (TipReplyAlerts). It names no tip and no school and carries no content: the dedupe key is random, the page
   * is the follow-up entry (the receipt is still needed), and with no school a failed send alerts no school admin.
   */
  async notifyReporterOfReply(m: EntityManager, recipientUserId: string): Promise<void> {
    await this.outbox.enqueue(m, {
      dedupeKey: `tip.reply-alert:${randomUUID()}`, channel: 'wechat_subscribe', schoolId: null, recipientUserId,
      template: 'tip.reply', title: '学校回复了你的举报', body: '请用回执码查看回复', page: REPORTER_FOLLOWUP_PAGE, fallback: { kind: 'inbox_only' },
    });
  }

  // ------------------------------------------------------------------ handlers (run in the scheduler's transaction)

  private async onAckDeadline(m: EntityManager, action: DueAction): Promise<void> {
    const now = this.clock.now();
    const res = await m.createQueryBuilder().update(TipEntity).set({ escalationLevel: 'principal', escalatedPrincipalAt: now })
      .where('id = :id AND status = :new AND escalation_level = :none', { id: action.subjectId, new: 'new', none: 'none' }).execute();
    if (res.affected !== 1) return; // acknowledged in time (or already escalated further)
    const tip = await m.findOneOrFail(TipEntity, { where: { id: action.subjectId } });
    const principals = await this.principalIds(m, tip.schoolId);
    for (const p of principals) {
      await this.outbox.enqueue(m, {
        dedupeKey: `tip.escalated:principal:${tip.id}:${p}`, channel: 'wechat_subscribe', schoolId: tip.schoolId, recipientUserId: p,
        template: 'tip.escalated', title: tip.isTest ? '测试举报超时未受理' : '欺凌举报超时未受理', body: '已升级至校长，请立即处理', page: tipPage(tip.id),
        fallback: { kind: 'alert_admins', schoolId: tip.schoolId },
      });
    }
    await this.audit.append(m, {
      schoolId: tip.schoolId, ...SYSTEM, action: 'tip.escalated', targetType: 'tip', targetId: tip.id,
      details: { level: 'principal', ackDueAt: tip.ackDueAt.toISOString(), notified: principals.length },
    });
  }

  private async onDistrictEscalation(m: EntityManager, action: DueAction): Promise<void> {
    const now = this.clock.now();
    const res = await m.createQueryBuilder().update(TipEntity).set({ escalationLevel: 'district', escalatedDistrictAt: now })
      .where('id = :id AND status = :new AND escalation_level <> :district AND is_test = 0', { id: action.subjectId, new: 'new', district: 'district' }).execute();
    if (res.affected !== 1) return;
    const tip = await m.findOneOrFail(TipEntity, { where: { id: action.subjectId } });
    const school = await m.findOneOrFail(SchoolEntity, { where: { id: tip.schoolId } });
    const officers = (await m.find(StaffRoleEntity, { where: { districtId: school.districtId, role: 'district_officer', schoolId: IsNull() } })).map((r) => r.userId);
    for (const o of [...new Set(officers)]) {
      await this.outbox.enqueue(m, {
        dedupeKey: `tip.escalated:district:${tip.id}:${o}`, channel: 'wechat_subscribe', schoolId: tip.schoolId, recipientUserId: o,
        template: 'tip.escalated', title: `${school.name.slice(0, 10)}举报超12小时未受理`, body: '已升级至教育局，请督办', page: tipPage(tip.id),
        fallback: { kind: 'inbox_only' },
      });
    }
    await this.audit.append(m, {
      schoolId: tip.schoolId, ...SYSTEM, action: 'tip.escalated', targetType: 'tip', targetId: tip.id,
      details: { level: 'district', notified: officers.length },
    });
  }

  private async onReminder(m: EntityManager, action: DueAction): Promise<void> {
    const tip = await m.findOne(TipEntity, { where: { id: action.subjectId } });
    if (!tip || !INVESTIGATION_OPEN.includes(tip.status)) return;
    const school = await m.findOneOrFail(SchoolEntity, { where: { id: tip.schoolId } });
    const day = Number(action.payload?.day ?? 0);
    const to = tip.assigneeUserId ?? (await designatedContactId(m, school));
    if (to) {
      await this.outbox.enqueue(m, {
        dedupeKey: `tip.reminder:${tip.id}${roundKey(tip.reopenCount)}:${day}`, channel: 'wechat_subscribe', schoolId: tip.schoolId, recipientUserId: to,
        template: 'tip.reminder', title: `欺凌调查已进行${day}天`, body: `请在${formatMonthDayTime(tip.investigationDueAt!)}前完成调查`, page: tipPage(tip.id),
        fallback: { kind: 'inbox_only' },
      });
    }
    await this.audit.append(m, { schoolId: tip.schoolId, ...SYSTEM, action: 'tip.reminder_sent', targetType: 'tip', targetId: tip.id, details: { day } });
  }

  private async onOverdue(m: EntityManager, action: DueAction): Promise<void> {
    const now = this.clock.now();
    const res = await m.createQueryBuilder().update(TipEntity).set({ overdueAt: now })
      .where('id = :id AND status IN (:...open) AND overdue_at IS NULL', { id: action.subjectId, open: INVESTIGATION_OPEN }).execute();
    if (res.affected !== 1) return;
    const tip = await m.findOneOrFail(TipEntity, { where: { id: action.subjectId } });
    const school = await m.findOneOrFail(SchoolEntity, { where: { id: tip.schoolId } });
    const to = new Set([tip.assigneeUserId, await designatedContactId(m, school), ...(await this.principalIds(m, school.id))].filter((x): x is string => !!x));
    for (const u of to) {
      await this.outbox.enqueue(m, {
        dedupeKey: `tip.overdue:${tip.id}${roundKey(tip.reopenCount)}:${u}`, channel: 'wechat_subscribe', schoolId: tip.schoolId, recipientUserId: u,
        template: 'tip.reminder', title: '欺凌调查已超期', body: '已超过调查期限，请尽快提出处置意见', page: tipPage(tip.id),
        fallback: { kind: 'inbox_only' },
      });
    }
    await this.audit.append(m, { schoolId: tip.schoolId, ...SYSTEM, action: 'tip.overdue', targetType: 'tip', targetId: tip.id, details: {} });
  }

  private async onReceiptPurge(m: EntityManager, action: DueAction): Promise<void> {
    await m.update(TipSubmissionEntity, { tipId: action.subjectId }, { receiptEnc: null });
  }

  /** A photo uploaded but never attached to a tip (the reporter gave up) is deleted with its bytes. */
  private async onAttachmentPurge(m: EntityManager, action: DueAction): Promise<void> {
    const res = await m.delete(TipAttachmentEntity, { id: action.subjectId, tipId: IsNull() });
    if (res.affected) await m.delete(TipAttachmentChunkEntity, { attachmentId: action.subjectId });
  }

  // ------------------------------------------------------------------ recipients

  async principalIds(m: EntityManager, schoolId: string): Promise<string[]> {
    return this.roleUserIds(m, schoolId, 'principal');
  }

  async roleUserIds(m: EntityManager, schoolId: string, role: string): Promise<string[]> {
    const rows = await m.find(StaffRoleEntity, { where: { schoolId, role: In([role]) as any }, order: { createdAt: 'ASC' } });
    return [...new Set(rows.map((r) => r.userId))];
  }
}
