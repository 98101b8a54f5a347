import type { AuditEntryResponse, SealProof } from './audit';
import type { IsoDateTime } from './common';
import type { ShanghaiDay } from './notices';
import type { Relation } from '../roles';

/**
 * GET /notices/{id}/receipts/{receiptId}/proof → 200 NoticeReceiptProofResponse: that a receipt is sealed into the
 * school's audit chain. For staff who may see the class of a child the receipt names, and for the receipt's guardian.
 * Receipts are sealed in day batches after their Shanghai day is over (one Merkle root per school and day in an
 * audit entry `audit.receipts_sealed`), so a receipt changed today is `sealed: false` until then (`sealsAfter`).
 */
export interface NoticeReceiptProofChild {
  studentId: string;
  studentName: string;
  className: string;
  relation: Relation;
  relationLabel: string;
}

/** The receipt as staff see it (its guardian: their own). */
export interface NoticeReceiptProofReceipt {
  children: NoticeReceiptProofChild[];
  /** SHA-256 of what was sent (the notice's content hash when it was published). */
  contentHash: string;
  readOn: ShanghaiDay | null;
  confirmedOn: ShanghaiDay | null;
  signedOn: ShanghaiDay | null;
  answeredOn: ShanghaiDay | null;
  acknowledgedOn: ShanghaiDay | null;
  /** The answer as a person reads it (the chosen options, or the text); null when not answered. */
  answer: string | null;
  /** SHA-256 of the signature PNG, when one is stored. */
  signatureSha256: string | null;
}

export interface NoticeReceiptProofResponse {
  noticeId: string;
  receiptId: string;
  noticeTitle: string;
  receipt: NoticeReceiptProofReceipt;
  /** The receipt's leaf as its rows are now: the document and its hash, SHA-256 of the document's canonical JSON (keys sorted). */
  leaf: { kind: string; document: Record<string, unknown>; hash: string };
  /** The receipt as it is now is in a sealed batch: `proof.leafHash` equals `leaf.hash`. */
  sealed: boolean;
  /** The receipt's newest sealed leaf with its Merkle path, root and audit entry; null before its first seal. */
  proof: SealProof | null;
  /** Not sealed yet: the earliest time its waiting leaf is sealed; null when sealed or when no leaf is waiting. */
  sealsAfter: IsoDateTime | null;
  /**
   * The audit entry `audit.receipts_sealed` of `proof` as the audit log shows it (its details hold the root), so the
   * root and the entry's chain hash can be recomputed by whoever reads the proof (`checkReceiptProof`); null with no proof.
   */
  sealEntry: AuditEntryResponse | null;
}
