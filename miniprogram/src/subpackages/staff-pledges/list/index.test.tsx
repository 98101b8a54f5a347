import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { schoolYearLabel, formatDate, type PledgeListResponse } from '@anxin/shared';
import { schoolYearChoices } from '../pledge-form';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { StaffPledgeListBody } from './index';

const role = (r: string, classIds: string[] = []) => ({ role: r as any, schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds });
const thisYear = schoolYearLabel(formatDate(new Date()));
const nextYear = schoolYearChoices(formatDate(new Date()))[1];
const LIST = (canManage: boolean, years: string[]): PledgeListResponse => ({
  canManage,
  items: years.map((y, i) => ({ id: `p${i}`, schoolYear: y, status: 'open', currentVersion: 2, deadline: '2026-09-30', totals: { students: 8, signed: 3, superseded: 1, missing: 4 } })),
});

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('防范欺凌承诺书 (staff)', () => {
  it('a principal opens this year\'s pledge when there is none', async () => {
    fakeApi({ 'GET /schools/sch1/pledges': () => ({ status: 200, body: LIST(true, []) }) });
    render(<StaffPledgeListBody me={makeMe({ roles: [role('principal')] })} />);
    fireEvent.click(await screen.findByText(`发布 ${thisYear} 学年承诺书`));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/staff-pledges/edit/index' });
  });

  it('with this year\'s pledge open, the next one can be prepared; with both, no button', async () => {
    let years = [thisYear];
    fakeApi({ 'GET /schools/sch1/pledges': () => ({ status: 200, body: LIST(true, years) }) });
    const { unmount } = render(<StaffPledgeListBody me={makeMe({ roles: [role('admin')] })} />);
    fireEvent.click(await screen.findByText(`发布 ${nextYear} 学年承诺书`));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/subpackages/staff-pledges/edit/index?schoolYear=${nextYear}` });
    unmount();
    years = [nextYear, thisYear];
    render(<StaffPledgeListBody me={makeMe({ roles: [role('admin')] })} />);
    await screen.findByText(`${nextYear} 学年`);
    expect(screen.queryByText(/^发布/)).toBeNull();
  });

  it('a teacher sees each year\'s pledge with its counts over their classes, and opens it; no button to publish', async () => {
    fakeApi({ 'GET /schools/sch1/pledges': () => ({ status: 200, body: LIST(false, [thisYear]) }) });
    render(<StaffPledgeListBody me={makeMe({ roles: [role('teacher', ['c1'])] })} />);
    expect(await screen.findByText('已签署 3 / 8 · 需重新签署 1 · 2026-09-30 截止')).toBeTruthy();
    expect(screen.queryByText(/^发布/)).toBeNull();
    fireEvent.click(screen.getByText(`${thisYear} 学年`));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/staff-pledges/detail/index?id=p0' });
  });

  it('staff without the pledge permission are told who handles it', () => {
    render(<StaffPledgeListBody me={makeMe({ roles: [role('contact')] })} />);
    expect(screen.getByText('承诺书由学校的校长、管理员发布，班主任查看本班的签署情况。')).toBeTruthy();
  });
});
