import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import {
  ErrorCode, Permission, TIP_STATUS_LABELS, TIP_STATUS_TRANSITIONS, TipCategory, TipStatus,
  type NamedReporter, type Page, type StaffRef, type TipDetail, type TipListItem, type TipAssigneeOption, type TipOnwardReport, type TipStaffMessage,
  type TipStatsResponse,
} from '@anxin/shared';
import { AuditEntryEntity } from '../../platform/audit/audit-entry.entity';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { iso, isoRequired } from '../../platform/database/dates';
import { inTransaction } from '../../platform/database/transaction';
import { UserEntity } from '../identity/user.entity';
import { AccessService } from '../tenancy/access.service';
import { SchoolEntity } from '../tenancy/school.entity';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { isDesignatedContact } from '../tenancy/designated-contact';
import { ASSIGNABLE_ROLES, holdsCaseRole, TipAccess, tipAccess, tipListScope } from './tip-access.policy';
import { TipAttachmentChunkEntity } from './tip-attachment-chunk.entity';
import { TipAttachmentEntity } from './tip-attachment.entity';
import { TipEntity } from './tip.entity';
import { TipReplyAlerts } from './tip-reply-alerts';
import { TipMessageEntity } from './tip-message.entity';
import { DECIDED, INVESTIGATION_OPEN, investigationDueAt, isOverdue, tipPolicy } from './tip-policy';
import { buildLedger } from './tip-ledger';
import { TipReportEntity } from './tip-report.entity';
import { TipRoutingService } from './tip-routing.service';
import type { OnwardReportDto, TipListQueryDto, UpdateTipDto } from './tips.dto';

interface Loaded {
  tip: TipEntity;
  school: SchoolEntity;
  access: TipAccess;
  role: string | null;
}

const aad = (tipId: string, field: string) => `tip:${tipId}:${field}`;

/**
 * The school's side of the tip box: the contact's inbox, the case workflow and the ledger. Record-level access
 * is TipAccessPolicy; another school's tip is 404, a tip of the caller's school they may not see is 403.
 * Every read of content writes `tip.viewed` to the audit chain before the content leaves.
 */
@Injectable()
export class TipsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly crypto: CryptoService,
    private readonly routing: TipRoutingService,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly replyAlerts: TipReplyAlerts,
  ) {}

  // ------------------------------------------------------------------ access

  private async load(m: EntityManager, auth: AuthContext, tipId: string, need: 'content' | 'handle'): Promise<Loaded> {
    const tip = await m.findOne(TipEntity, { where: { id: tipId } });
    if (!tip) throw AppException.notFound('举报');
    const school = await m.findOneOrFail(SchoolEntity, { where: { id: tip.schoolId } });
    const roles = this.access.rolesAtSchool(auth, school);
    if (!roles.length) throw AppException.notFound('举报');
    const access = tipAccess(auth.userId, roles, tip, school);
    if (!access[need]) throw AppException.forbidden(need === 'content' ? '只有欺凌防治负责人和经办人可以查看举报内容' : '你不是这条举报的经办人');
    return { tip, school, access, role: this.access.actingRole(auth, school) };
  }

  private async schoolWithRoles(auth: AuthContext, schoolId: string): Promise<{ school: SchoolEntity; roles: ReturnType<AccessService['rolesAtSchool']> }> {
    const school = await this.ds.getRepository(SchoolEntity).findOne({ where: { id: schoolId } });
    if (!school) throw AppException.notFound('学校');
    const roles = this.access.rolesAtSchool(auth, school);
    if (!roles.length) throw AppException.notFound('学校');
    return { school, roles };
  }

  // ------------------------------------------------------------------ list and stats

  async list(auth: AuthContext, schoolId: string, q: TipListQueryDto): Promise<Page<TipListItem>> {
    const { school, roles } = await this.schoolWithRoles(auth, schoolId);
    const scope = tipListScope(auth.userId, roles, school);
    const now = this.clock.now();
    const qb = this.ds.getRepository(TipEntity).createQueryBuilder('t').where('t.school_id = :schoolId', { schoolId });
    if (!scope.all) {
      qb.andWhere(new Brackets((w) => {
        w.where('t.filed_by_user_id = :me', { me: auth.userId });
        if (scope.assigned) w.orWhere('t.assignee_user_id = :me', { me: auth.userId });
        if (scope.escalatedForPrincipal) w.orWhere('t.escalation_level <> :none', { none: 'none' });
        if (scope.districtEscalated) w.orWhere('t.escalation_level = :district', { district: 'district' });
      }));
    }
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    if (q.category) qb.andWhere('t.category = :category', { category: q.category });
    if (q.urgent === true) qb.andWhere('(t.in_danger = :yes OR t.ongoing = :yes)', { yes: true });
    if (q.urgent === false) qb.andWhere('(t.in_danger = :no AND t.ongoing = :no)', { no: false });
    const overdueSql = `((t.status = 'new' AND t.ack_due_at <= :now) OR (t.status IN ('acknowledged', 'investigating') AND (t.overdue_at IS NOT NULL OR t.investigation_due_at <= :now)))`;
    if (q.overdue === true) qb.andWhere(overdueSql, { now });
    if (q.overdue === false) qb.andWhere(`NOT ${overdueSql}`, { now });
    const total = await qb.getCount();
    const rows = await qb.orderBy('t.submitted_at', 'DESC').addOrderBy('t.id', 'ASC').skip(q.offset ?? 0).take(q.limit ?? 50).getMany();
    const names = await this.names(rows.map((r) => r.assigneeUserId));
    return { items: rows.map((t) => this.mapListItem(t, names, now)), total };
  }

  async stats(auth: AuthContext, schoolId: string): Promise<TipStatsResponse> {
    await this.access.requireSchool(auth, schoolId, Permission.TIP_STATS);
    const now = this.clock.now();
    const rows = await this.ds.getRepository(TipEntity).find({
      where: { schoolId },
      select: { id: true, status: true, decision: true, category: true, escalationLevel: true, ackDueAt: true, acknowledgedAt: true, investigationDueAt: true, overdueAt: true },
    });
    const byStatus = Object.fromEntries(Object.values(TipStatus).map((s) => [s, 0])) as Record<TipStatus, number>;
    const byCategory = Object.fromEntries(Object.values(TipCategory).map((c) => [c, 0])) as Record<TipCategory, number>;
    const out: TipStatsResponse = {
      schoolId, total: rows.length, byStatus, byCategory, unacknowledged: 0, overdue: 0, escalatedToPrincipal: 0, escalatedToDistrict: 0,
      ackOnTime: 0, ackLate: 0, confirmedBullying: 0,
    };
    for (const t of rows) {
      byStatus[t.status]++;
      byCategory[t.category]++;
      if (t.status === 'new') out.unacknowledged++;
      if (isOverdue(t, now)) out.overdue++;
      if (t.escalationLevel !== 'none') out.escalatedToPrincipal++;
      if (t.escalationLevel === 'district') out.escalatedToDistrict++;
      if (t.acknowledgedAt) {
        if (new Date(t.acknowledgedAt) <= new Date(t.ackDueAt)) out.ackOnTime++;
        else out.ackLate++;
      }
      if (t.decision === 'confirmed') out.confirmedBullying++;
    }
    return out;
  }

  // ------------------------------------------------------------------ detail

  async detail(auth: AuthContext, tipId: string): Promise<TipDetail> {
    return inTransaction(this.ds, async (m) => {
      const loaded = await this.load(m, auth, tipId, 'content');
      return this.viewDetail(m, auth, loaded);
    });
  }

  /** Audits the view (same transaction), then decrypts. */
  private async viewDetail(m: EntityManager, auth: AuthContext, { tip, school, access, role }: Loaded): Promise<TipDetail> {
    const showNamed = access.named && tip.namedEnc !== null;
    await this.audit.append(m, {
      schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: 'tip.viewed', targetType: 'tip', targetId: tip.id,
      details: showNamed ? { namedReporterShown: true } : {},
    });
    const [messages, reports, attachments, events] = await Promise.all([
      m.find(TipMessageEntity, { where: { tipId: tip.id }, order: { createdAt: 'ASC' } }),
      m.find(TipReportEntity, { where: { tipId: tip.id }, order: { reportedAt: 'ASC' } }),
      m.find(TipAttachmentEntity, { where: { tipId: tip.id }, order: { createdAt: 'ASC' } }),
      m.find(AuditEntryEntity, { where: { schoolId: school.id, targetType: 'tip', targetId: tip.id }, order: { seq: 'ASC' } }),
    ]);
    const names = await this.names([
      tip.assigneeUserId, tip.filedByUserId, tip.acknowledgedBy, ...messages.map((x) => x.authorUserId), ...reports.map((r) => r.byUserId),
      ...events.map((e) => e.actorUserId),
    ], m);
    const ref = (id: string | null): StaffRef | null => (id ? { userId: id, name: names.get(id) ?? '' } : null);
    const dec = (env: string | null, field: string) => this.crypto.decryptOptional(env, aad(tip.id, field), m);
    const named = showNamed ? (JSON.parse((await dec(tip.namedEnc, 'named'))!) as NamedReporter) : null;
    const outMessages: TipStaffMessage[] = [];
    for (const x of messages) {
      outMessages.push({
        id: x.id, from: x.authorKind, author: x.authorKind === 'school' ? ref(x.authorUserId) : null,
        body: await this.crypto.decryptText(x.bodyEnc, `tip_message:${x.id}`, m), at: isoRequired(x.createdAt),
      });
    }
    const outReports: TipOnwardReport[] = [];
    for (const r of reports) {
      outReports.push({
        id: r.id, reportedAt: isoRequired(r.reportedAt), recipient: r.recipient, by: ref(r.byUserId)!,
        content: await this.crypto.decryptText(r.contentEnc, `tip_report:${r.id}`, m),
      });
    }
    return {
      ...this.mapListItem(tip, names, this.clock.now()),
      description: (await dec(tip.descriptionEnc, 'description'))!,
      when: await dec(tip.whenEnc, 'when'),
      place: tip.place,
      placeDetail: await dec(tip.placeDetailEnc, 'place_detail'),
      peopleInvolved: await dec(tip.peopleEnc, 'people'),
      reporterRole: tip.reporterRole,
      named,
      filedBy: ref(tip.filedByUserId),
      acknowledgedBy: ref(tip.acknowledgedBy),
      outcome: await dec(tip.outcomeEnc, 'outcome'),
      measures: await dec(tip.measuresEnc, 'measures'),
      attachments: attachments.map((a) => ({ id: a.id, mime: 'image/jpeg', size: a.staffSize, width: a.width, height: a.height })),
      messages: outMessages,
      reports: outReports,
      timeline: events.map((e) => ({ at: isoRequired(e.at), action: e.action, actor: e.actorUserId ? names.get(e.actorUserId) ?? null : e.actorRole === 'system' ? '系统' : null, details: e.details ?? {} })),
    };
  }

  /** The staff copy of a photo (EXIF/GPS removed), decrypted; the view is audited. */
  async attachment(auth: AuthContext, tipId: string, attachmentId: string): Promise<Buffer> {
    return (await this.readAttachment(auth, tipId, attachmentId, 'staff')).data;
  }

  /**
   * The original as uploaded (evidence, with its metadata — possibly GPS): only for those who may see a named
   * reporter (the designated contact and the assignee), audited as `tip.evidence_viewed`.
   */
  async evidence(auth: AuthContext, tipId: string, attachmentId: string): Promise<{ data: Buffer; mime: string }> {
    return this.readAttachment(auth, tipId, attachmentId, 'original');
  }

  private async readAttachment(auth: AuthContext, tipId: string, attachmentId: string, copy: 'staff' | 'original'): Promise<{ data: Buffer; mime: string }> {
    return inTransaction(this.ds, async (m) => {
      const { tip, school, role, access } = await this.load(m, auth, tipId, 'content');
      if (copy === 'original' && !access.named) throw AppException.forbidden('原始照片（含拍摄信息）只有欺凌防治负责人和经办人可以查看');
      const att = await m.findOne(TipAttachmentEntity, { where: { id: attachmentId, tipId: tip.id } });
      if (!att) throw AppException.notFound('照片');
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: copy === 'staff' ? 'tip.attachment_viewed' : 'tip.evidence_viewed',
        targetType: 'tip', targetId: tip.id, details: { attachmentId },
      });
      const chunks = await m.find(TipAttachmentChunkEntity, { where: { attachmentId, copy }, order: { seq: 'ASC' } });
      const parts: Buffer[] = [];
      for (const c of chunks) parts.push(await this.crypto.decryptBytes(att.keyId, Buffer.from(c.data), `tip_attachment:${attachmentId}:${copy}:${c.seq}`, m));
      return { data: Buffer.concat(parts), mime: copy === 'staff' ? 'image/jpeg' : att.mime };
    });
  }

  // ------------------------------------------------------------------ workflow

  async acknowledge(auth: AuthContext, tipId: string, message?: string): Promise<TipDetail> {
    await inTransaction(this.ds, async (m) => {
      const { tip, school, role } = await this.load(m, auth, tipId, 'handle');
      if (tip.status !== 'new') throw AppException.conflict(ErrorCode.TIP_ALREADY_ACKNOWLEDGED, '这条举报已经受理过了');
      const now = this.clock.now();
      const due = investigationDueAt(now, tipPolicy(school.settings));
      const res = await m.createQueryBuilder().update(TipEntity)
        .set({ status: 'acknowledged', acknowledgedAt: now, acknowledgedBy: auth.userId, investigationDueAt: due, version: () => 'version + 1' })
        .where('id = :id AND version = :version AND status = :new', { id: tip.id, version: tip.version, new: 'new' }).execute();
      if (res.affected !== 1) throw this.staleConflict();
      await this.routing.onAcknowledged(m, school, tip, now, due);
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: 'tip.acknowledged', targetType: 'tip', targetId: tip.id,
        details: { late: now > new Date(tip.ackDueAt), ackDueAt: isoRequired(tip.ackDueAt), escalationLevel: tip.escalationLevel, investigationDueAt: isoRequired(due) },
      });
      if (message) await this.insertStaffMessage(m, auth, tip, role, message);
    });
    return this.detail(auth, tipId);
  }

  async postMessage(auth: AuthContext, tipId: string, body: string): Promise<TipStaffMessage> {
    return inTransaction(this.ds, async (m) => {
      const { tip, role } = await this.load(m, auth, tipId, 'handle');
      return this.insertStaffMessage(m, auth, tip, role, body);
    });
  }

  private async insertStaffMessage(m: EntityManager, auth: AuthContext, tip: TipEntity, role: string | null, body: string): Promise<TipStaffMessage> {
    const key = await this.crypto.schoolKey(m, tip.schoolId);
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

  /** Status, severity, labels, hand-over, outcome and measures, under optimistic concurrency. */
  async update(auth: AuthContext, tipId: string, dto: UpdateTipDto): Promise<TipDetail> {
    await inTransaction(this.ds, async (m) => {
      const { tip, school, role } = await this.load(m, auth, tipId, 'handle');
      if (tip.version !== dto.version) throw this.staleConflict();
      const now = this.clock.now();
      const key = await this.crypto.schoolKey(m, tip.schoolId);
      const changes: Partial<TipEntity> = {};
      const audits: { action: string; details: Record<string, unknown> }[] = [];
      if (dto.status !== undefined && dto.status !== tip.status) {
        if (!TIP_STATUS_TRANSITIONS[tip.status].includes(dto.status)) {
          const hint = tip.status === 'new' ? '，请先受理' : '';
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
      if (dto.outcome !== undefined) { changes.outcomeEnc = this.crypto.encryptText(key, dto.outcome, aad(tip.id, 'outcome')); fields.push('outcome'); }
      if (dto.measures !== undefined) { changes.measuresEnc = this.crypto.encryptText(key, dto.measures, aad(tip.id, 'measures')); fields.push('measures'); }
      if (fields.length) audits.push({ action: 'tip.updated', details: { fields, ...(changes.severity ? { severity: changes.severity } : {}), ...(changes.labels ? { labels: changes.labels } : {}) } });
      // The conditional UPDATE is what decides a race: of two writers that read the same version, one matches.
      const res = await m.createQueryBuilder().update(TipEntity).set({ ...changes, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id: tip.id, version: dto.version }).execute();
      if (res.affected !== 1) throw this.staleConflict();
      if (changes.status && !INVESTIGATION_OPEN.includes(changes.status)) await this.routing.onDecided(m, tip.id);
      // A closed case needs no more reply alerts: the reporter's link to it goes with the same commit.
      if (changes.status === 'closed') await this.replyAlerts.forget(m, tip.id);
      if (changes.assigneeUserId) await this.routing.notifyAssigned(m, tip, changes.assigneeUserId, dto.version + 1);
      for (const a of audits) {
        await this.audit.append(m, { schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: a.action, targetType: 'tip', targetId: tip.id, details: a.details });
      }
    });
    return this.detail(auth, tipId);
  }

  /** 续报: an onward report to the education department, recorded with time, recipient and content. */
  /** Colleagues the case can be handed over to: the school's contact, principal and committee members. */
  async assignees(auth: AuthContext, tipId: string): Promise<TipAssigneeOption[]> {
    const { school } = await this.load(this.ds.manager, auth, tipId, 'handle');
    const roles = (await this.ds.getRepository(StaffRoleEntity).find({ where: { schoolId: school.id, role: In(ASSIGNABLE_ROLES) as any } }))
      .filter((r) => r.role !== 'contact' || isDesignatedContact(r.userId, [r], school));
    const names = await this.names(roles.map((r) => r.userId));
    const byUser = new Map<string, string[]>();
    for (const r of roles) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r.role]);
    return [...byUser].map(([userId, userRoles]) => ({ userId, name: names.get(userId) ?? '', roles: userRoles.sort() }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }

  async report(auth: AuthContext, tipId: string, dto: OnwardReportDto): Promise<TipOnwardReport> {
    return inTransaction(this.ds, async (m) => {
      const { tip, school, role } = await this.load(m, auth, tipId, 'handle');
      const now = this.clock.now();
      const reportedAt = dto.reportedAt ? new Date(dto.reportedAt) : now;
      if (reportedAt.getTime() > now.getTime() + 5 * 60_000) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '报告时间不能晚于现在');
      const key = await this.crypto.schoolKey(m, tip.schoolId);
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

  // ------------------------------------------------------------------ ledger

  async ledgerXlsx(auth: AuthContext, schoolId: string): Promise<Buffer> {
    const { school, rows } = await this.ledgerRows(auth, schoolId);
    return buildLedger(school.name, rows);
  }

  /** Tips (decrypted) for the ledger: only those whose content the caller may see; the export is audited. */
  async ledgerRows(auth: AuthContext, schoolId: string): Promise<{ school: SchoolEntity; rows: LedgerRow[] }> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.TIP_EXPORT);
    const roles = this.access.rolesAtSchool(auth, school);
    return inTransaction(this.ds, async (m) => {
      const tips = (await m.find(TipEntity, { where: { schoolId }, order: { submittedAt: 'ASC' } })).filter((t) => tipAccess(auth.userId, roles, t, school).content);
      const reports = tips.length ? await m.find(TipReportEntity, { where: { tipId: In(tips.map((t) => t.id)) }, order: { reportedAt: 'ASC' } }) : [];
      const now = this.clock.now();
      const rows: LedgerRow[] = [];
      for (const t of tips) {
        const dec = (env: string | null, field: string) => this.crypto.decryptOptional(env, aad(t.id, field), m);
        const onward: string[] = [];
        for (const r of reports.filter((x) => x.tipId === t.id)) {
          onward.push(`${isoRequired(r.reportedAt)} 续报${r.recipient}：${await this.crypto.decryptText(r.contentEnc, `tip_report:${r.id}`, m)}`);
        }
        rows.push({
          tip: t, when: await dec(t.whenEnc, 'when'), placeDetail: await dec(t.placeDetailEnc, 'place_detail'),
          description: (await dec(t.descriptionEnc, 'description'))!, people: await dec(t.peopleEnc, 'people'),
          measures: await dec(t.measuresEnc, 'measures'), outcome: await dec(t.outcomeEnc, 'outcome'), onward, now,
        });
      }
      await this.audit.append(m, {
        schoolId, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'tip.ledger_exported', targetType: 'school', targetId: schoolId,
        details: { rows: rows.length },
      });
      return { school, rows };
    });
  }

  // ------------------------------------------------------------------ mapping

  private staleConflict(): AppException {
    return AppException.conflict(ErrorCode.TIP_VERSION_CONFLICT, '这条举报刚刚被其他老师修改过，请刷新后再操作');
  }

  private async names(ids: (string | null)[], m: EntityManager = this.ds.manager): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((x): x is string => !!x))];
    if (!unique.length) return new Map();
    const users = await m.find(UserEntity, { where: { id: In(unique) }, select: { id: true, displayName: true } });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }

  private mapListItem(t: TipEntity, names: Map<string, string>, now: Date): TipListItem {
    return {
      id: t.id, schoolId: t.schoolId, category: t.category, status: t.status, source: t.source,
      urgent: t.inDanger || t.ongoing, inDanger: t.inDanger, ongoing: t.ongoing, contentFlag: t.contentFlag,
      severity: t.severity, labels: t.labels ?? [], escalationLevel: t.escalationLevel,
      assignee: t.assigneeUserId ? { userId: t.assigneeUserId, name: names.get(t.assigneeUserId) ?? '' } : null,
      submittedAt: isoRequired(t.submittedAt), ackDueAt: isoRequired(t.ackDueAt), acknowledgedAt: iso(t.acknowledgedAt),
      investigationDueAt: iso(t.investigationDueAt), overdue: isOverdue(t, now), closedAt: iso(t.closedAt), version: t.version,
    };
  }
}

export interface LedgerRow {
  tip: TipEntity;
  when: string | null;
  placeDetail: string | null;
  description: string;
  people: string | null;
  measures: string | null;
  outcome: string | null;
  onward: string[];
  now: Date;
}


