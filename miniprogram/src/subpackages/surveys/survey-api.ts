import type {
  GuardianSurveyListResponse, SurveyAnswerRequest, SurveyAnswerResponse, SurveyCodeCheckResponse, SurveyParentAnswerRequest, SurveyParentAnswerResponse,
} from '@anxin/shared';
import { request } from '../../api/client';

/**
 * The child's survey routes (shared/src/api/surveys.ts). They never send a session and never log in: a classroom
 * tablet may be signed in as someone, and the answer must not carry who.
 */
export const surveyAnswerApi = {
  check: (code: string, classId?: string) => request<SurveyCodeCheckResponse>('POST', '/surveys/codes/check', { body: classId ? { code, classId } : { code }, auth: false }),
  answer: (body: SurveyAnswerRequest) => request<SurveyAnswerResponse>('POST', '/surveys/answers', { body, auth: false }),
};

/** The parent questionnaire, answered by a signed-in guardian through their binding (the session is sent). */
export const parentSurveyApi = {
  list: () => request<GuardianSurveyListResponse>('GET', '/me/surveys'),
  answer: (surveyId: string, body: SurveyParentAnswerRequest) =>
    request<SurveyParentAnswerResponse>('POST', `/surveys/${encodeURIComponent(surveyId)}/parent-answers`, { body }),
};

/** The guardian's page of parent questionnaires. */
export const PARENT_SURVEY_PAGE = '/subpackages/surveys/parent/index';
