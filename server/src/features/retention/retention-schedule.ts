import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { TipRetentionInfo } from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import { Clock } from '../../platform/common/clock/clock';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { TipKeyEntity } from '../../platform/crypto/tip-key.entity';
import { inTransaction } from '../../platform/database/transaction';
import { ScheduledActionEntity } from '../../platform/scheduler/scheduled-action.entity';
import { SchedulerService } from '../../platform/scheduler/scheduler.service';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { SchoolEntity } from '../tenancy/school.entity';
import { TipEntity } from '../tips/tip.entity';
import { RetentionHoldEntity } from './retention-hold.entity';
import { TipErasureEntity } from './tip-erasure.entity';
import {
  districtOfSchool, dueAt, RETENTION_KINDS, RETENTION_SUBJECT, RetentionAction, retentionDedupeKey, rulesOf, runErasure,
} from './tip-erasure';

export const RETENTION_BACKFILL_JOB = 'retention.schedule-closed-cases';
const BACKFILL_EVERY_MS = 60 * 60_000;
const BACKFILL_BATCH = 200;

/**
 * When a case's content is erased: scheduled through the SchedulerService when the case closes, cancelled when it
 * is opened again or put under a legal hold, scheduled again when the hold is lifted or the district changes its
 * rules. The handlers run the erasure in the transaction that marks the action fired (tip-erasure.ts).
 */
@Injectable()
export class RetentionSchedule implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly scheduler: SchedulerService,
    private readonly audit: AuditService,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
    private readonly jobs: PeriodicJobs,
  ) {}

  onModuleInit(): void {
    for (const kind of RETENTION_KINDS) {
      this.scheduler.registerHandler(RetentionAction[kind], async (m, a) => {
        const key = kind === 'tip_content' ? await m.findOne(TipKeyEntity, { where: { tipId: a.subjectId } }) : null;
        const erased = await runErasure(m, kind, a.subjectId, this.clock.now(), (mm, r) => this.audit.append(mm, r));
        if (erased && key) this.crypto.forgetTipKey(key.id);
      });
    }
    // Cases closed before this feature existed get their erasures scheduled (and any a failed run left out).
    this.jobs.register(RETENTION_BACKFILL_JOB, BACKFILL_EVERY_MS, async () => {
      while ((await this.scheduleMissing(BACKFILL_BATCH)) === BACKFILL_BATCH) { /* until a batch finds fewer */ }
    });
  }

  /** A case was closed (in `m`): its erasures are scheduled under the district's rules, unless a legal hold holds it. */
  async onClosed(m: EntityManager, tipId: string): Promise<void> {
    const tip = await m.findOneOrFail(TipEntity, { where: { id: tipId } });
    // A test tip (测试举报) holds only the fixed test text: it is left out of retention.
    if (tip.status !== 'closed' || !tip.closedAt || tip.isTest) return;
    if (await m.exists(RetentionHoldEntity, { where: { tipId } })) return;
    const rules = await rulesOf(m, await districtOfSchool(m, tip.schoolId));
    for (const kind of RETENTION_KINDS) {
      await this.scheduler.cancel(m, RETENTION_SUBJECT, tip.id, RetentionAction[kind]);
      await this.scheduler.schedule(m, {
        action: RetentionAction[kind], subjectType: RETENTION_SUBJECT, subjectId: tip.id, schoolId: tip.schoolId,
        dueAt: dueAt(kind, new Date(tip.closedAt), rules), dedupeKey: retentionDedupeKey(kind, tip.id, tip.reopenCount),
      });
    }
  }

  /** A case was opened again, or put under a legal hold: nothing of it is erased until it closes again or the hold is lifted. */
  async cancel(m: EntityManager, tipId: string): Promise<void> {
    for (const kind of RETENTION_KINDS) await this.scheduler.cancel(m, RETENTION_SUBJECT, tipId, RetentionAction[kind]);
  }

  /** After a district changed its rules: every pending erasure of its schools moves to the new date. */
  async rescheduleDistrict(m: EntityManager, districtId: string): Promise<number> {
    const schoolIds = (await m.find(SchoolEntity, { where: { districtId }, select: { id: true } })).map((s) => s.id);
    if (!schoolIds.length) return 0;
    const pending = await m.find(ScheduledActionEntity, {
      where: { status: 'pending', subjectType: RETENTION_SUBJECT, action: In(RETENTION_KINDS.map((k) => RetentionAction[k])), schoolId: In(schoolIds) },
    });
    const tipIds = [...new Set(pending.map((p) => p.subjectId))];
    for (const id of tipIds) await this.onClosed(m, id);
    return tipIds.length;
  }

  /**
   * Closed cases with no pending or fired content erasure and no legal hold (closed before this feature, or held and
   * released while a run failed): schedules them; answers how many it found.
   */
  async scheduleMissing(limit: number): Promise<number> {
    const ids = (await this.ds.createQueryBuilder(TipEntity, 't').select('t.id', 'id')
      .where('t.status = :closed AND t.closed_at IS NOT NULL AND t.is_test = :no', { closed: 'closed', no: false })
      .andWhere('NOT EXISTS (SELECT 1 FROM retention_holds h WHERE h.tip_id = t.id)')
      .andWhere(`NOT EXISTS (SELECT 1 FROM scheduled_actions a WHERE a.subject_type = :subject AND a.subject_id = t.id
        AND a.action = :action AND a.status IN (:...live))`, { subject: RETENTION_SUBJECT, action: RetentionAction.tip_content, live: ['pending', 'fired'] })
      .orderBy('t.closed_at', 'ASC').limit(limit).getRawMany<{ id: string }>()).map((r) => r.id);
    for (const id of ids) await inTransaction(this.ds, (m) => this.onClosed(m, id));
    return ids.length;
  }

  /** What the staff case view shows about retention. */
  async infoOf(m: EntityManager, tip: Pick<TipEntity, 'id' | 'status'>, canHold: boolean): Promise<TipRetentionInfo> {
    const [hold, erasure, pending] = await Promise.all([
      m.exists(RetentionHoldEntity, { where: { tipId: tip.id } }),
      m.findOne(TipErasureEntity, { where: { tipId: tip.id, kind: 'tip_content' } }),
      tip.status === 'closed'
        ? m.findOne(ScheduledActionEntity, { where: { subjectType: RETENTION_SUBJECT, subjectId: tip.id, action: RetentionAction.tip_content, status: 'pending' } })
        : null,
    ]);
    return {
      eraseAt: !hold && pending ? new Date(pending.dueAt).toISOString() : null,
      legalHold: hold,
      erasedAt: erasure ? new Date(erasure.erasedAt).toISOString() : null,
      canHold,
    };
  }
}

