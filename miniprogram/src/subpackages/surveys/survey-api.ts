import type { SurveyAnswerRequest, SurveyAnswerResponse, SurveyCodeCheckResponse } from '@anxin/shared';
import { request } from '../../api/client';

/**
 * The child's survey routes (shared/src/api/surveys.ts). They never send a session and never log in: a classroom
 * tablet may be signed in as someone, and the answer must not carry who.
 */
export const surveyAnswerApi = {
  check: (code: string) => request<SurveyCodeCheckResponse>('POST', '/surveys/codes/check', { body: { code }, auth: false }),
  answer: (body: SurveyAnswerRequest) => request<SurveyAnswerResponse>('POST', '/surveys/answers', { body, auth: false }),
};
