import { describe, expect, it } from '@jest/globals';
import { openSurveyRequest, parseOptions, surveyWindow } from './survey-form';

const NOW = new Date('2031-03-03T02:00:00.000Z'); // 10:00 in Shanghai

describe('opening a survey: the form', () => {
  it('a window runs from now (today) or 00:00 of a later day, to 24:00 Shanghai of the last day', () => {
    expect(surveyWindow('2031-03-03', '2031-03-16', NOW)).toEqual({ opensAt: NOW.toISOString(), closesAt: '2031-03-16T16:00:00.000Z' });
    expect(surveyWindow('2031-03-05', '2031-03-05', NOW)).toEqual({ opensAt: '2031-03-04T16:00:00.000Z', closesAt: '2031-03-05T16:00:00.000Z' });
    expect(surveyWindow('2031-03-10', '2031-03-09', NOW)).toBe('结束日期不能早于开始日期');
    expect(surveyWindow('2031-02-01', '2031-03-02', NOW)).toBe('结束日期已经过去');
    expect(surveyWindow('2031-03-03', '2031-05-02', NOW)).toBe('问卷最长开放 60 天');
    expect(surveyWindow('2031-03-03', '2031-05-01', NOW)).not.toEqual(expect.any(String));
    expect(surveyWindow('3月3日', '2031-03-09', NOW)).toBe('日期格式应为 2026-03-02');
  });

  it('options are typed on one line; the school\'s questions are checked before sending', () => {
    expect(parseOptions('喜欢、一般， 不喜欢;;')).toEqual(['喜欢', '一般', '不喜欢']);
    const base = { title: '', classIds: ['c1'], fromDay: '2031-03-03', toDay: '2031-03-09' };
    expect(openSurveyRequest({ ...base, classIds: [], own: [] }, NOW)).toBe('请至少选择一个班级');
    expect(openSurveyRequest({ ...base, own: [{ type: 'single', text: '喜欢课间吗', options: '喜欢' }] }, NOW)).toMatch(/^第 1 个自定问题：选择题需要/);
    expect(openSurveyRequest({ ...base, title: ' 春季问卷 ', own: [{ type: 'single', text: '喜欢课间吗', options: '喜欢、不喜欢' }, { type: 'text', text: '想说的话', options: '忽略' }] }, NOW)).toEqual({
      title: '春季问卷', classIds: ['c1'], opensAt: NOW.toISOString(), closesAt: '2031-03-09T16:00:00.000Z',
      customQuestions: [{ type: 'single', text: '喜欢课间吗', options: ['喜欢', '不喜欢'] }, { type: 'text', text: '想说的话' }],
    });
  });
  it('asks guardians too only when ticked', () => {
    const base = { title: '', classIds: ['c1'], fromDay: '2031-03-03', toDay: '2031-03-09', own: [] };
    expect(openSurveyRequest({ ...base, parents: true }, NOW)).toMatchObject({ parents: true });
    expect(openSurveyRequest({ ...base, parents: false }, NOW)).not.toHaveProperty('parents');
  });
});
