import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { NamedReporter, TipDetail, TipOnwardReport, TipReopening, TipStaffMessage } from '@anxin/shared';
import { Permission } from '@anxin/shared';
import { AuditEntryEntity } from '../../platform/audit/audit-entry.entity';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { iso, isoRequired } from '../../platform/database/dates';
import { inTransaction } from '../../platform/database/transaction';
import { TipAttachmentEntity } from './tip-attachment.entity';
import { TipMessageEntity } from './tip-message.entity';
import { mapListItem, staffRef, tipAad, TipRecords, type LoadedTip } from './tip-records';
import { TipReopeningEntity } from './tip-reopening.entity';
import { TipReportEntity } from './tip-report.entity';
import { redactField, TipRedactions } from './redaction/tip-redactions';
import { TipTriageView } from './triage/tip-triage-view';
import { RetentionSchedule } from '../retention/retention-schedule';
import { AccessService } from '../tenancy/access.service';

/**
 * A tip's page for staff: the content, the thread, onward reports, reopenings, photos and the case history, with
 * what the caller may do (`can`). Every read writes `tip.viewed` to the audit chain in the same transaction, before
 * the content leaves.
 */
@Injectable()
export class TipCaseViewService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly records: TipRecords,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly redactions: TipRedactions,
    private readonly triage: TipTriageView,
    private readonly retention: RetentionSchedule,
    private readonly access: AccessService,
  ) {}

  async detail(auth: AuthContext, tipId: string): Promise<TipDetail> {
    return inTransaction(this.ds, async (m) => this.view(m, auth, await this.records.load(m, auth, tipId, 'content')));
  }

  private async view(m: EntityManager, auth: AuthContext, { tip, school, access, role }: LoadedTip): Promise<TipDetail> {
    const showNamed = access.named && tip.namedEnc !== null;
    await this.audit.append(m, {
      schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: 'tip.viewed', targetType: 'tip', targetId: tip.id,
      details: showNamed ? { namedReporterShown: true } : {},
    });
    const [messages, reports, reopenings, attachments, events] = await Promise.all([
      m.find(TipMessageEntity, { where: { tipId: tip.id }, order: { createdAt: 'ASC' } }),
      m.find(TipReportEntity, { where: { tipId: tip.id }, order: { reportedAt: 'ASC' } }),
      m.find(TipReopeningEntity, { where: { tipId: tip.id }, order: { reopenedAt: 'ASC' } }),
      m.find(TipAttachmentEntity, { where: { tipId: tip.id }, order: { createdAt: 'ASC' } }),
      m.find(AuditEntryEntity, { where: { schoolId: school.id, targetType: 'tip', targetId: tip.id }, order: { seq: 'ASC' } }),
    ]);
    const names = await this.records.names([
      tip.assigneeUserId, tip.filedByUserId, tip.acknowledgedBy, ...messages.map((x) => x.authorUserId), ...reports.map((r) => r.byUserId),
      ...reopenings.map((r) => r.byUserId), ...events.map((e) => e.actorUserId),
    ], m);
    const dec = (env: string | null, field: string) => this.crypto.decryptOptional(env, tipAad(tip.id, field), m);
    // Masks the designated contact confirmed (脱敏) apply to every reader's page; the original is GET /tips/{id}/redaction.
    const masks = await this.redactions.forTip(m, tip.id);
    const named = showNamed ? (JSON.parse((await dec(tip.namedEnc, 'named'))!) as NamedReporter) : null;
    const outMessages: TipStaffMessage[] = [];
    for (const x of messages) {
      outMessages.push({
        id: x.id, from: x.authorKind, author: x.authorKind === 'school' ? staffRef(x.authorUserId, names) : null,
        body: await this.crypto.decryptText(x.bodyEnc, `tip_message:${x.id}`, m), at: isoRequired(x.createdAt),
      });
    }
    const outReports: TipOnwardReport[] = [];
    for (const r of reports) {
      outReports.push({
        id: r.id, reportedAt: isoRequired(r.reportedAt), recipient: r.recipient, by: staffRef(r.byUserId, names)!,
        content: await this.crypto.decryptText(r.contentEnc, `tip_report:${r.id}`, m),
      });
    }
    const outReopenings: TipReopening[] = [];
    for (const r of reopenings) {
      outReopenings.push({
        id: r.id, at: isoRequired(r.reopenedAt), by: staffRef(r.byUserId, names)!,
        reason: await this.crypto.decryptText(r.reasonEnc, `tip_reopening:${r.id}`, m),
      });
    }
    return {
      ...mapListItem(tip, names, this.clock.now()),
      description: redactField(masks, 'description', (await dec(tip.descriptionEnc, 'description'))!)!,
      when: await dec(tip.whenEnc, 'when'),
      place: tip.place,
      placeDetail: redactField(masks, 'placeDetail', await dec(tip.placeDetailEnc, 'place_detail')),
      // 涉及人员 (the accused): only for the designated contact and the assignee (`named`), never a principal or district reader.
      peopleInvolved: access.named ? redactField(masks, 'peopleInvolved', await dec(tip.peopleEnc, 'people')) : null,
      reporterRole: tip.reporterRole,
      named,
      filedBy: staffRef(tip.filedByUserId, names),
      acknowledgedBy: staffRef(tip.acknowledgedBy, names),
      decision: tip.decision,
      decidedAt: iso(tip.decidedAt),
      outcome: await dec(tip.outcomeEnc, 'outcome'),
      measures: await dec(tip.measuresEnc, 'measures'),
      reporterOutcome: await dec(tip.reporterOutcomeEnc, 'reporter_outcome'),
      reopenedAt: iso(tip.reopenedAt),
      reopenings: outReopenings,
      triage: await this.triage.info(m, tip),
      retention: await this.retention.infoOf(m, tip, !tip.isTest && this.access.hasSchoolPermission(auth, school, Permission.RETENTION_HOLD)),
      can: { handle: access.handle, named: access.named },
      attachments: attachments.map((a) => ({ id: a.id, mime: 'image/jpeg', size: a.staffSize, width: a.width, height: a.height })),
      messages: outMessages,
      reports: outReports,
      timeline: events.map((e) => ({
        at: isoRequired(e.at), action: e.action, actor: e.actorUserId ? names.get(e.actorUserId) ?? null : e.actorRole === 'system' ? '系统' : null, details: e.details ?? {},
      })),
    };
  }
}
