import type { IsoDateTime } from './common';

export interface AuditEntryResponse {
  seq: number;
  at: IsoDateTime;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditCheckpoint { schoolId: string; seq: number; hash: string; at: IsoDateTime }

/**
 * A chain head signed by the worker (Ed25519) and kept outside the database, one line per checkpoint in the
 * school's checkpoint file. The signature covers schoolId, seq, headHash and signedAt.
 */
export interface AuditSignedCheckpoint {
  schoolId: string;
  seq: number;
  headHash: string;
  signedAt: IsoDateTime;
  /** Names the signing key: the first 16 hex digits of SHA-256 of its raw 32-byte public key. */
  keyId: string;
  /** Base64 Ed25519 signature. */
  signature: string;
}

/** A checkpoint that disagrees with the chain (or whose signature does not hold): where it is and what it said. */
export interface AuditBrokenCheckpoint {
  /** 1-based line of the school's checkpoint file; null for a checkpoint given with the request. */
  line: number | null;
  seq: number | null;
  headHash: string | null;
  signedAt: IsoDateTime | null;
}

export interface AuditVerifyResponse {
  ok: boolean;
  entries: number;
  head: AuditCheckpoint | null;
  /** The first entry whose hash or link does not match, or null. */
  firstBrokenSeq: number | null;
  /** The first checkpoint that disagrees with the chain or is not validly signed, or null. */
  brokenCheckpoint: AuditBrokenCheckpoint | null;
  problem: string | null;
  /** Signed checkpoints read from the school's checkpoint file (a line repeated by a retried write counts once). */
  checkpointsChecked: number;
  /** The newest signed checkpoint in the file, or null when there is none (its age shows whether signing runs). */
  lastCheckpoint: AuditSignedCheckpoint | null;
  /** The hash chain and its checkpoints hold (`ok` is also false when only a sealed record disagrees). */
  chainOk: boolean;
  /** The sealed records, checked once the chain holds; null when the chain itself is broken. */
  seals: AuditSealReport | null;
}

/**
 * Why the seal check names a record or a batch:
 * - `changed`: the record's rows, hashed now, no longer give its newest leaf (edited outside the app);
 * - `deleted`: a sealed or waiting leaf names a record that no longer exists;
 * - `batch`: a batch's stored leaves no longer give the root (or the count) its audit entry holds;
 * - `forged`: a leaf claims a batch that no audit entry of the chain records;
 * - `unknown_kind`: no registered kind recomputes the leaf (its feature is not part of this build).
 */
export type AuditSealProblemReason = 'changed' | 'deleted' | 'batch' | 'forged' | 'unknown_kind';

export interface AuditSealProblem {
  reason: AuditSealProblemReason;
  /** The seal kind, e.g. `notice.receipt`. */
  kind: string | null;
  recordId: string | null;
  /** The batch the newest leaf is sealed in (its audit entry's target); null for a leaf waiting to be sealed. */
  batchId: string | null;
  /** The Shanghai day of that leaf or batch. */
  day: string | null;
  /** The seq of the batch's audit entry, when sealed. */
  seq: number | null;
  /** In Chinese, for people. */
  message: string;
}

/** What the verifier found of the records sealed into the chain in day batches (Merkle roots). */
export interface AuditSealReport {
  /** Batches (audit entries `audit.receipts_sealed`) whose roots were recomputed from their leaves. */
  batches: number;
  /** Their leaves, plus the leaves still waiting for their day's batch. */
  leaves: number;
  /** Records hashed again from their current rows (each against its newest leaf). */
  recordsChecked: number;
  /** Leaves waiting for their day's batch (the day is not over yet). */
  pending: number;
  /**
   * Records whose latest change has its leaf written behind it (a guardian's notice receipt, in the moments before it
   * is tallied): not compared this time; the next run compares them.
   */
  behind: number;
  /** The first problems found (at most 100); `problemCount` counts them all. */
  problems: AuditSealProblem[];
  problemCount: number;
}

/**
 * That one record's leaf is in a sealed batch: the leaf hash, its place in the batch (`index` of `size`, leaves
 * ordered by kind and record id), the sibling hashes from the leaf up (`path`), the root, and the audit entry that
 * holds the root. Check it with SHA-256: node = H(0x00 ‖ leaf hash bytes); at each level, with i the position
 * and n the nodes at that level, i odd → node = H(0x01 ‖ sibling ‖ node), i even and i + 1 < n → node =
 * H(0x01 ‖ node ‖ sibling), else the node moves up unchanged; i = ⌊i/2⌋, n = ⌈n/2⌉ until n = 1; the node is the root.
 */
export interface SealProof {
  kind: string;
  recordId: string;
  /** The Shanghai day whose batch holds the leaf. */
  day: string;
  batchId: string;
  leafHash: string;
  index: number;
  size: number;
  path: string[];
  root: string;
  /** The audit entry `audit.receipts_sealed` whose details hold the root. */
  auditEntry: { seq: number; hash: string; at: IsoDateTime };
}
