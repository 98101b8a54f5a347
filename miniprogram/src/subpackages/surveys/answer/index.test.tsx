import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { SURVEY_CORE_QUESTIONS, type SurveyCodeCheckResponse } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { SurveyAnswerBody } from './index';

const SURVEY: SurveyCodeCheckResponse = {
  surveyId: 'sv1', title: '春季防欺凌问卷', schoolName: '阳光实验小学', version: 'short',
  questions: [...SURVEY_CORE_QUESTIONS.short, { id: 'own_1', type: 'text', text: '你还想告诉学校什么？', options: [], core: false }],
};

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('teacher-token'); // the tablet happens to be signed in: the survey must not send it
});

const type = (text: string) => fireEvent.change(document.querySelector('.survey-code-input')!, { target: { value: text } });

describe('问卷调查 (the child\'s page)', () => {
  it('a code opens one question per screen; taps, skips and text become the answer; the session is never sent', async () => {
    const api = fakeApi({
      'POST /surveys/codes/check': () => ({ status: 200, body: SURVEY }),
      'POST /surveys/answers': () => ({ status: 201, body: { tipBox: null } }),
    });
    render(<SurveyAnswerBody />);
    type('7k3m-pq2a');
    fireEvent.click(screen.getByText('开始答题'));
    expect(await screen.findByText(SURVEY.questions[0].text)).toBeTruthy();
    expect(api.callsTo('POST /surveys/codes/check')[0].body).toEqual({ code: '7K3MPQ2A' });
    fireEvent.click(screen.getByText('一两次')); // kind_hit → next screen
    fireEvent.click(screen.getByText('跳过')); // kind_names
    fireEvent.click(screen.getByText('从来没有')); // kind_left_out
    fireEvent.click(screen.getByText('从来没有')); // kind_property
    fireEvent.click(screen.getByText('厕所')); // place: multiple, stays
    fireEvent.click(screen.getByText('操场'));
    fireEvent.click(screen.getByText('厕所')); // untick
    fireEvent.click(screen.getByText('下一题'));
    fireEvent.click(screen.getByText('跳过')); // told
    fireEvent.click(screen.getByText('比较安全')); // safety
    fireEvent.change(document.querySelector('.survey-text-input')!, { target: { value: '课间有人抢球' } });
    fireEvent.click(screen.getByText('下一题'));
    fireEvent.click(screen.getByText('☐ 我想和老师谈谈'));
    fireEvent.click(screen.getByText('交上去'));
    expect(await screen.findByText('谢谢你！')).toBeTruthy();
    const sent = api.callsTo('POST /surveys/answers')[0];
    expect(sent.auth).toBeUndefined();
    expect(api.calls.every((c) => c.auth === undefined)).toBe(true);
    expect(sent.body).toEqual({
      code: '7K3MPQ2A', surveyId: 'sv1', talkToTeacher: true,
      answers: [
        { questionId: 'kind_hit', choice: 1 }, { questionId: 'kind_left_out', choice: 0 }, { questionId: 'kind_property', choice: 0 },
        { questionId: 'place', choices: [3] }, { questionId: 'safety', choice: 3 }, { questionId: 'own_1', text: '课间有人抢球' },
      ],
    });
    // The next child starts from an empty code.
    fireEvent.click(screen.getByText('下一位同学答题'));
    expect((document.querySelector('.survey-code-input') as HTMLInputElement).value).toBe('');
  });

  it('a child who asked to talk is offered the school\'s tip box, with nothing but the school', async () => {
    fakeApi({
      'POST /surveys/codes/check': () => ({ status: 200, body: { ...SURVEY, questions: SURVEY.questions.slice(0, 1) } }),
      'POST /surveys/answers': () => ({ status: 201, body: { tipBox: { schoolId: 'sch1' } } }),
    });
    render(<SurveyAnswerBody />);
    type('7K3MPQ2A');
    fireEvent.click(screen.getByText('开始答题'));
    fireEvent.click(await screen.findByText('几乎每天'));
    fireEvent.click(screen.getByText('☐ 我想和老师谈谈'));
    fireEvent.click(screen.getByText('交上去'));
    fireEvent.click(await screen.findByText('去倾诉信箱'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/tips/form/index?schoolId=sch1' });
  });

  it('a used or wrong code shows the server\'s words; a malformed one is caught before sending', async () => {
    const api = fakeApi({
      'POST /surveys/codes/check': () => ({ status: 409, body: { code: 'SURVEY_CODE_USED', message: '这个答题码已经用过了。每个答题码只能用一次' } }),
    });
    render(<SurveyAnswerBody />);
    type('12');
    fireEvent.click(screen.getByText('开始答题'));
    expect(screen.getByText('答题码是纸条上的 8 位字母和数字')).toBeTruthy();
    expect(api.calls).toHaveLength(0);
    type('7K3MPQ2A');
    fireEvent.click(screen.getByText('开始答题'));
    expect(await screen.findByText('这个答题码已经用过了。每个答题码只能用一次')).toBeTruthy();
  });

  it("on the tablet the teacher opened for a class, the class is named and sent; another class's code is refused in plain words", async () => {
    let other = true;
    const api = fakeApi({
      'POST /surveys/codes/check': () => (other
        ? { status: 409, body: { code: 'SURVEY_CODE_OTHER_CLASS', message: '这张答题码是别的班的，请用本班发的答题码' } }
        : { status: 200, body: SURVEY }),
      'POST /surveys/answers': () => ({ status: 201, body: { tipBox: null } }),
    });
    render(<SurveyAnswerBody classSession={{ classId: 'c31', className: '三年级1班' }} />);
    expect(screen.getByText('本机答题班级：三年级1班')).toBeTruthy();
    type('7K3MPQ2A');
    fireEvent.click(screen.getByText('开始答题'));
    expect(await screen.findByText('这张答题码是别的班的，请用本班发的答题码')).toBeTruthy();
    other = false;
    fireEvent.click(screen.getByText('开始答题'));
    expect(await screen.findByText(SURVEY.questions[0].text)).toBeTruthy();
    expect(api.callsTo('POST /surveys/codes/check').map((c) => c.body)).toEqual([{ code: '7K3MPQ2A', classId: 'c31' }, { code: '7K3MPQ2A', classId: 'c31' }]);
    for (let i = 0; i < SURVEY.questions.length; i++) fireEvent.click(screen.getByText(/^(跳过|下一题)$/));
    fireEvent.click(await screen.findByText('交上去'));
    expect(await screen.findByText('谢谢你！')).toBeTruthy();
    expect(api.callsTo('POST /surveys/answers')[0].body).toMatchObject({ code: '7K3MPQ2A', surveyId: 'sv1', classId: 'c31' });
  });
});
