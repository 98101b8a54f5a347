import type { FloodBatchRequest, FloodBatchResult, MergeTarget, MergeTipRequest, TipFlood, TriageResult, TriageTipRequest } from '@anxin/shared';
import { api } from './client';

/** Triage of the tip box (shared/src/api/tip-triage.ts): outcomes, merging a duplicate, a school's floods. */
const tip = (id: string, rest: string) => `/tips/${encodeURIComponent(id)}/${rest}`;

export const tipTriageApi = {
  triage: (id: string, body: TriageTipRequest) => api.post<TriageResult>(tip(id, 'triage'), body),
  merge: (id: string, body: MergeTipRequest) => api.post<TriageResult>(tip(id, 'merge'), body),
  mergeTargets: (id: string) => api.get<MergeTarget[]>(tip(id, 'merge-targets')),
  floods: (schoolId: string) => api.get<TipFlood[]>(`/schools/${encodeURIComponent(schoolId)}/tips/floods`),
  batch: (schoolId: string, floodId: string, body: FloodBatchRequest) =>
    api.post<FloodBatchResult>(`/schools/${encodeURIComponent(schoolId)}/tips/floods/${encodeURIComponent(floodId)}/batch`, body),
};
