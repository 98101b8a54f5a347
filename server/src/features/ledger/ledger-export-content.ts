import type { LedgerDutyRow, LedgerStatus } from '@anxin/shared';

/** What an inspection export prints: the school's ledger of one semester, with each activity's photos made small. */
export interface LedgerExportContent {
  schoolName: string;
  semesterLabel: string;
  /** When the export was made (ISO). */
  generatedAt: string;
  counts: Record<LedgerStatus, number>;
  duties: LedgerDutyRow[];
  /** Activity id → its photos as small JPEGs, in the order they were added. */
  photos: Map<string, Buffer[]>;
}
