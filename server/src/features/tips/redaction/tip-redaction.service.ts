import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  ErrorCode, normalizeSpans, TIP_REDACTED_FIELDS, type TextSpan, type TipRedactedField, type TipRedactionSummary, type TipRedactionView,
} from '@anxin/shared';
import { AuditService } from '../../../platform/audit/audit.service';
import type { AuthContext } from '../../../platform/common/auth/auth-context';
import { Clock } from '../../../platform/common/clock/clock';
import { AppException } from '../../../platform/common/errors/app.exception';
import { CryptoService } from '../../../platform/crypto/crypto.service';
import { iso } from '../../../platform/database/dates';
import { inTransaction } from '../../../platform/database/transaction';
import { AccessService } from '../../tenancy/access.service';
import { isDesignatedContact } from '../../tenancy/designated-contact';
import { StudentEntity } from '../../tenancy/student.entity';
import { staffRef, tipAad, TipRecords, type LoadedTip } from '../tip-records';
import type { SaveTipRedactionDto } from './tip-redaction.dto';
import { TipRedactionEntity } from './tip-redaction.entity';
import { redactionAad, TipRedactions, type FieldMasks } from './tip-redactions';
import { detectSpans } from './span-detector';

/** Where each maskable field is kept on the tip (column and encryption context). */
const SOURCES: Record<TipRedactedField, { column: 'descriptionEnc' | 'placeDetailEnc' | 'peopleEnc'; aad: string }> = {
  description: { column: 'descriptionEnc', aad: 'description' },
  placeDetail: { column: 'placeDetailEnc', aad: 'place_detail' },
  peopleInvolved: { column: 'peopleEnc', aad: 'people' },
};

/**
 * Redaction (脱敏) before a case leaves the school: the server proposes spans (span-detector.ts, plus the school's
 * roster names), the designated contact confirms or edits them, and from then on the case page of every staff reader
 * (the district officer's included) and the ledger show 【已隐去】 in their place (TipRedactions). The original text
 * never changes and stays encrypted; only the designated contact sees it again, each time audited
 * (`tip.original_viewed`). Redaction never holds up an escalation: it only changes what the text reads as.
 */
@Injectable()
export class TipRedactionService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly records: TipRecords,
    private readonly access: AccessService,
    private readonly crypto: CryptoService,
    private readonly redactions: TipRedactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Whether the case is masked and whether proposals wait for the contact; no text (not audited). */
  async summary(auth: AuthContext, tipId: string): Promise<TipRedactionSummary> {
    return inTransaction(this.ds, async (m) => {
      const loaded = await this.records.load(m, auth, tipId, 'content');
      const row = await m.findOne(TipRedactionEntity, { where: { tipId: loaded.tip.id } });
      let unconfirmed = 0;
      if (!row) {
        const texts = await this.texts(m, loaded);
        const roster = await this.rosterNames(m, loaded.school.id);
        for (const f of TIP_REDACTED_FIELDS) unconfirmed += texts[f] ? detectSpans(texts[f]!, roster).length : 0;
      }
      return {
        masked: (row?.maskCount ?? 0) > 0, maskCount: row?.maskCount ?? 0, reviewed: !!row, unconfirmedCandidates: unconfirmed,
        escalatedToDistrict: loaded.tip.escalationLevel === 'district', canRedact: this.isContact(auth, loaded), savedAt: iso(row?.savedAt ?? null),
      };
    });
  }

  /** The original text with the proposals and the confirmed masks: the designated contact only, audited. */
  async original(auth: AuthContext, tipId: string): Promise<TipRedactionView> {
    return inTransaction(this.ds, async (m) => {
      const loaded = this.requireContact(auth, await this.records.load(m, auth, tipId, 'content'));
      const { tip, school, role } = loaded;
      await this.audit.append(m, { schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: 'tip.original_viewed', targetType: 'tip', targetId: tip.id, details: {} });
      const row = await m.findOne(TipRedactionEntity, { where: { tipId: tip.id } });
      const masks: FieldMasks = row ? await this.redactions.open(m, row) : {};
      const texts = await this.texts(m, loaded);
      const roster = await this.rosterNames(m, school.id);
      const names = await this.records.names([row?.savedByUserId ?? null], m);
      return {
        fields: TIP_REDACTED_FIELDS.filter((f) => texts[f]).map((f) => ({ field: f, text: texts[f]!, candidates: detectSpans(texts[f]!, roster), masks: masks[f] ?? [] })),
        savedAt: iso(row?.savedAt ?? null),
        savedBy: row ? staffRef(row.savedByUserId, names) : null,
      };
    });
  }

  /** The contact's confirmed masks (every field; a field left out has none), replacing what was saved before. */
  async save(auth: AuthContext, tipId: string, dto: SaveTipRedactionDto): Promise<TipRedactionSummary> {
    const seen = new Set<string>();
    for (const f of dto.fields) {
      if (seen.has(f.field)) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '同一项内容只能提交一次');
      seen.add(f.field);
      if (f.spans.some((s) => s.end <= s.start)) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '要隐去的范围不正确');
    }
    await inTransaction(this.ds, async (m) => {
      const loaded = this.requireContact(auth, await this.records.load(m, auth, tipId, 'content'));
      const { tip, school, role } = loaded;
      const texts = await this.texts(m, loaded);
      const masks: FieldMasks = {};
      let count = 0;
      for (const f of dto.fields) {
        const text = texts[f.field];
        if (!text) {
          if (f.spans.length) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '这项内容为空，没有可隐去的文字');
          continue;
        }
        if (f.spans.some((s) => s.end > text.length)) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '要隐去的范围超出了原文');
        const spans: TextSpan[] = normalizeSpans(f.spans, text.length);
        if (spans.length) masks[f.field] = spans;
        count += spans.length;
      }
      const key = await this.crypto.tipKey(m, school.id, tip.id);
      await m.upsert(TipRedactionEntity, {
        tipId: tip.id, schoolId: school.id, masksEnc: this.crypto.encryptText(key, JSON.stringify(masks), redactionAad(tip.id)), maskCount: count,
        savedByUserId: auth.userId, savedAt: this.clock.now(),
      }, ['tipId']);
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: 'tip.redaction_saved', targetType: 'tip', targetId: tip.id,
        details: { masks: count, fields: Object.keys(masks) },
      });
    });
    return this.summary(auth, tipId);
  }

  private isContact(auth: AuthContext, { school }: LoadedTip): boolean {
    return isDesignatedContact(auth.userId, this.access.rolesAtSchool(auth, school), school);
  }

  private requireContact(auth: AuthContext, loaded: LoadedTip): LoadedTip {
    if (!this.isContact(auth, loaded)) throw AppException.forbidden('只有欺凌防治负责人可以脱敏或查看原文');
    return loaded;
  }

  private async texts(m: EntityManager, { tip }: LoadedTip): Promise<Record<TipRedactedField, string | null>> {
    const out = {} as Record<TipRedactedField, string | null>;
    for (const f of TIP_REDACTED_FIELDS) out[f] = await this.crypto.decryptOptional(tip[SOURCES[f].column], tipAad(tip.id, SOURCES[f].aad), m);
    return out;
  }

  private async rosterNames(m: EntityManager, schoolId: string): Promise<string[]> {
    return (await m.find(StudentEntity, { where: { schoolId }, select: { name: true } })).map((s) => s.name);
  }
}
