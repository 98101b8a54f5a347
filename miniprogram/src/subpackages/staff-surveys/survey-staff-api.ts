import type { OpenSurveyRequest, SurveyCodesResponse, SurveyDetail, SurveyListResponse, SurveyReport } from '@anxin/shared';
import { api } from '../../api/client';

const enc = encodeURIComponent;

/** Surveys, the staff side (shared/src/api/surveys.ts). */
export const surveyStaffApi = {
  list: (schoolId: string) => api.get<SurveyListResponse>(`/schools/${enc(schoolId)}/surveys`),
  open: (schoolId: string, body: OpenSurveyRequest) => api.post<SurveyDetail>(`/schools/${enc(schoolId)}/surveys`, body),
  detail: (id: string) => api.get<SurveyDetail>(`/surveys/${enc(id)}`),
  close: (id: string) => api.post<SurveyDetail>(`/surveys/${enc(id)}/close`),
  codes: (id: string, classId: string) => api.get<SurveyCodesResponse>(`/surveys/${enc(id)}/classes/${enc(classId)}/codes`),
  report: (id: string) => api.get<SurveyReport>(`/surveys/${enc(id)}/report`),
};

/** The staff pages of surveys (kept here: the subpackage owns them; routes.ts lists the app's shared routes). */
export const SURVEY_PAGES = {
  list: '/subpackages/staff-surveys/list/index',
  open: '/subpackages/staff-surveys/open/index',
  detail: '/subpackages/staff-surveys/detail/index',
  codes: '/subpackages/staff-surveys/codes/index',
  report: '/subpackages/staff-surveys/report/index',
  /** The child's page (subpackages/surveys): opened on a classroom tablet; it uses no login. */
  answer: '/subpackages/surveys/answer/index',
} as const;
