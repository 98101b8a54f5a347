import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Permission } from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { isoRequired } from '../../platform/database/dates';
import { inTransaction } from '../../platform/database/transaction';
import { AccessService } from '../tenancy/access.service';
import type { SchoolEntity } from '../tenancy/school.entity';
import { tipAccess } from './tip-access.policy';
import { buildLedger, type LedgerRow } from './tip-ledger';
import { tipAad } from './tip-records';
import { TipReportEntity } from './tip-report.entity';
import { TipEntity } from './tip.entity';
import { redactField, TipRedactions } from './redaction/tip-redactions';

/** The case ledger (台账) export: the tips whose content the caller may see, decrypted; the export itself is audited. */
@Injectable()
export class TipLedgerService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly redactions: TipRedactions,
  ) {}

  async xlsx(auth: AuthContext, schoolId: string): Promise<Buffer> {
    const { school, rows } = await this.rows(auth, schoolId);
    return buildLedger(school.name, rows);
  }

  async rows(auth: AuthContext, schoolId: string): Promise<{ school: SchoolEntity; rows: LedgerRow[] }> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.TIP_EXPORT);
    const roles = this.access.rolesAtSchool(auth, school);
    return inTransaction(this.ds, async (m) => {
      // Test tips (测试举报) are no cases: never in the ledger.
      const tips = (await m.find(TipEntity, { where: { schoolId, isTest: false }, order: { submittedAt: 'ASC' } })).filter((t) => tipAccess(auth.userId, roles, t, school).content);
      const reports = tips.length ? await m.find(TipReportEntity, { where: { tipId: In(tips.map((t) => t.id)) }, order: { reportedAt: 'ASC' } }) : [];
      const now = this.clock.now();
      // The ledger leaves the school: the contact's confirmed masks (脱敏) apply.
      const masks = await this.redactions.forTips(m, tips.map((t) => t.id));
      const rows: LedgerRow[] = [];
      for (const t of tips) {
        const dec = (env: string | null, field: string) => this.crypto.decryptOptional(env, tipAad(t.id, field), m);
        const onward: string[] = [];
        for (const r of reports.filter((x) => x.tipId === t.id)) {
          onward.push(`${isoRequired(r.reportedAt)} 续报${r.recipient}：${await this.crypto.decryptText(r.contentEnc, `tip_report:${r.id}`, m)}`);
        }
        const mk = masks.get(t.id);
        rows.push({
          tip: t, when: await dec(t.whenEnc, 'when'), placeDetail: redactField(mk, 'placeDetail', await dec(t.placeDetailEnc, 'place_detail')),
          description: redactField(mk, 'description', (await dec(t.descriptionEnc, 'description'))!)!,
          // 涉及人员 only for those who may see them on the case page (the designated contact, the assignee).
          people: tipAccess(auth.userId, roles, t, school).named ? redactField(mk, 'peopleInvolved', await dec(t.peopleEnc, 'people')) : null,
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
}
