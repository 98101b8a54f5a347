import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { applyMasks, type TextSpan, type TipRedactedField } from '@anxin/shared';
import { CryptoService } from '../../../platform/crypto/crypto.service';
import { TipRedactionEntity } from './tip-redaction.entity';

/** Confirmed masks of one tip, per field (positions in the original text, normalized). */
export type FieldMasks = Partial<Record<TipRedactedField, TextSpan[]>>;

export const redactionAad = (tipId: string) => `tip_redaction:${tipId}`;

/** A field's text as everyone but the contact's 查看原文 sees it: masked when the contact confirmed masks there. */
export function redactField(masks: FieldMasks | undefined, field: TipRedactedField, text: string | null): string | null {
  const spans = masks?.[field];
  return text === null || !spans?.length ? text : applyMasks(text, spans);
}

/**
 * The one reader of confirmed masks, for every place a case's text leaves the designated contact's hands: the case
 * page (TipCaseViewService, which the district officer and every other staff reader get) and the ledger export.
 */
@Injectable()
export class TipRedactions {
  constructor(private readonly crypto: CryptoService) {}

  async forTips(m: EntityManager, tipIds: string[]): Promise<Map<string, FieldMasks>> {
    const out = new Map<string, FieldMasks>();
    if (!tipIds.length) return out;
    const rows = await m.find(TipRedactionEntity, { where: { tipId: In(tipIds) } });
    for (const r of rows) if (r.maskCount > 0) out.set(r.tipId, await this.open(m, r));
    return out;
  }

  async forTip(m: EntityManager, tipId: string): Promise<FieldMasks | undefined> {
    return (await this.forTips(m, [tipId])).get(tipId);
  }

  async open(m: EntityManager, row: TipRedactionEntity): Promise<FieldMasks> {
    return JSON.parse(await this.crypto.decryptText(row.masksEnc, redactionAad(row.tipId), m)) as FieldMasks;
  }
}
