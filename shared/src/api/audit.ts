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

export interface AuditVerifyResponse {
  ok: boolean;
  entries: number;
  head: AuditCheckpoint | null;
  /** The first entry whose hash or link does not match, or null. */
  firstBrokenSeq: number | null;
  problem: string | null;
}
