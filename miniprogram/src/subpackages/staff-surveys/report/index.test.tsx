import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { SURVEY_KINDS, SURVEY_PLACES, SURVEY_TOLD, type SurveyFigures, type SurveyReport } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

jest.mock('@tarojs/components', () => {
  const actual = jest.requireActual<Record<string, unknown>>('../../../../test/stubs/components');
  const Textarea = (props: { className?: string; value?: string; placeholder?: string; onInput?: (e: unknown) => void }) => (
    <textarea className={props.className} value={props.value ?? ''} placeholder={props.placeholder} onChange={(e) => props.onInput?.({ detail: { value: e.target.value } })} />
  );
  return { ...actual, Textarea };
});
const { SurveyReportBody } = require('./index') as typeof import('./index');

const figures = (hit: number | null, safety: number | null, responses: SurveyFigures['responses']): SurveyFigures => ({
  responses, kinds: SURVEY_KINDS.map((kind) => ({ kind, share: kind === 'hit' ? hit : null })), places: SURVEY_PLACES.map(() => null),
  toldAnyone: null, told: SURVEY_TOLD.map(() => null), helped: null, witnessed: null, safetyMean: safety, prevalence: hit === null ? null : hit + 0.1,
});
const summary = { id: 'sv2', title: '春季防欺凌问卷', semesterKey: '2030-2', semesterLabel: '2030-2031学年 第二学期', status: 'closed' as const, opensAt: '2031-03-03T02:00:00.000Z', closesAt: '2031-03-08T16:00:00.000Z', parents: false };
const REPORT = (texts: string[] | null, extra: Partial<SurveyReport> = {}): SurveyReport => ({
  survey: summary,
  classes: [
    { classId: 'c1', className: '三年级1班', gradeName: '三年级', version: 'short', students: 26, codes: 28, answers: 26, rate: 1 },
    { classId: 'c2', className: '四年级1班', gradeName: '四年级', version: 'full', students: 8, codes: 10, answers: '<5', rate: null },
  ],
  overall: figures(13 / 30, 4.1, 30),
  grades: [{ gradeName: '三年级', gradeNumber: 3, ...figures(0.5, 4, 26) }, { gradeName: '四年级', gradeNumber: 4, ...figures(null, null, '<5') }],
  ownQuestions: [{ questionId: 'own_1', text: '你还想告诉学校什么？', type: 'text', responses: '<5', options: [], texts, textsPending: texts && '<5', textsHeld: texts && '<5' }],
  talkRequests: '<5',
  previous: { survey: { ...summary, id: 'sv1', title: '秋季防欺凌问卷', semesterKey: '2030-1' }, overall: figures(0.5, 3, 6) },
  parents: null,
  findings: [],
  followUps: [],
  canMarkFindings: false,
  ...extra,
});
const FINDING = {
  id: 'f1', surveyId: 'sv1', gradeName: '三年级', place: 2, kind: 'hit' as const, text: '三年级 厕所 肢体欺凌', measures: '课间教师巡查厕所', dueOn: '2031-01-15',
  createdAt: '2030-11-20T02:00:00.000Z', figureLabel: '三年级 · 在厕所被打、被推的比例', then: 0.2, now: 0.5,
};
const typeInto = (el: Element, value: string) => fireEvent.input(el, { target: { value }, detail: { value } });

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
    expect(screen.getAllByText('上学期 60%').length).toBe(1); // any kind of bullying
    expect(screen.getByText('43%')).toBeTruthy();
    expect(screen.getByText('在学校的安全感（1–5 分）：4.1，上学期 3.0')).toBeTruthy();
    expect(screen.getByText('简答内容只有欺凌防治负责人能看到。')).toBeTruthy();
  });

  it('the designated contact reads the text answers', async () => {
    fakeApi({ 'GET /surveys/sv2/report': () => ({ status: 200, body: REPORT(['课间有人抢球']) }) });
    render(<SurveyReportBody id='sv2' />);
    expect(await screen.findByText('课间有人抢球')).toBeTruthy();
    expect(screen.queryByText('简答内容只有欺凌防治负责人能看到。')).toBeNull();
    expect(screen.getByText('只显示通过微信内容安全检查的回答。等待检查 <5 条，未通过或无法检查而暂扣 <5 条。')).toBeTruthy();
  });

  it('shows last semester\'s finding then and now, and the contact marks a new one', async () => {
    const api = fakeApi({
      'GET /surveys/sv2/report': () => ({ status: 200, body: REPORT(null, { followUps: [FINDING], canMarkFindings: true }) }),
      'POST /surveys/sv2/findings': () => ({ status: 201, body: { ...FINDING, id: 'f2', surveyId: 'sv2' } }),
    });
    const { container } = render(<SurveyReportBody id='sv2' />);
    expect(await screen.findByText('三年级 · 在厕所被打、被推的比例：上次 20% → 这次 50%，上升 30 个百分点')).toBeTruthy();
    fireEvent.click(screen.getByText('记录发现和措施'));
    expect(await screen.findByText('请写明发现的问题')).toBeTruthy();
    const chip = (label: string) => screen.getAllByText(label).find((el) => el.className.includes('chip'))!;
    fireEvent.click(chip('三年级'));
    fireEvent.click(chip('厕所'));
    typeInto(container.querySelector('.finding-text')!, '三年级 厕所 仍然偏高');
    typeInto(container.querySelector('.finding-measures')!, '增加巡查');
    typeInto(container.querySelector('.finding-due')!, '2031-04-30');
    fireEvent.click(screen.getByText('记录发现和措施'));
    await waitFor(() => expect(api.callsTo('POST /surveys/sv2/findings')).toHaveLength(1));
    expect(api.callsTo('POST /surveys/sv2/findings')[0].body).toEqual({ gradeName: '三年级', place: 2, text: '三年级 厕所 仍然偏高', measures: '增加巡查', dueOn: '2031-04-30' });
  });

  it('shows the parent questionnaire apart when guardians were asked', async () => {
    const parents = { responses: 12, signs: [0.25, null, null, null, null, null], anySign: 0.5, childTold: [0.25, 0.25, 0.5], toldSchool: null, safetyMean: 4.2 };
    fakeApi({ 'GET /surveys/sv2/report': () => ({ status: 200, body: REPORT(null, { parents }) }) });
    render(<SurveyReportBody id='sv2' />);
    expect(await screen.findByText('家长问卷（12 份）')).toBeTruthy();
    expect(screen.getByText('家长眼中孩子在学校的安全感（1–5 分）：4.2')).toBeTruthy();
    expect(screen.getByText('注意到其中任何一种')).toBeTruthy();
  });

  it('without the right to mark findings there is no form', async () => {
    fakeApi({ 'GET /surveys/sv2/report': () => ({ status: 200, body: REPORT(null) }) });
    render(<SurveyReportBody id='sv2' />);
    expect(await screen.findByText('还没有记录。记录下的发现会在下学期的问卷结果里显示前后对比。')).toBeTruthy();
    expect(screen.queryByText('记录发现和措施')).toBeNull();
  });
});
