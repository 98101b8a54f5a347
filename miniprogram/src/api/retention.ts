import type { LegalHoldRequest, RetentionRules, TipRetentionInfo, UpcomingErasures, UpdateRetentionRulesRequest } from '@anxin/shared';
import { api } from './client';

/** Retention and erasure (shared/src/api/retention.ts): a district's rules, legal holds, a school's coming erasures. */
export const retentionApi = {
  rules: (districtId: string) => api.get<RetentionRules>(`/districts/${encodeURIComponent(districtId)}/retention-rules`),
  updateRules: (districtId: string, body: UpdateRetentionRulesRequest) => api.put<RetentionRules>(`/districts/${encodeURIComponent(districtId)}/retention-rules`, body),
  upcoming: (schoolId: string) => api.get<UpcomingErasures>(`/schools/${encodeURIComponent(schoolId)}/retention/upcoming`),
  setHold: (tipId: string, body: LegalHoldRequest) => api.post<TipRetentionInfo>(`/tips/${encodeURIComponent(tipId)}/legal-hold`, body),
  liftHold: (tipId: string, body: LegalHoldRequest) => api.post<TipRetentionInfo>(`/tips/${encodeURIComponent(tipId)}/legal-hold/lift`, body),
};
