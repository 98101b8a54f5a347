import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { SURVEY_PARENT_QUESTIONS, type GuardianSurveyListResponse } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { ParentSurveysBody } from './index';

const item = { surveyId: 'sv1', title: '防欺凌问卷调查', schoolName: '实验小学', studentId: 'st1', childName: '小明', closesAt: '2030-11-18T02:00:00.000Z' };
const LIST = (answered: boolean): GuardianSurveyListResponse => ({ items: [{ ...item, answered }], questions: [...SURVEY_PARENT_QUESTIONS] });

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('家长问卷', () => {
  it('lists the child\'s survey, answers it (skipping questions) and shows it done', async () => {
    let answered = false;
    const api = fakeApi({
      'GET /me/surveys': () => ({ status: 200, body: LIST(answered) }),
      'POST /surveys/sv1/parent-answers': () => {
        answered = true;
        return { status: 201, body: { answered: true } };
      },
    });
    render(<ParentSurveysBody />);
    expect(await screen.findByText('防欺凌问卷调查 · 小明')).toBeTruthy();
    fireEvent.click(screen.getByText('填写'));
    fireEvent.click(screen.getByText('不想上学或找借口不去学校'));
    fireEvent.click(screen.getByText('睡不好或做噩梦'));
    fireEvent.click(screen.getByText('孩子没说过，但我怀疑有'));
    fireEvent.click(screen.getByText('比较安全'));
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(api.callsTo('POST /surveys/sv1/parent-answers')).toHaveLength(1));
    expect(api.callsTo('POST /surveys/sv1/parent-answers')[0].body).toEqual({
      studentId: 'st1', answers: [{ questionId: 'p_signs', choices: [0, 4] }, { questionId: 'p_child_told', choice: 1 }, { questionId: 'p_safety', choice: 3 }],
    });
    expect(await screen.findByText('已填写，谢谢您')).toBeTruthy();
  });

  it('says so when there is nothing to answer', async () => {
    fakeApi({ 'GET /me/surveys': () => ({ status: 200, body: { items: [], questions: [...SURVEY_PARENT_QUESTIONS] } }) });
    render(<ParentSurveysBody />);
    expect(await screen.findByText('现在没有需要您填写的家长问卷。')).toBeTruthy();
  });
});
