import type {
  OpenSurveyRequest, SurveyCodesResponse, SurveyDetail, SurveyFindingRequest, SurveyFindingView, SurveyListResponse, SurveyReport,
} from '@anxin/shared';
import { api, apiUrl } from '../../api/client';
import { openServerFile } from '../../api/save-file';

const enc = encodeURIComponent;

/** Surveys, the staff side (shared/src/api/surveys.ts). */
export const surveyStaffApi = {
  list: (schoolId: string) => api.get<SurveyListResponse>(`/schools/${enc(schoolId)}/surveys`),
  open: (schoolId: string, body: OpenSurveyRequest) => api.post<SurveyDetail>(`/schools/${enc(schoolId)}/surveys`, body),
  detail: (id: string) => api.get<SurveyDetail>(`/surveys/${enc(id)}`),
  close: (id: string) => api.post<SurveyDetail>(`/surveys/${enc(id)}/close`),
  codes: (id: string, classId: string) => api.get<SurveyCodesResponse>(`/surveys/${enc(id)}/classes/${enc(classId)}/codes`),
  report: (id: string) => api.get<SurveyReport>(`/surveys/${enc(id)}/report`),
  markFinding: (id: string, body: SurveyFindingRequest) => api.post<SurveyFindingView>(`/surveys/${enc(id)}/findings`, body),
  /** The report's aggregated tables (xlsx) or the summary for the school meeting (PDF), opened or saved. */
  exportFile: (id: string, kind: 'xlsx' | 'pdf', title: string) =>
    openServerFile({ url: apiUrl(`/surveys/${enc(id)}/report.${kind}`), name: `${title}.${kind}` }, kind, '导出失败，请检查网络后重试'),
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
