import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  ackOnTime, DECIDED, ErrorCode, INVESTIGATION_OPEN, TIP_STATUS_LABELS, TIP_STATUS_TRANSITIONS,
  type TipAssigneeOption, type TipDetail, type TipOnwardReport, type TipStaffMessage, compareNames,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { isoRequired } from '../../platform/database/dates';
import { inTransaction } from '../../platform/database/transaction';
import { isDesignatedContact } from '../tenancy/designated-contact';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { ASSIGNABLE_ROLES, holdsCaseRole } from './tip-access.policy';
import { TipCaseViewService } from './tip-case-view.service';
import { TipMessageEntity } from './tip-message.entity';
import { investigationDueAt, tipPolicy } from './tip-policy';
import { staleConflict, tipAad, TipRecords } from './tip-records';
import { TipReopeningEntity } from './tip-reopening.entity';
import { TipReplyAlerts } from './tip-reply-alerts';
import { TipReportEntity } from './tip-report.entity';
import { TipRoutingService } from './tip-routing.service';
import { TipEntity } from './tip.entity';
import type { OnwardReportDto, ReopenTipDto, UpdateTipDto } from './tips.dto';
import { dropSnapshots } from '../oversight/dashboard-snapshots';
import { TipTriageEntity } from './triage/tip-triage.entity';
import { RetentionSchedule } from '../retention/retention-schedule';

/**
 * The case workflow: acknowledge, reply to the reporter, status / severity / labels / hand-over / outcome, 续报, and
 * opening a closed case again. Only callers who may handle the tip (tip-access.policy.ts) get here. Every change is
 * one transaction with its audit entries and messages; changes carry the tip's `version`, so of two staff changing
 * one tip at once exactly one wins (409 TIP_VERSION_CONFLICT for the other).
 */
@Injectable()
export class TipWorkflowService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly records: TipRecords,
    private readonly caseView: TipCaseViewService,
    private readonly crypto: CryptoService,
    private readonly routing: TipRoutingService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly replyAlerts: TipReplyAlerts,
    private readonly retention: RetentionSchedule,
  ) {}

  async acknowledge(auth: AuthContext, tipId: string, message?: string): Promise<TipDetail> {
    await inTransaction(this.ds, async (m) => {
      const { tip, school, role } = await this.records.load(m, auth, tipId, 'handle');
      if (tip.status !== 'new') throw AppException.conflict(ErrorCode.TIP_ALREADY_ACKNOWLEDGED, '这条举报已经受理过了');
      const now = this.clock.now();
      const due = investigationDueAt(now, tipPolicy(school.settings));
      // A test tip (测试举报) has nothing to investigate: acknowledging it is the end of the test, so it closes at once.
      const res = await m.createQueryBuilder().update(TipEntity)
        .set(tip.isTest
          ? { status: 'closed', acknowledgedAt: now, acknowledgedBy: auth.userId, closedAt: now, version: () => 'version + 1' }
          : { status: 'acknowledged', acknowledgedAt: now, acknowledgedBy: auth.userId, investigationDueAt: due, version: () => 'version + 1' })
        .where('id = :id AND version = :version AND status = :new', { id: tip.id, version: tip.version, new: 'new' }).execute();
      if (res.affected !== 1) throw staleConflict();
      await this.routing.onAcknowledged(m, school, tip, now, due);
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: 'tip.acknowledged', targetType: 'tip', targetId: tip.id,
        details: {
          late: ackOnTime({ ackDueAt: tip.ackDueAt, acknowledgedAt: now }) === false, ackDueAt: isoRequired(tip.ackDueAt),
          escalationLevel: tip.escalationLevel, ...(tip.isTest ? { test: true } : { investigationDueAt: isoRequired(due) }),
        },
      });
      if (message) await this.insertStaffMessage(m, auth, tip, role, message);
    });
    return this.caseView.detail(auth, tipId);
  }

  /** A reply to the reporter; also on a closed case, whose reporter may have written again. */
  async postMessage(auth: AuthContext, tipId: string, body: string): Promise<TipStaffMessage> {
    return inTransaction(this.ds, async (m) => {
      const { tip, role } = await this.records.load(m, auth, tipId, 'handle');
      return this.insertStaffMessage(m, auth, tip, role, body);
    });
  }

  private async insertStaffMessage(m: EntityManager, auth: AuthContext, tip: TipEntity, role: string | null, body: string): Promise<TipStaffMessage> {
    const key = await this.crypto.tipKey(m, tip.schoolId, tip.id);
    const id = randomUUID();
    const now = this.clock.now();
    await m.insert(TipMessageEntity, {
      id, tipId: tip.id, schoolId: tip.schoolId, authorKind: 'school', authorUserId: auth.userId,
      bodyEnc: this.crypto.encryptText(key, body, `tip_message:${id}`), createdAt: now,
    });
    await this.audit.append(m, { schoolId: tip.schoolId, actorUserId: auth.userId, actorRole: role, action: 'tip.message_sent', targetType: 'tip', targetId: tip.id, details: { messageId: id } });
    const reporter = await this.replyAlerts.recipient(m, tip.id);
    if (reporter) await this.routing.notifyReporterOfReply(m, reporter);
    return { id, from: 'school', author: { userId: auth.userId, name: auth.displayName }, body, at: isoRequired(now) };
  }

  /** Status, severity, labels, hand-over, outcome, measures and the reporter's outcome, under optimistic concurrency. */
  async update(auth: AuthContext, tipId: string, dto: UpdateTipDto): Promise<TipDetail> {
    await inTransaction(this.ds, async (m) => {
      const { tip, school, role } = await this.records.load(m, auth, tipId, 'handle');
      if (tip.version !== dto.version) throw staleConflict();
      const now = this.clock.now();
      const key = await this.crypto.tipKey(m, tip.schoolId, tip.id);
      const changes: Partial<TipEntity> = {};
      const audits: { action: 'tip.status_changed' | 'tip.closed' | 'tip.assigned' | 'tip.updated'; details: Record<string, unknown> }[] = [];
      if (dto.status !== undefined && dto.status !== tip.status) {
        if (!TIP_STATUS_TRANSITIONS[tip.status].includes(dto.status)) {
          const hint = tip.status === 'new' ? '，请先受理' : tip.status === 'closed' ? '，请用“重新打开”' : '';
          throw AppException.unprocessable(ErrorCode.TIP_TRANSITION_INVALID, `不能从「${TIP_STATUS_LABELS[tip.status]}」改为「${TIP_STATUS_LABELS[dto.status]}」${hint}`);
        }
        if (dto.status === 'closed' && !dto.outcome && !tip.outcomeEnc) {
          throw AppException.unprocessable(ErrorCode.TIP_OUTCOME_REQUIRED, '结案前请填写处理结果（结案报告）');
        }
        changes.status = dto.status;
        if (DECIDED.includes(dto.status)) { changes.decidedAt = now; changes.decision = dto.status; }
        if (dto.status === 'closed') changes.closedAt = now;
        audits.push({ action: 'tip.status_changed', details: { from: tip.status, to: dto.status } });
        if (dto.status === 'closed') audits.push({ action: 'tip.closed', details: { decidedAs: tip.status } });
      }
      if (dto.assigneeUserId !== undefined && dto.assigneeUserId !== tip.assigneeUserId) {
        const held = await m.find(StaffRoleEntity, { where: { userId: dto.assigneeUserId, schoolId: school.id } });
        if (!holdsCaseRole(dto.assigneeUserId, held, school)) throw AppException.unprocessable(ErrorCode.TIP_ASSIGNEE_INVALID, '只能转交给本校的欺凌防治负责人、校长或欺凌处置委员会成员');
        changes.assigneeUserId = dto.assigneeUserId;
        audits.push({ action: 'tip.assigned', details: { from: tip.assigneeUserId, to: dto.assigneeUserId } });
      }
      const fields: string[] = [];
      if (dto.severity !== undefined && dto.severity !== tip.severity) { changes.severity = dto.severity; fields.push('severity'); }
      if (dto.labels !== undefined) { changes.labels = [...new Set(dto.labels)]; fields.push('labels'); }
      if (dto.outcome !== undefined) { changes.outcomeEnc = this.crypto.encryptText(key, dto.outcome, tipAad(tip.id, 'outcome')); fields.push('outcome'); }
      if (dto.measures !== undefined) { changes.measuresEnc = this.crypto.encryptText(key, dto.measures, tipAad(tip.id, 'measures')); fields.push('measures'); }
      if (dto.reporterOutcome !== undefined) {
        changes.reporterOutcomeEnc = this.crypto.encryptText(key, dto.reporterOutcome, tipAad(tip.id, 'reporter_outcome'));
        fields.push('reporterOutcome');
      }
      if (fields.length) audits.push({ action: 'tip.updated', details: { fields, ...(changes.severity ? { severity: changes.severity } : {}), ...(changes.labels ? { labels: changes.labels } : {}) } });
      // The conditional UPDATE is what decides a race: of two writers that read the same version, one matches.
      const res = await m.createQueryBuilder().update(TipEntity).set({ ...changes, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id: tip.id, version: dto.version }).execute();
      if (res.affected !== 1) throw staleConflict();
      if (changes.status && !INVESTIGATION_OPEN.includes(changes.status)) await this.routing.onDecided(m, tip.id);
      // A finding raises or clears supervision flags: the district's dashboard kept for a minute is dropped with it.
      if (changes.decision) await dropSnapshots(m, school.districtId);
      // A closed case needs no more reply alerts: the reporter's link to it goes with the same commit.
      if (changes.status === 'closed') await this.replyAlerts.forget(m, tip.id);
      // Its content is erased under the district's retention rules (features/retention), unless a legal hold keeps it.
      if (changes.status === 'closed') await this.retention.onClosed(m, tip.id);
      if (changes.assigneeUserId) await this.routing.notifyAssigned(m, tip, changes.assigneeUserId, dto.version + 1);
      for (const a of audits) {
        await this.audit.append(m, { schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: a.action, targetType: 'tip', targetId: tip.id, details: a.details });
      }
    });
    return this.caseView.detail(auth, tipId);
  }

  /**
   * Opens a closed case again (the reporter wrote again, or something new came to light): status 调查中 with a new
   * investigation deadline, the finding cleared (the earlier one stays in the history), the reason kept encrypted.
   * The reporter's follow-up page shows the case reopened. Audited as `tip.reopened`.
   */
  async reopen(auth: AuthContext, tipId: string, dto: ReopenTipDto): Promise<TipDetail> {
    await inTransaction(this.ds, async (m) => {
      const { tip, school, role } = await this.records.load(m, auth, tipId, 'handle');
      if (tip.version !== dto.version) throw staleConflict();
      if (tip.status !== 'closed') throw AppException.unprocessable(ErrorCode.TIP_TRANSITION_INVALID, '只有已结案的举报可以重新打开');
      if (tip.isTest) throw AppException.unprocessable(ErrorCode.TIP_TRANSITION_INVALID, '测试举报不能重新打开，如需再次测试请重新发送');
      const now = this.clock.now();
      const due = investigationDueAt(now, tipPolicy(school.settings));
      const round = tip.reopenCount + 1;
      const res = await m.createQueryBuilder().update(TipEntity)
        .set({
          status: 'investigating', decision: null, decidedAt: null, closedAt: null, overdueAt: null, investigationDueAt: due,
          reopenedAt: now, reopenCount: round, version: () => 'version + 1',
        })
        .where('id = :id AND version = :version AND status = :closed', { id: tip.id, version: dto.version, closed: 'closed' }).execute();
      if (res.affected !== 1) throw staleConflict();
      // A triage outcome (玩笑, 重复, …) goes with the finding it closed with.
      await m.delete(TipTriageEntity, { tipId: tip.id });
      const key = await this.crypto.tipKey(m, tip.schoolId, tip.id);
      const id = randomUUID();
      await m.insert(TipReopeningEntity, {
        id, tipId: tip.id, schoolId: school.id, reasonEnc: this.crypto.encryptText(key, dto.reason, `tip_reopening:${id}`), byUserId: auth.userId, reopenedAt: now,
      });
      await this.routing.onReopened(m, school, tip, now, due, round, auth.userId);
      // An open case is never erased: its erasures wait for it to close again.
      await this.retention.cancel(m, tip.id);
      // Its finding no longer counts towards the flags.
      await dropSnapshots(m, school.districtId);
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: 'tip.reopened', targetType: 'tip', targetId: tip.id,
        details: { reopeningId: id, from: 'closed', to: 'investigating', decidedAs: tip.decision, investigationDueAt: isoRequired(due) },
      });
    });
    return this.caseView.detail(auth, tipId);
  }

  /** Colleagues the case can be handed over to: the school's contact, principal and committee members. */
  async assignees(auth: AuthContext, tipId: string): Promise<TipAssigneeOption[]> {
    const { school } = await this.records.load(this.ds.manager, auth, tipId, 'handle');
    const roles = (await this.ds.getRepository(StaffRoleEntity).find({ where: { schoolId: school.id, role: In(ASSIGNABLE_ROLES) as any } }))
      .filter((r) => r.role !== 'contact' || isDesignatedContact(r.userId, [r], school));
    const names = await this.records.names(roles.map((r) => r.userId));
    const byUser = new Map<string, string[]>();
    for (const r of roles) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r.role]);
    return [...byUser].map(([userId, userRoles]) => ({ userId, name: names.get(userId) ?? '', roles: userRoles.sort() }))
      .sort((a, b) => compareNames(a.name, b.name));
  }

  /** 续报: an onward report to the education department, recorded with time, recipient and content. */
  async report(auth: AuthContext, tipId: string, dto: OnwardReportDto): Promise<TipOnwardReport> {
    return inTransaction(this.ds, async (m) => {
      const { tip, school, role } = await this.records.load(m, auth, tipId, 'handle');
      const now = this.clock.now();
      const reportedAt = dto.reportedAt ? new Date(dto.reportedAt) : now;
      if (reportedAt.getTime() > now.getTime() + 5 * 60_000) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '报告时间不能晚于现在');
      const key = await this.crypto.tipKey(m, tip.schoolId, tip.id);
      const id = randomUUID();
      await m.insert(TipReportEntity, {
        id, tipId: tip.id, schoolId: school.id, reportedAt, recipient: dto.recipient,
        contentEnc: this.crypto.encryptText(key, dto.content, `tip_report:${id}`), byUserId: auth.userId, createdAt: now,
      });
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: 'tip.reported_onward', targetType: 'tip', targetId: tip.id,
        details: { reportId: id, recipient: dto.recipient, reportedAt: isoRequired(reportedAt) },
      });
      return { id, reportedAt: isoRequired(reportedAt), recipient: dto.recipient, content: dto.content, by: { userId: auth.userId, name: auth.displayName } };
    });
  }
}
