import { beforeEach, describe, expect, it } from '@jest/globals';
import { render, screen } from '@testing-library/react';
import { SURVEY_KINDS, SURVEY_PLACES, SURVEY_TOLD, type SurveyFigures, type SurveyReport } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { SurveyReportBody } from './index';

const figures = (hit: number | null, safety: number | null, responses: SurveyFigures['responses']): SurveyFigures => ({
  responses, kinds: SURVEY_KINDS.map((kind) => ({ kind, share: kind === 'hit' ? hit : null })), places: SURVEY_PLACES.map(() => null),
  toldAnyone: null, told: SURVEY_TOLD.map(() => null), helped: null, witnessed: null, safetyMean: safety,
});
const summary = { id: 'sv2', title: '春季防欺凌问卷', semesterKey: '2030-2', semesterLabel: '2030-2031学年 第二学期', status: 'closed' as const, opensAt: '2031-03-03T02:00:00.000Z', closesAt: '2031-03-08T16:00:00.000Z' };
const REPORT = (texts: string[] | null): SurveyReport => ({
  survey: summary,
  classes: [
    { classId: 'c1', className: '三年级1班', gradeName: '三年级', version: 'short', students: 26, codes: 28, answers: 26, rate: 1 },
    { classId: 'c2', className: '四年级1班', gradeName: '四年级', version: 'full', students: 8, codes: 10, answers: '<5', rate: null },
  ],
  overall: figures(13 / 30, 4.1, 30),
  grades: [{ gradeName: '三年级', gradeNumber: 3, ...figures(0.5, 4, 26) }, { gradeName: '四年级', gradeNumber: 4, ...figures(null, null, '<5') }],
  ownQuestions: [{ questionId: 'own_1', text: '你还想告诉学校什么？', type: 'text', responses: '<5', options: [], texts }],
  talkRequests: '<5',
  previous: { survey: { ...summary, id: 'sv1', title: '秋季防欺凌问卷', semesterKey: '2030-1' }, overall: figures(0.5, 3, 6) },
});

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('问卷结果', () => {
  it('shows rates, <5 for small classes and grades, the bars, and last semester beside this one', async () => {
    fakeApi({ 'GET /surveys/sv2/report': () => ({ status: 200, body: REPORT(null) }) });
    render(<SurveyReportBody id='sv2' />);
    expect(await screen.findByText('春季防欺凌问卷')).toBeTruthy();
    expect(screen.getByText('2030-2031学年 第二学期 · 共 30 份回答 · 想和老师谈谈 <5 人')).toBeTruthy();
    expect(screen.getByText('四年级（<5 份）')).toBeTruthy();
    expect(screen.getAllByText('<5').length).toBeGreaterThan(0);
    expect(screen.getByText('全校（与上学期「秋季防欺凌问卷」对比）')).toBeTruthy();
    expect(screen.getAllByText('上学期 50%').length).toBe(1);
    expect(screen.getByText('43%')).toBeTruthy();
    expect(screen.getByText('在学校的安全感（1–5 分）：4.1，上学期 3.0')).toBeTruthy();
    expect(screen.getByText('简答内容只有欺凌防治负责人能看到。')).toBeTruthy();
  });

  it('the designated contact reads the text answers', async () => {
    fakeApi({ 'GET /surveys/sv2/report': () => ({ status: 200, body: REPORT(['课间有人抢球']) }) });
    render(<SurveyReportBody id='sv2' />);
    expect(await screen.findByText('课间有人抢球')).toBeTruthy();
    expect(screen.queryByText('简答内容只有欺凌防治负责人能看到。')).toBeNull();
  });
});
