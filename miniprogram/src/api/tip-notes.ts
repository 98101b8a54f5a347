import type {
  AddTipNoteRequest, SaveTipRedactionRequest, SetTipProgressRequest, TipInternalProgress, TipInternalView, TipNote, TipRedactionSummary, TipRedactionView,
} from '@anxin/shared';
import { api } from './client';

/** A case's staff-only parts (shared/src/api/tip-notes.ts): internal notes and progress, and redaction (脱敏). */
const path = (id: string, rest: string) => `/tips/${encodeURIComponent(id)}/${rest}`;

export const tipNotesApi = {
  /** Notes and the internal step; the server records the read in the case history. */
  internal: (id: string) => api.get<TipInternalView>(path(id, 'internal')),
  addNote: (id: string, body: AddTipNoteRequest) => api.post<TipNote>(path(id, 'notes'), body),
  setProgress: (id: string, body: SetTipProgressRequest) => api.put<TipInternalProgress>(path(id, 'progress'), body),
  redactionSummary: (id: string) => api.get<TipRedactionSummary>(path(id, 'redaction/summary')),
  /** The original text with the proposed and confirmed spans (the designated contact; recorded in the case history). */
  redaction: (id: string) => api.get<TipRedactionView>(path(id, 'redaction')),
  saveRedaction: (id: string, body: SaveTipRedactionRequest) => api.put<TipRedactionSummary>(path(id, 'redaction'), body),
};
