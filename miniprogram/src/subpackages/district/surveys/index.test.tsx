import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { SurveyDistrictResponse } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { DistrictSurveysBody } from './index';

const officer = makeMe({ displayName: '刘芳', roles: [{ role: 'district_officer', schoolId: null, schoolName: null, districtId: 'd1', districtName: '武侯区教育局', classIds: [] }] });
const summary = { id: 'sv1', title: '防欺凌问卷调查', semesterKey: '2030-2', semesterLabel: '2030-2031学年 第二学期', status: 'closed' as const, opensAt: '', closesAt: '', parents: false };
const DATA: SurveyDistrictResponse = {
  semesterKey: '2030-2', semesterLabel: '2030-2031学年 第二学期',
  semesters: [{ key: '2030-2', label: '2030-2031学年 第二学期' }, { key: '2030-1', label: '2030-2031学年 第一学期' }],
  schools: [
    { schoolId: 's1', schoolName: '武侯小学', survey: summary, responses: 120, responseRate: 0.8, prevalence: 0.5, safetyMean: 3, previous: { prevalence: 0.2, safetyMean: 4 }, prevalenceChange: 0.3, safetyChange: -1, worsenedSharply: true },
    { schoolId: 's2', schoolName: '锦里中学', survey: summary, responses: '<5', responseRate: null, prevalence: null, safetyMean: null, previous: null, prevalenceChange: null, safetyChange: null, worsenedSharply: false },
    { schoolId: 's3', schoolName: '芳草小学', survey: null, responses: null, responseRate: null, prevalence: null, safetyMean: null, previous: null, prevalenceChange: null, safetyChange: null, worsenedSharply: false },
  ],
};

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('各校问卷汇总', () => {
  it('lists every school side by side, the sharply worse first and called out; small cells show <5 and —', async () => {
    const api = fakeApi({ 'GET /districts/d1/surveys': () => ({ status: 200, body: DATA }) });
    render(<DistrictSurveysBody me={officer} />);
    expect(await screen.findByText('各校问卷汇总 · 2030-2031学年 第二学期')).toBeTruthy();
    expect(screen.getByText('明显变差的学校（1 所）')).toBeTruthy();
    expect(screen.getByText('⚠ 武侯小学：遇到欺凌 50%（+30 个百分点），安全感 3.0（-1.0）')).toBeTruthy();
    expect(screen.getByText('⚠ 武侯小学')).toBeTruthy();
    expect(screen.getByText('未开展')).toBeTruthy();
    expect(screen.getAllByText('<5').length).toBe(1);
    fireEvent.click(screen.getByText('2030-2031学年 第一学期'));
    await waitFor(() => expect(api.calls.some((c) => c.query === '?semester=2030-1')).toBe(true));
  });

  it('is for district officers only', () => {
    render(<DistrictSurveysBody me={makeMe({ roles: [] })} />);
    expect(screen.getByText('各校问卷汇总由教育局工作人员查看。')).toBeTruthy();
  });
});
