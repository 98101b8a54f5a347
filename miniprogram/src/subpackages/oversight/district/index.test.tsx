import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { DistrictCalendarResponse, DistrictDashboardResponse, DistrictDashboardSchool, SupervisionFlag } from '@anxin/shared';
import { DistrictDashboardBody } from './index';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

const officer = makeMe({ displayName: '周科长', roles: [{ role: 'district_officer', schoolId: null, schoolName: null, districtId: 'd1', districtName: '示范区教育局', classIds: [] }] });
const semester = { key: '2026-1', schoolYear: 2026, term: 1 as const, label: '2026-2027学年 第一学期', startsOn: '2026-09-01', endsOn: '2027-01-31', from: '2026-07-31T16:00:00.000Z', until: '2027-01-31T16:00:00.000Z', custom: false };
const letters = { published: 1, recipients: 300, read: 280, acknowledged: 240, readShare: 280 / 300, acknowledgedShare: 0.8, countedAt: null };
const school = (id: string, name: string, over: Partial<DistrictDashboardSchool> = {}): DistrictDashboardSchool => ({
  schoolId: id, schoolName: name, tips: 6, acknowledged: 6, withinDeadline: 5, withinDeadlineShare: 5 / 6, overdue: 0, escalatedToDistrict: 0,
  setup: { done: 7, total: 7, complete: true }, letters, flagsOpen: 0, flagsAcknowledged: 0, ...over,
});
const flag = (over: Partial<SupervisionFlag> = {}): SupervisionFlag => ({
  key: 'late_ack_12h.s1.2026-1', rule: 'late_ack_12h', schoolId: 's1', schoolName: '阳光实验小学', semesterKey: '2026-1', title: '举报超过 12 小时未受理',
  explanation: '2026-2027学年 第一学期该校有 <3 条举报在提交后 12 小时内未被受理，须督促学校落实欺凌防治负责人的受理责任。',
  count: '<3', cases: [{ tipId: 't9', category: 'physical', status: 'acknowledged', submittedAt: '2026-10-01T00:00:00.000Z' }], otherCases: '<3', acknowledged: null, ...over,
});
function dashboard(flags: SupervisionFlag[]): DistrictDashboardResponse {
  return {
    districtId: 'd1', districtName: '示范区教育局', semester, semesters: [{ key: '2026-1', label: semester.label }], asOf: '2026-11-30T02:00:00.000Z',
    totals: { schools: 2, tips: 9, withinDeadlineShare: null, overdue: '<3', escalatedToDistrict: '<3', schoolsSetUp: 1, flagsOpen: flags.filter((f) => !f.acknowledged).length },
    schools: [
      school('s1', '阳光实验小学', { tips: '<3', acknowledged: '<3', withinDeadline: '<3', withinDeadlineShare: null, overdue: '<3', flagsOpen: flags.filter((f) => !f.acknowledged).length, setup: { done: 5, total: 7, complete: false } }),
      school('s2', '阳光第二小学'),
    ],
    flags,
  };
}
const calendar: DistrictCalendarResponse = {
  districtId: 'd1', years: [], current: semester,
  upcoming: [
    { schoolYear: 2026, custom: false, first: { startsOn: '2026-09-01', endsOn: '2027-01-31' }, second: { startsOn: '2027-02-01', endsOn: '2027-07-31' } },
    { schoolYear: 2027, custom: false, first: { startsOn: '2027-09-01', endsOn: '2028-01-31' }, second: { startsOn: '2028-02-01', endsOn: '2028-07-31' } },
  ],
};

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

const typeInto = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value }, detail: { value } });

describe('the district dashboard', () => {
  it("lists the flags with their explanation and cases, the schools side by side with '<3', and acknowledges a flag with a note", async () => {
    let acked = false;
    const api = fakeApi({
      'GET /districts/d1/dashboard': () => ({ status: 200, body: dashboard([acked ? flag({ acknowledged: { note: '已电话督促', by: '周科长', at: '2026-11-30T03:00:00.000Z', newSince: false } }) : flag()]) }),
      'GET /districts/d1/calendar': () => ({ status: 200, body: calendar }),
      'POST /districts/d1/flags/late_ack_12h.s1.2026-1/ack': (c) => {
        acked = true;
        return { status: 200, body: flag({ acknowledged: { note: c.body.note, by: '周科长', at: '2026-11-30T03:00:00.000Z', newSince: false } }) };
      },
    });
    const { container } = render(<DistrictDashboardBody me={officer} />);
    expect(await screen.findByText('阳光实验小学 · 举报超过 12 小时未受理')).toBeTruthy();
    expect(screen.getByText(/该校有 <3 条举报在提交后 12 小时内未被受理/)).toBeTruthy();
    expect(screen.getByText('另有 <3 起由学校处理，未升级到教育局，只统计数量。')).toBeTruthy();
    expect(screen.getByText('待处理督导提示').previousSibling!.textContent).toBe('1');
    // the schools: attention first, counts as sent
    const rows = [...container.querySelectorAll('.dd-row')];
    expect(rows.map((r) => r.querySelector('.dd-name')!.textContent)).toEqual(['阳光实验小学', '阳光第二小学']);
    expect(rows[0].className).toContain('attention');
    expect(rows[0].textContent).toContain('举报<3');
    expect(rows[0].textContent).toContain('开通进度5/7');
    expect(rows[1].textContent).toContain('期限内受理83%');
    expect(rows[1].textContent).toContain('家长信确认80%');
    // the school chart: '<3' hatched beside a count of 6
    const bars = [...container.querySelectorAll('.bar-chart .chart-fill')] as HTMLElement[];
    expect(bars.map((b) => [b.style.width, b.className])).toEqual([['33.3%', 'chart-fill small'], ['100%', 'chart-fill']]);
    // a case escalated to the district opens
    fireEvent.click(screen.getByText('肢体欺凌 · 已受理'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/staff-tips/detail/index?id=t9' });

    fireEvent.click(screen.getByText('确认已处理'));
    expect(await screen.findByText('请填写处理说明，例如“已约谈校长，学校已提交整改方案”')).toBeTruthy();
    typeInto(screen.getByPlaceholderText('例如：已约谈校长，学校已提交整改方案'), '已电话督促');
    fireEvent.click(screen.getByText('确认已处理'));
    expect(await screen.findByText('处理说明：已电话督促')).toBeTruthy();
    expect(api.callsTo('POST /districts/d1/flags/late_ack_12h.s1.2026-1/ack')[0].body).toEqual({ note: '已电话督促' });
    expect(screen.queryByText('确认已处理')).toBeNull();
  });

  it('changes the semester dates of the district, refusing dates that do not fit before sending', async () => {
    const api = fakeApi({
      'GET /districts/d1/dashboard': () => ({ status: 200, body: dashboard([]) }),
      'GET /districts/d1/calendar': () => ({ status: 200, body: calendar }),
      'PUT /districts/d1/calendar': (c) => ({ status: 200, body: { ...calendar, years: c.body.years } }),
    });
    render(<DistrictDashboardBody me={officer} />);
    expect(await screen.findByText('本学期没有需要督导的情况。')).toBeTruthy();
    fireEvent.click(await screen.findByText('修改学期日期'));
    const inputs = screen.getAllByPlaceholderText('2026-09-01');
    expect(inputs).toHaveLength(8);
    typeInto(inputs[1], '2027-02-10');
    fireEvent.click(screen.getByText('保存'));
    expect(await screen.findByText('2026-2027学年第二学期须在第一学期结束后开始')).toBeTruthy();
    expect(api.callsTo('PUT /districts/d1/calendar')).toHaveLength(0);
    typeInto(inputs[1], '2027-01-20');
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(api.callsTo('PUT /districts/d1/calendar')).toHaveLength(1));
    expect(api.callsTo('PUT /districts/d1/calendar')[0].body.years[0]).toEqual({ schoolYear: 2026, first: { startsOn: '2026-09-01', endsOn: '2027-01-20' }, second: { startsOn: '2027-02-01', endsOn: '2027-07-31' } });
  });
});
