import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import {
  ErrorCode, Permission, RETENTION_KIND_LABELS, RETENTION_UPCOMING_DAYS,
  type RetentionRules, type TipRetentionInfo, type UpcomingErasures,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { inTransaction } from '../../platform/database/transaction';
import { ScheduledActionEntity } from '../../platform/scheduler/scheduled-action.entity';
import { districtAuditRecord } from '../tenancy/district-audit';
import { AccessService } from '../tenancy/access.service';
import { TipEntity } from '../tips/tip.entity';
import type { LegalHoldDto, UpdateRetentionRulesDto } from './retention.dto';
import { RetentionHoldEntity } from './retention-hold.entity';
import { RetentionRulesEntity } from './retention-rules.entity';
import { RetentionSchedule } from './retention-schedule';
import { kindOfAction, RETENTION_KINDS, RETENTION_SUBJECT, RetentionAction, rulesOf } from './tip-erasure';

const DAY = 86_400_000;
const holdAad = (tipId: string) => `retention_hold:${tipId}`;
const sha256 = (v: string) => createHash('sha256').update(v, 'utf8').digest('hex');

/** A district's retention rules, legal holds on a case, and a school's coming erasures. */
@Injectable()
export class RetentionService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly schedule: RetentionSchedule,
    private readonly audit: AuditService,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
  ) {}

  async rules(auth: AuthContext, districtId: string): Promise<RetentionRules> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_READ);
    return rulesOf(this.ds.manager, districtId);
  }

  /**
   * Changes the district's rules (each within RETENTION_BOUNDS, else 400) and moves every pending erasure of its
   * schools to the new date; audited in the district's chain with the old and the new values.
   */
  async updateRules(auth: AuthContext, districtId: string, dto: UpdateRetentionRulesDto): Promise<RetentionRules> {
    this.access.requireDistrict(auth, districtId, Permission.DISTRICT_MANAGE);
    if (dto.unansweredThreadYears > dto.tipContentYears) {
      throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '未获回复的留言的保留期限不能长于举报内容的保留期限');
    }
    return inTransaction(this.ds, async (m) => {
      const before = await rulesOf(m, districtId);
      const next = { tipContentYears: dto.tipContentYears, unansweredThreadYears: dto.unansweredThreadYears, receiptYears: dto.receiptYears, logDays: dto.logDays };
      const now = this.clock.now();
      await m.delete(RetentionRulesEntity, { districtId });
      await m.insert(RetentionRulesEntity, { districtId, ...next, updatedAt: now, updatedByUserId: auth.userId });
      const moved = await this.schedule.rescheduleDistrict(m, districtId);
      const old = { tipContentYears: before.tipContentYears, unansweredThreadYears: before.unansweredThreadYears, receiptYears: before.receiptYears, logDays: before.logDays };
      await this.audit.append(m, districtAuditRecord(districtId, {
        actorUserId: auth.userId, actorRole: 'district_officer', action: 'retention.rules_changed', targetType: 'district', targetId: districtId,
        details: { old, new: next, rescheduledCases: moved },
      }));
      return rulesOf(m, districtId);
    });
  }

  /** Puts a case under a legal hold (the principal, or an officer of its district): its erasures are cancelled. */
  async setHold(auth: AuthContext, tipId: string, dto: LegalHoldDto): Promise<TipRetentionInfo> {
    return inTransaction(this.ds, async (m) => {
      const { tip, role } = await this.loadForHold(m, auth, tipId);
      if (await m.exists(RetentionHoldEntity, { where: { tipId } })) throw AppException.conflict(ErrorCode.RETENTION_HOLD_EXISTS, '这个案件已在法律保全中');
      const key = await this.crypto.schoolKey(m, tip.schoolId);
      await m.insert(RetentionHoldEntity, {
        tipId, schoolId: tip.schoolId, reasonEnc: this.crypto.encryptText(key, dto.reason, holdAad(tipId)), setByUserId: auth.userId, setAt: this.clock.now(),
      });
      await this.schedule.cancel(m, tipId);
      await this.audit.append(m, {
        schoolId: tip.schoolId, actorUserId: auth.userId, actorRole: role, action: 'retention.hold_set', targetType: 'tip', targetId: tipId,
        details: { reasonSha256: sha256(dto.reason) },
      });
      return this.schedule.infoOf(m, tip, true);
    });
  }

  /** Lifts a legal hold: a closed case's erasures are scheduled again under the district's rules (at once if overdue). */
  async liftHold(auth: AuthContext, tipId: string, dto: LegalHoldDto): Promise<TipRetentionInfo> {
    return inTransaction(this.ds, async (m) => {
      const { tip, role } = await this.loadForHold(m, auth, tipId);
      const res = await m.delete(RetentionHoldEntity, { tipId });
      if (!res.affected) throw AppException.conflict(ErrorCode.RETENTION_HOLD_MISSING, '这个案件没有法律保全');
      await this.schedule.onClosed(m, tipId);
      await this.audit.append(m, {
        schoolId: tip.schoolId, actorUserId: auth.userId, actorRole: role, action: 'retention.hold_lifted', targetType: 'tip', targetId: tipId,
        details: { reasonSha256: sha256(dto.reason) },
      });
      return this.schedule.infoOf(m, tip, true);
    });
  }

  /** The school's erasures due in the next RETENTION_UPCOMING_DAYS days, and its cases under a legal hold (ids and dates only). */
  async upcoming(auth: AuthContext, schoolId: string): Promise<UpcomingErasures> {
    await this.access.requireSchool(auth, schoolId, Permission.RETENTION_READ);
    const until = new Date(this.clock.now().getTime() + RETENTION_UPCOMING_DAYS * DAY);
    const rows = await this.ds.getRepository(ScheduledActionEntity).find({
      where: { status: 'pending', schoolId, subjectType: RETENTION_SUBJECT, action: In(RETENTION_KINDS.map((k) => RetentionAction[k])), dueAt: LessThanOrEqual(until) },
      order: { dueAt: 'ASC' },
    });
    const tips = rows.length ? await this.ds.getRepository(TipEntity).find({ where: { id: In([...new Set(rows.map((r) => r.subjectId))]) }, select: { id: true, closedAt: true } }) : [];
    const closed = new Map(tips.map((t) => [t.id, t.closedAt]));
    const holds = await this.ds.getRepository(RetentionHoldEntity).find({ where: { schoolId }, order: { setAt: 'ASC' } });
    return {
      items: rows.map((r) => {
        const kind = kindOfAction(r.action)!;
        const c = closed.get(r.subjectId);
        return { tipId: r.subjectId, kind, kindLabel: RETENTION_KIND_LABELS[kind], dueAt: new Date(r.dueAt).toISOString(), closedAt: c ? new Date(c).toISOString() : null };
      }),
      held: holds.map((h) => ({ tipId: h.tipId, setAt: new Date(h.setAt).toISOString() })),
    };
  }

  /** The case (404 for another tenant or an unknown id) and the caller's acting role; 403 without RETENTION_HOLD. */
  private async loadForHold(m: import('typeorm').EntityManager, auth: AuthContext, tipId: string): Promise<{ tip: TipEntity; role: string | null }> {
    const tip = await m.findOne(TipEntity, { where: { id: tipId } });
    if (!tip || tip.isTest) throw AppException.notFound('举报');
    const school = await this.access.school(tip.schoolId);
    if (!this.access.rolesAtSchool(auth, school).length) throw AppException.notFound('举报');
    if (!this.access.hasSchoolPermission(auth, school, Permission.RETENTION_HOLD)) throw AppException.forbidden('只有校长或教育局工作人员可以设置或解除法律保全');
    const role = this.access.rolesAtSchool(auth, school).find((r) => r.role === 'principal' || r.role === 'district_officer')?.role ?? null;
    return { tip, role };
  }
}
