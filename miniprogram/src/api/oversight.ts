import type {
  AckSupervisionFlagRequest, DistrictCalendarResponse, DistrictDashboardResponse, PutDistrictCalendarRequest, SchoolDashboardResponse,
  SupervisionFlag,
} from '@anxin/shared';
import { api } from './client';

const enc = encodeURIComponent;
const semesterQuery = (semester?: string) => (semester ? { semester } : undefined);

/** Oversight: the school and district dashboards, the supervision flags, a district's school-year calendar. */
export const oversightApi = {
  schoolDashboard: (schoolId: string, semester?: string) => api.get<SchoolDashboardResponse>(`/schools/${enc(schoolId)}/dashboard`, semesterQuery(semester)),
  districtDashboard: (districtId: string, semester?: string) => api.get<DistrictDashboardResponse>(`/districts/${enc(districtId)}/dashboard`, semesterQuery(semester)),
  ackFlag: (districtId: string, flagKey: string, body: AckSupervisionFlagRequest) => api.post<SupervisionFlag>(`/districts/${enc(districtId)}/flags/${enc(flagKey)}/ack`, body),
  calendar: (districtId: string) => api.get<DistrictCalendarResponse>(`/districts/${enc(districtId)}/calendar`),
  putCalendar: (districtId: string, body: PutDistrictCalendarRequest) => api.put<DistrictCalendarResponse>(`/districts/${enc(districtId)}/calendar`, body),
};
