import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { SchoolDashboardResponse } from '@anxin/shared';
import { SchoolDashboardBody, dashboardSchool } from './index';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

const admin = makeMe({ displayName: '王主任', roles: [{ role: 'admin', schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: [] }] });
const semester = (key: string, label: string) => ({ key, schoolYear: 2026, term: 1 as const, label, startsOn: '2026-09-01', endsOn: '2027-01-31', from: '2026-07-31T16:00:00.000Z', until: '2027-01-31T16:00:00.000Z', custom: false });

function dashboard(over: Partial<SchoolDashboardResponse> = {}): SchoolDashboardResponse {
  return {
    schoolId: 'sch1', schoolName: '阳光实验小学', semester: semester('2026-1', '2026-2027学年 第一学期'),
    semesters: [{ key: '2026-1', label: '2026-2027学年 第一学期' }, { key: '2025-2', label: '2025-2026学年 第二学期' }],
    asOf: '2026-11-30T02:00:00.000Z', exact: false,
    tips: {
      total: 7, escalatedToPrincipal: '<3', escalatedToDistrict: 0, confirmed: '<3',
      byCategory: [{ category: 'verbal', count: 4 }, { category: 'physical', count: '<3' }, { category: 'cyber', count: 0 }],
      byMonth: [{ month: '2026-09', label: '9月', count: 3 }, { month: '2026-10', label: '10月', count: 4 }],
    },
    acknowledgement: { acknowledged: 6, withinDeadline: 5, withinDeadlineShare: 5 / 7, medianMinutes: 42, p90Minutes: 150 },
    cases: { open: 3, overdue: '<3', investigationsOverdue: 0 },
    notices: { published: 2, recipients: 320, read: 300, acknowledged: 250, readShare: 300 / 320, acknowledgedShare: 250 / 320, countedAt: '2026-11-30T01:59:00.000Z' },
    bindings: { pending: '<3' },
    pledges: {
      pledgeId: 'p1', schoolYear: '2026-2027', students: 120, signed: 96, signedShare: 0.8,
      byGrade: [{ gradeNumber: 1, gradeName: '一年级', students: 60, signed: 58, signedShare: 58 / 60 }, { gradeNumber: 2, gradeName: '二年级', students: 60, signed: 38, signedShare: 38 / 60 }],
    },
    ...over,
  };
}

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('the school dashboard', () => {
  it('opens the school of a role that holds it', () => {
    expect(dashboardSchool(admin)).toEqual({ id: 'sch1', name: '阳光实验小学' });
    expect(dashboardSchool(makeMe({ roles: [{ role: 'teacher', schoolId: 'sch1', schoolName: 'x', districtId: null, districtName: null, classIds: [] }] }))).toBeNull();
  });

  it("shows the figures with charts and tables, small counts as '<3' and the privacy note", async () => {
    const api = fakeApi({ 'GET /schools/sch1/dashboard': () => ({ status: 200, body: dashboard() }) });
    const { container } = render(<SchoolDashboardBody me={admin} />);
    expect(await screen.findByText('本学期举报')).toBeTruthy();
    expect(screen.getByText('为保护学生隐私，1 或 2 的数字显示为“<3”，由此算出的比例和用时不显示。')).toBeTruthy();
    expect(screen.getByText('本学期举报').previousSibling!.textContent).toBe('7');
    expect(screen.getByText('按期受理').previousSibling!.textContent).toBe('71%');
    expect(screen.getByText('受理用时（中位数）').previousSibling!.textContent).toBe('42 分');
    expect(screen.getByText('目前超期').previousSibling!.textContent).toBe('<3');
    // the category chart: bars by width, '<3' hatched; the table beside it says the same
    const bars = [...container.querySelectorAll('.bar-chart .chart-fill')] as HTMLElement[];
    expect(bars.map((b) => [b.style.width, b.className])).toEqual([['100%', 'chart-fill'], ['50%', 'chart-fill small'], ['0%', 'chart-fill']]);
    const table = [...container.querySelectorAll('.figure-table')][0];
    expect([...table.querySelectorAll('.ft-row')].map((r) => r.textContent)).toEqual(['类别举报', '言语欺凌4', '肢体欺凌<3', '网络欺凌0']);
    // months as columns
    expect(([...container.querySelectorAll('.column-chart .chart-fill')] as HTMLElement[]).map((c) => c.style.height)).toEqual(['75%', '100%']);
    expect(screen.getByText('回执统计于 2026-11-30 09:59')).toBeTruthy();
    // the pledge by grade
    expect(screen.getByText('防范欺凌承诺书（2026-2027学年）：按年级')).toBeTruthy();
    const pledgeTable = [...container.querySelectorAll('.figure-table')].pop()!;
    expect([...pledgeTable.querySelectorAll('.ft-row')].map((r) => r.textContent)).toEqual(['年级学生已签署比例', '一年级605897%', '二年级603863%', '全校1209680%']);
    expect(api.callsTo('GET /schools/sch1/dashboard')[0].query).toBe('');
  });

  it('结案方式: how the cases ended, small counts as <3, and the share found 恶意/虚假', async () => {
    const outcomes = {
      byOutcome: { confirmed: 4, not_bullying: '<3' as const, false_report: 3, prank: 0, duplicate: '<3' as const, referred: 0 },
      decided: 10, falseReportShare: 0.3,
    };
    fakeApi({ 'GET /schools/sch1/dashboard': () => ({ status: 200, body: dashboard({ tips: { ...dashboard().tips, outcomes } }) }) });
    const { container } = render(<SchoolDashboardBody me={admin} />);
    expect(await screen.findByText('结案方式')).toBeTruthy();
    const chart = screen.getByText('结案方式').closest('.od-outcomes')!;
    expect([...chart.querySelectorAll('.bar-row')].map((r) => r.textContent)).toEqual([
      '已认定欺凌4', '不构成欺凌<3', '恶意/虚假举报3', '玩笑0', '重复<3', '非欺凌-其他求助0',
    ]);
    expect(screen.getByText('恶意/虚假举报占比')).toBeTruthy();
    expect(chart.textContent).toContain('30%');
    expect(container.textContent).toContain('已有结论 10');
  });

  it('a dashboard kept from before outcomes were counted shows no 结案方式', async () => {
    fakeApi({ 'GET /schools/sch1/dashboard': () => ({ status: 200, body: dashboard() }) });
    render(<SchoolDashboardBody me={admin} />);
    expect(await screen.findByText('本学期举报')).toBeTruthy();
    expect(screen.queryByText('结案方式')).toBeNull();
  });

  it('switches the semester', async () => {
    const api = fakeApi({
      'GET /schools/sch1/dashboard': (c) => ({ status: 200, body: c.query.includes('2025-2') ? dashboard({ semester: semester('2025-2', '2025-2026学年 第二学期'), tips: { ...dashboard().tips, total: 0 } }) : dashboard() }),
    });
    render(<SchoolDashboardBody me={admin} />);
    fireEvent.click(await screen.findByText('2025-2026学年 第二学期'));
    await screen.findByText(/^2025-2026学年 第二学期（/);
    expect(api.callsTo('GET /schools/sch1/dashboard').map((c) => c.query)).toEqual(['', '?semester=2025-2']);
    expect(screen.getByText('本学期举报').previousSibling!.textContent).toBe('0');
  });

  it('a case handler sees exact counts and no privacy note; a refusal is shown', async () => {
    fakeApi({ 'GET /schools/sch1/dashboard': () => ({ status: 200, body: dashboard({ exact: true, cases: { open: 3, overdue: 2, investigationsOverdue: 1 } }) }) });
    const first = render(<SchoolDashboardBody me={admin} />);
    expect(await screen.findByText('目前超期')).toBeTruthy();
    expect(screen.getByText('目前超期').previousSibling!.textContent).toBe('2');
    expect(screen.queryByText(/为保护学生隐私/)).toBeNull();
    first.unmount();
    fakeApi({ 'GET /schools/sch1/dashboard': () => ({ status: 403, body: { code: 'FORBIDDEN', message: '只有校长、欺凌防治负责人和学校管理员可以查看学校看板' } }) });
    render(<SchoolDashboardBody me={admin} />);
    expect(await screen.findByText('只有校长、欺凌防治负责人和学校管理员可以查看学校看板')).toBeTruthy();
  });

  it('学期报告: the section below the figures asks for the semester the dashboard shows', async () => {
    const api = fakeApi({
      'GET /schools/sch1/dashboard': (c) => ({ status: 200, body: c.query.includes('2025-2') ? dashboard({ semester: semester('2025-2', '2025-2026学年 第二学期') }) : dashboard() }),
      'GET /schools/sch1/reports': () => ({ status: 200, body: { items: [] } }),
      'POST /schools/sch1/reports': (c) => ({ status: 202, body: { id: 'r1', scope: 'school', scopeId: 'sch1', semester: c.body.semester, semesterLabel: '2025-2026学年 第二学期', status: 'queued', progress: 0, exact: false, createdAt: '2026-11-30T02:00:00.000Z', expiresAt: '2026-12-07T02:00:00.000Z' } }),
    });
    render(<SchoolDashboardBody me={admin} />);
    expect(await screen.findByText('生成本学期报告')).toBeTruthy();
    fireEvent.click(screen.getByText('2025-2026学年 第二学期'));
    fireEvent.click(await screen.findByText('生成所选学期报告'));
    await waitFor(() => expect(api.callsTo('POST /schools/sch1/reports').map((c) => c.body)).toEqual([{ semester: '2025-2' }]));
  });
});
