import { createHash } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { canonicalJson } from '../../platform/audit/audit-hash';
import type { PipelinedWrite } from '../../platform/database/pipelined-commit';
import { AuditSeals } from '../../platform/audit/seal/audit-seals';
import type { SealLeafInput } from '../../platform/audit/seal/seal-leaves';
import { sealLeafHash, SealKinds, type SealKind } from '../../platform/audit/seal/seal-kinds';
import { NoticeReceiptEntity } from './notice-receipt.entity';
import { NoticeSignatureEntity } from './notice-signature.entity';
import { chunks } from '../../platform/database/in-lists';

/** The seal kind of notice receipts. */
export const RECEIPT_SEAL_KIND = 'notice.receipt';

type ReceiptFields = Pick<NoticeReceiptEntity,
  'id' | 'noticeId' | 'schoolId' | 'guardianUserId' | 'contentHash' | 'readOn' | 'confirmedOn' | 'signedOn' | 'answeredOn' | 'answerChoices'
  | 'answerTextEnc' | 'acknowledgedOn'> & Partial<Pick<NoticeReceiptEntity, 'answerErasedHash'>>;

/**
 * What a receipt's leaf covers: who received what (receipt, notice, school, guardian, the content hash sent), the days
 * the guardian read, confirmed, signed and answered (days only, as the receipt keeps them), the answer as stored
 * (SHA-256 of the choices and of the encrypted text: the proof needs no data key) and the signature's SHA-256.
 * Never a time: the receipt's `created_at` is left out.
 */
export function receiptLeafDocument(r: ReceiptFields, signatureSha256: string | null): Record<string, unknown> {
  return {
    kind: RECEIPT_SEAL_KIND, v: 1, receiptId: r.id, noticeId: r.noticeId, schoolId: r.schoolId, guardianUserId: r.guardianUserId,
    contentHash: r.contentHash, readOn: r.readOn, confirmedOn: r.confirmedOn, signedOn: r.signedOn, answeredOn: r.answeredOn,
    acknowledgedOn: r.acknowledgedOn,
    answerHash: r.answerErasedHash ?? receiptAnswerHash(r),
    signatureSha256,
  };
}

/**
 * The SHA-256 a receipt's seal covers for its answer as stored (the choices and the encrypted text), or null when
 * unanswered. The retention rule keeps it in `answer_erased_hash` when it erases the answer.
 */
export function receiptAnswerHash(r: Pick<NoticeReceiptEntity, 'answerChoices' | 'answerTextEnc'>): string | null {
  if (r.answerChoices === null && r.answerTextEnc === null) return null;
  return createHash('sha256').update(canonicalJson({ choices: r.answerChoices, textEnc: r.answerTextEnc })).digest('hex');
}

/** Each receipt's leaf document and hash, from its rows as they are now (through `m`); missing receipts are left out. */
export async function receiptLeaves(m: EntityManager, receiptIds: string[]): Promise<Map<string, { document: Record<string, unknown>; hash: string }>> {
  const out = new Map<string, { document: Record<string, unknown>; hash: string }>();
  for (const ids of chunks([...new Set(receiptIds)])) {
    const receipts = await m.find(NoticeReceiptEntity, { where: { id: In(ids) } });
    const signatures = await m.find(NoticeSignatureEntity, { where: { receiptId: In(ids) }, select: { receiptId: true, sha256: true } });
    const sha = new Map(signatures.map((s) => [s.receiptId, s.sha256]));
    for (const r of receipts) {
      const document = receiptLeafDocument(r, sha.get(r.id) ?? null);
      out.set(r.id, { document, hash: sealLeafHash(document) });
    }
  }
  return out;
}

/** How the platform recomputes receipt leaves when it verifies (`npm run audit:verify` registers it too). */
export const noticeReceiptSealKind: SealKind = {
  kind: RECEIPT_SEAL_KIND,
  leaves: async (m, ids) => new Map([...(await receiptLeaves(m, ids))].map(([id, leaf]) => [id, leaf.hash])),
  // A guardian's change is sealed behind its transaction (`ReceiptTallies`): until then the receipt is `tally_due`.
  behind: async (m, ids) => {
    const out = new Set<string>();
    for (const part of chunks(ids)) {
      for (const r of await m.query(`SELECT id FROM notice_receipts WHERE tally_due = 1 AND id IN (${part.map(() => '?').join(', ')})`, part) as { id: string }[]) out.add(r.id);
    }
    return out;
  },
};

/**
 * Seals notice receipts into the school's audit chain: every change of a receipt hands its new leaf to the platform —
 * the fan-out's in the transaction that makes the receipts, a guardian's (read, confirmed, signed, answered) in the
 * transaction that tallies it behind the guardian's (`ReceiptTallies`); the worker seals each day's leaves after the
 * day is over. No receipt change is written to the chain by itself.
 */
@Injectable()
export class NoticeReceiptSeal implements OnModuleInit {
  constructor(private readonly kinds: SealKinds, private readonly seals: AuditSeals) {}

  onModuleInit(): void {
    this.kinds.register(noticeReceiptSealKind);
  }

  /**
   * After changing receipts, in the same transaction, from the rows as the caller left them: the signatures' SHA-256
   * read (one query) for the signed ones (the leaf `receiptLeaves` recomputes), and `changedToday` when the receipt was
   * made or changed before on this day (`SealLeafInput.changedToday`).
   */
  async sealReceipts(m: EntityManager, changed: { receipt: ReceiptFields; changedToday?: boolean }[]): Promise<void> {
    const signed = changed.filter((c) => c.receipt.signedOn).map((c) => c.receipt.id);
    const stored = new Map<string, string>();
    for (const ids of chunks(signed)) {
      for (const s of await m.find(NoticeSignatureEntity, { where: { receiptId: In(ids) }, select: { receiptId: true, sha256: true } })) stored.set(s.receiptId, s.sha256);
    }
    await this.seals.addMany(m, changed.map(({ receipt, changedToday }) => ({
      schoolId: receipt.schoolId, kind: RECEIPT_SEAL_KIND, recordId: receipt.id, changedToday,
      leafHash: sealLeafHash(receiptLeafDocument(receipt, stored.get(receipt.id) ?? null)),
    })));
  }

  /** The leaves of receipts about to be made (nothing done yet, no signature), hashed as made: work to do before their transaction. */
  madeLeaves(receipts: ReceiptFields[]): SealLeafInput[] {
    return receipts.map((r) => ({ schoolId: r.schoolId, kind: RECEIPT_SEAL_KIND, recordId: r.id, leafHash: sealLeafHash(receiptLeafDocument(r, null)) }));
  }

  /** Writes `madeLeaves` in the transaction that has just made their receipts, without reading them back. */
  async sealMade(m: EntityManager, leaves: SealLeafInput[]): Promise<void> {
    await this.seals.addMade(m, leaves);
  }

  /** `sealMade` as writes for a pipelined commit on MariaDB/MySQL (`commitPipelined`). */
  madeWrites(leaves: SealLeafInput[]): PipelinedWrite[] {
    return this.seals.madeWrites(leaves);
  }
}
