import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { SurveyDetail } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { SurveyCodesBody } from '../codes/index';
import { SurveyDetailBody } from './index';

const DETAIL = (manage: boolean): SurveyDetail => ({
  id: 'sv2', title: '春季防欺凌问卷', semesterKey: '2030-2', semesterLabel: '2030-2031学年 第二学期', status: 'open',
  opensAt: '2031-03-03T02:00:00.000Z', closesAt: '2031-03-08T16:00:00.000Z', parents: false, customQuestions: [],
  classes: [{ classId: 'c1', className: '三年级1班', gradeName: '三年级', version: 'short', students: 26, codes: 28, answers: '<5', rate: null }],
  canManage: manage, canReadReport: manage,
});

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('问卷进度 and 答题码', () => {
  it('a class teacher sees their class\'s progress only: no codes, no results, no closing', async () => {
    fakeApi({ 'GET /surveys/sv2': () => ({ status: 200, body: DETAIL(false) }) });
    render(<SurveyDetailBody id='sv2' />);
    expect(await screen.findByText('已答 <5 / 26 人 · 答题率 —')).toBeTruthy();
    expect(screen.queryByText(/^答题码/)).toBeNull();
    expect(screen.queryByText('查看结果')).toBeNull();
    expect(screen.queryByText('提前结束')).toBeNull();
    fireEvent.click(screen.getByText('在本机打开学生答题页'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/surveys/answer/index' });
    // The class's own tablet page: the server then refuses another class's codes.
    fireEvent.click(screen.getByText('本班答题页'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/subpackages/surveys/answer/index?classId=c1&className=${encodeURIComponent('三年级1班')}` });
  });

  it('the principal opens a class\'s codes, shown as slips to cut', async () => {
    fakeApi({
      'GET /surveys/sv2': () => ({ status: 200, body: DETAIL(true) }),
      'GET /surveys/sv2/classes/c1/codes': () => ({
        status: 200,
        body: { surveyId: 'sv2', title: '春季防欺凌问卷', classId: 'c1', className: '三年级1班', version: 'short', opensAt: '2031-03-03T02:00:00.000Z', closesAt: '2031-03-08T16:00:00.000Z', codes: ['7K3MPQ2A', 'ABCDEFGH'] },
      }),
    });
    render(<SurveyDetailBody id='sv2' />);
    fireEvent.click(await screen.findByText('答题码（28）'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/staff-surveys/codes/index?id=sv2&classId=c1' });
    render(<SurveyCodesBody id='sv2' classId='c1' />);
    expect(await screen.findByText('7K3M PQ2A')).toBeTruthy();
    expect(screen.getByText('三年级1班 · 答题码 2 张')).toBeTruthy();
  });
});
