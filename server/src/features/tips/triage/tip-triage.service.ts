import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import {
  ackOnTime, ErrorCode, NO_ACTION_STATEMENT, TIP_CATEGORY_LABELS, TIP_OUTCOME_LABELS, TRIAGE_DECISION,
  type FloodBatchResult, type MergeTarget, type TipFlood, type TriageOutcome, type TriageResult,
} from '@anxin/shared';
import { AuditService } from '../../../platform/audit/audit.service';
import type { AuthContext } from '../../../platform/common/auth/auth-context';
import { Clock } from '../../../platform/common/clock/clock';
import { AppException } from '../../../platform/common/errors/app.exception';
import { CryptoService } from '../../../platform/crypto/crypto.service';
import { isoRequired } from '../../../platform/database/dates';
import { inTransaction } from '../../../platform/database/transaction';
import { SchedulerService } from '../../../platform/scheduler/scheduler.service';
import { dropSnapshots } from '../../oversight/dashboard-snapshots';
import { tipAccess } from '../tip-access.policy';
import { investigationDueAt, tipPolicy } from '../tip-policy';
import { staleConflict, tipAad, TipRecords, type LoadedTip } from '../tip-records';
import { TipReplyAlerts } from '../tip-reply-alerts';
import { TIP_SUBJECT, TipAction, TipRoutingService } from '../tip-routing.service';
import { TipEntity } from '../tip.entity';
import { TipFloods } from './tip-floods';
import { TipTriageEntity } from './tip-triage.entity';
import { referredAad, TipTriageView } from './tip-triage-view';
import type { FloodBatchDto, MergeTipDto, TriageTipDto } from './tip-triage.dto';
import { RetentionSchedule } from '../../retention/retention-schedule';

type Closing = { outcome: TriageOutcome | 'duplicate'; note?: string; referredTo?: string; mergedIntoId?: string; floodId?: string };

/**
 * Closing a case by triage (分流): 恶意/虚假举报, 玩笑, 非欺凌-其他求助 (with where it was referred), or 重复 (merged into
 * another open case of the same school; another school's case is 404), one at a time or as a flood's batch
 * (批量处理). Only those who may handle the case (tip-access.policy.ts). Each tip is its own audit entry, in the
 * transaction of its change; a case still 新提交 counts as answered when triaged (its escalations stop).
 */
@Injectable()
export class TipTriageService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly records: TipRecords,
    private readonly crypto: CryptoService,
    private readonly routing: TipRoutingService,
    private readonly scheduler: SchedulerService,
    private readonly audit: AuditService,
    private readonly replyAlerts: TipReplyAlerts,
    private readonly floods: TipFloods,
    private readonly view: TipTriageView,
    private readonly clock: Clock,
    private readonly retention: RetentionSchedule,
  ) {}

  async triage(auth: AuthContext, tipId: string, dto: TriageTipDto): Promise<TriageResult> {
    if (dto.outcome === 'referred' && !dto.referredTo) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '请写明转介到哪里（例如心理辅导室、社区民警）');
    return inTransaction(this.ds, async (m) => {
      const loaded = await this.records.load(m, auth, tipId, 'handle');
      if (loaded.tip.version !== dto.version) throw staleConflict();
      return this.close(m, auth, loaded, { outcome: dto.outcome, note: dto.note, referredTo: dto.outcome === 'referred' ? dto.referredTo : undefined });
    });
  }

  async merge(auth: AuthContext, tipId: string, dto: MergeTipDto): Promise<TriageResult> {
    return inTransaction(this.ds, async (m) => {
      const loaded = await this.records.load(m, auth, tipId, 'handle');
      if (loaded.tip.version !== dto.version) throw staleConflict();
      const primary = await this.primaryFor(m, auth, loaded, dto.primaryTipId);
      return this.close(m, auth, loaded, { outcome: 'duplicate', mergedIntoId: primary.id });
    });
  }

  /** Other open cases of the tip's school the caller may handle: what it can be merged into. */
  async mergeTargets(auth: AuthContext, tipId: string): Promise<MergeTarget[]> {
    const { tip, school } = await this.records.load(this.ds.manager, auth, tipId, 'handle');
    const { roles } = await this.records.school(auth, school.id);
    const open = await this.ds.getRepository(TipEntity).find({
      where: { schoolId: school.id, status: Not('closed'), isTest: false, id: Not(tip.id) }, order: { submittedAt: 'DESC' }, take: 200,
      select: { id: true, category: true, status: true, submittedAt: true, escalationLevel: true, assigneeUserId: true, filedByUserId: true },
    });
    return open.filter((t) => tipAccess(auth.userId, roles, t, school).handle)
      .map((t) => ({ id: t.id, category: TIP_CATEGORY_LABELS[t.category], status: t.status, submittedAt: isoRequired(t.submittedAt) }));
  }

  /** The school's recent floods, each with its open tips the caller may handle. */
  async listFloods(auth: AuthContext, schoolId: string): Promise<TipFlood[]> {
    const { school, roles } = await this.records.school(auth, schoolId);
    const out: TipFlood[] = [];
    for (const f of await this.floods.recent(this.ds.manager, school.id)) {
      const tips = await this.floods.tipsOf(this.ds.manager, f);
      const open = tips.filter((t) => t.status !== 'closed' && tipAccess(auth.userId, roles, t, school).handle);
      if (!open.length && f.tightenedUntil <= this.clock.now()) continue;
      out.push({
        id: f.id, schoolId: f.schoolId, startedAt: isoRequired(f.startedAt), lastTipAt: isoRequired(f.lastTipAt), tipCount: tips.length,
        title: `1小时内收到 ${tips.length} 条举报`, openTipIds: open.map((t) => t.id), tightenedUntil: isoRequired(f.tightenedUntil),
      });
    }
    return out;
  }

  /** 批量处理: one action on many tips of one flood, each checked and audited on its own, all in one transaction. */
  async batch(auth: AuthContext, schoolId: string, floodId: string, dto: FloodBatchDto): Promise<FloodBatchResult> {
    const { school } = await this.records.school(auth, schoolId);
    return inTransaction(this.ds, async (m) => {
      const flood = (await this.floods.recent(m, school.id, 3650)).find((f) => f.id === floodId);
      if (!flood) throw AppException.notFound('集中举报');
      const members = new Set((await this.floods.tipsOf(m, flood)).map((t) => t.id));
      const foreign = dto.tipIds.filter((id) => !members.has(id));
      if (foreign.length) throw AppException.unprocessable(ErrorCode.TIP_TRANSITION_INVALID, `有 ${foreign.length} 条举报不属于这一组集中举报，请刷新后再试`);
      let primaryId: string | undefined;
      if (dto.action === 'duplicate') {
        if (!dto.primaryTipId) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '请选择要合并到的举报');
        if (dto.tipIds.includes(dto.primaryTipId)) throw AppException.unprocessable(ErrorCode.TIP_TRANSITION_INVALID, '不能把举报合并到它自己');
      }
      let done = 0;
      let skipped = 0;
      for (const id of [...new Set(dto.tipIds)]) {
        const loaded = await this.records.load(m, auth, id, 'handle');
        if (loaded.tip.status === 'closed' || (dto.action === 'acknowledge' && loaded.tip.status !== 'new')) { skipped++; continue; }
        if (dto.action === 'acknowledge') await this.acknowledge(m, auth, loaded, flood.id);
        else if (dto.action === 'duplicate') {
          primaryId ??= (await this.primaryFor(m, auth, loaded, dto.primaryTipId!)).id;
          await this.close(m, auth, loaded, { outcome: 'duplicate', mergedIntoId: primaryId, floodId: flood.id });
        } else await this.close(m, auth, loaded, { outcome: dto.action, floodId: flood.id });
        done++;
      }
      return { done, skipped };
    });
  }

  private async primaryFor(m: EntityManager, auth: AuthContext, loaded: LoadedTip, primaryTipId: string): Promise<TipEntity> {
    // Never across schools: a case of another school is "not found", whoever asks.
    const primary = await m.findOne(TipEntity, { where: { id: primaryTipId, schoolId: loaded.tip.schoolId } });
    if (!primary) throw AppException.notFound('要合并到的举报');
    if (primary.id === loaded.tip.id) throw AppException.unprocessable(ErrorCode.TIP_TRANSITION_INVALID, '不能把举报合并到它自己');
    if (primary.status === 'closed' || primary.isTest) throw AppException.unprocessable(ErrorCode.TIP_TRANSITION_INVALID, '只能合并到本校仍在处理中的举报');
    await this.records.load(m, auth, primary.id, 'handle');
    return primary;
  }

  /** Closes one case with a triage outcome: its finding, the triage record, the clocks stopped, audited. */
  private async close(m: EntityManager, auth: AuthContext, { tip, school, role }: LoadedTip, c: Closing): Promise<TriageResult> {
    if (tip.status === 'closed') throw AppException.unprocessable(ErrorCode.TIP_TRANSITION_INVALID, '这条举报已经结案，如需改变结果请先重新打开');
    if (tip.isTest) throw AppException.unprocessable(ErrorCode.TIP_TRANSITION_INVALID, '测试举报请直接受理');
    const now = this.clock.now();
    const key = await this.crypto.tipKey(m, tip.schoolId, tip.id);
    const decision = TRIAGE_DECISION[c.outcome];
    const note = c.note ?? TIP_OUTCOME_LABELS[c.outcome];
    const res = await m.createQueryBuilder().update(TipEntity).set({
      status: 'closed', decision, decidedAt: now, closedAt: now, acknowledgedAt: tip.acknowledgedAt ?? now, acknowledgedBy: tip.acknowledgedBy ?? auth.userId,
      outcomeEnc: this.crypto.encryptText(key, note, tipAad(tip.id, 'outcome')), version: () => 'version + 1',
    }).where('id = :id AND version = :version', { id: tip.id, version: tip.version }).execute();
    if (res.affected !== 1) throw staleConflict();
    if (tip.status === 'new') {
      await this.scheduler.cancel(m, TIP_SUBJECT, tip.id, TipAction.ACK_DEADLINE);
      await this.scheduler.cancel(m, TIP_SUBJECT, tip.id, TipAction.DISTRICT_ESCALATION);
    }
    await this.routing.onDecided(m, tip.id);
    await this.replyAlerts.forget(m, tip.id);
    await this.retention.onClosed(m, tip.id);
    await dropSnapshots(m, school.districtId);
    await m.delete(TipTriageEntity, { tipId: tip.id });
    const row: TipTriageEntity = {
      tipId: tip.id, schoolId: school.id, outcome: c.outcome, mergedIntoId: c.mergedIntoId ?? null,
      referredToEnc: c.referredTo ? this.crypto.encryptText(key, c.referredTo, referredAad(tip.id)) : null,
      statement: c.outcome === 'false_report' ? NO_ACTION_STATEMENT : null, byUserId: auth.userId, at: now,
    };
    await m.insert(TipTriageEntity, row);
    // Cases merged into this one follow it to its primary.
    if (c.mergedIntoId) await m.update(TipTriageEntity, { mergedIntoId: tip.id, outcome: 'duplicate' }, { mergedIntoId: c.mergedIntoId });
    await this.audit.append(m, {
      schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: c.outcome === 'duplicate' ? 'tip.merged' : 'tip.triaged', targetType: 'tip', targetId: tip.id,
      details: { outcome: c.outcome, from: tip.status, ...(c.mergedIntoId ? { mergedInto: c.mergedIntoId } : {}), ...(c.floodId ? { floodId: c.floodId } : {}) },
    });
    const closed = { ...tip, status: 'closed' as const, decision, decidedAt: now, closedAt: now } as TipEntity;
    return { tipId: tip.id, status: 'closed', triage: (await this.view.info(m, closed))!, version: tip.version + 1 };
  }

  /** A flood's tip acknowledged as part of a batch: the same change as POST /tips/{id}/ack, audited per tip. */
  private async acknowledge(m: EntityManager, auth: AuthContext, { tip, school, role }: LoadedTip, floodId: string): Promise<void> {
    const now = this.clock.now();
    const due = investigationDueAt(now, tipPolicy(school.settings));
    const res = await m.createQueryBuilder().update(TipEntity)
      .set({ status: 'acknowledged', acknowledgedAt: now, acknowledgedBy: auth.userId, investigationDueAt: due, version: () => 'version + 1' })
      .where('id = :id AND version = :version AND status = :new', { id: tip.id, version: tip.version, new: 'new' }).execute();
    if (res.affected !== 1) throw staleConflict();
    await this.routing.onAcknowledged(m, school, tip, now, due);
    await this.audit.append(m, {
      schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: 'tip.acknowledged', targetType: 'tip', targetId: tip.id,
      details: { late: ackOnTime({ ackDueAt: tip.ackDueAt, acknowledgedAt: now }) === false, ackDueAt: isoRequired(tip.ackDueAt), escalationLevel: tip.escalationLevel, investigationDueAt: isoRequired(due), floodId },
    });
  }
}

