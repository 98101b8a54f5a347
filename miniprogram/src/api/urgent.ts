import type {
  CallDownResponse, DistrictDutyPhone, FieldProblem, PutDistrictDutyPhoneRequest, PutUrgentSettingsRequest, UrgentSettings,
} from '@anxin/shared';
import { ApiError, api } from './client';

const enc = encodeURIComponent;

/** Urgent call-down (紧急呼叫): a school's settings, the district duty phone, a tip's call-down and 标记紧急. */
export const urgentApi = {
  settings: (schoolId: string) => api.get<UrgentSettings>(`/schools/${enc(schoolId)}/urgent-settings`),
  saveSettings: (schoolId: string, body: PutUrgentSettingsRequest) => api.put<UrgentSettings>(`/schools/${enc(schoolId)}/urgent-settings`, body),
  districtDuty: (districtId: string) => api.get<DistrictDutyPhone>(`/districts/${enc(districtId)}/urgent-duty`),
  saveDistrictDuty: (districtId: string, body: PutDistrictDutyPhoneRequest) => api.put<DistrictDutyPhone>(`/districts/${enc(districtId)}/urgent-duty`, body),
  callDown: (tipId: string) => api.get<CallDownResponse>(`/tips/${enc(tipId)}/call-down`),
  markUrgent: (tipId: string) => api.post<CallDownResponse>(`/tips/${enc(tipId)}/urgent`),
};

/**
 * The field problems of a validation error (`details` of the one error shape: `[{ field, problems }]`, fields named
 * like `contacts.0.phone`), keyed by field, for showing each beside its own input.
 */
export function fieldProblems(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError) || !Array.isArray(e.details)) return {};
  const out: Record<string, string> = {};
  for (const p of e.details as FieldProblem[]) {
    if (p && typeof p.field === 'string' && Array.isArray(p.problems)) out[p.field] = p.problems.join('；');
  }
  return out;
}
