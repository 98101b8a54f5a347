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
}
