import type { SurveyDistrictResponse } from '@anxin/shared';
import { api } from '../../../api/client';

/** The district officer's view of every school's surveys (shared/src/api/surveys.ts). */
export const districtSurveysApi = {
  view: (districtId: string, semester?: string) =>
    api.get<SurveyDistrictResponse>(`/districts/${encodeURIComponent(districtId)}/surveys${semester ? `?semester=${encodeURIComponent(semester)}` : ''}`),
};

export const DISTRICT_SURVEYS_PAGE = '/subpackages/district/surveys/index';
