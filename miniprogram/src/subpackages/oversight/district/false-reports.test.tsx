import { beforeEach, describe, expect, it } from '@jest/globals';
import { render, screen } from '@testing-library/react';
import type { DistrictDashboardResponse, DistrictDashboardSchool, TipOutcomeFigures } from '@anxin/shared';
import { DistrictDashboardBody } from './index';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

const officer = makeMe({ roles: [{ role: 'district_officer', schoolId: null, schoolName: null, districtId: 'd1', districtName: '示范区教育局', classIds: [] }] });
const semester = { key: '2026-1', schoolYear: 2026, term: 1 as const, label: '2026-2027学年 第一学期', startsOn: '2026-09-01', endsOn: '2027-01-31', from: '2026-07-31T16:00:00.000Z', until: '2027-01-31T16:00:00.000Z', custom: false };
const letters = { published: 0, recipients: 0, read: 0, acknowledged: 0, readShare: null, acknowledgedShare: null, countedAt: null };
const outcomes = (falseReport: number | '<3', share: number | null): TipOutcomeFigures => ({
  byOutcome: { confirmed: 3, not_bullying: 4, false_report: falseReport, prank: 0, duplicate: 0, referred: 0 }, decided: 10, falseReportShare: share,
});
const school = (id: string, name: string, o: TipOutcomeFigures): DistrictDashboardSchool => ({
  schoolId: id, schoolName: name, tips: 10, acknowledged: 10, withinDeadline: 10, withinDeadlineShare: 1, overdue: 0, escalatedToDistrict: 0,
  setup: { done: 7, total: 7, complete: true }, letters, flagsOpen: 0, flagsAcknowledged: 0, outcomes: o,
});
const dashboard: DistrictDashboardResponse = {
  districtId: 'd1', districtName: '示范区教育局', semester, semesters: [{ key: '2026-1', label: semester.label }], asOf: '2026-11-30T02:00:00.000Z',
  totals: { schools: 2, tips: 20, withinDeadlineShare: 1, overdue: 0, escalatedToDistrict: 0, schoolsSetUp: 2, flagsOpen: 0, outcomes: outcomes(5, 0.25) },
  schools: [school('s1', '阳光实验小学', outcomes(3, 0.3)), school('s2', '阳光第二小学', outcomes('<3', null))],
  flags: [],
};

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('false reports on the district dashboard', () => {
  it('shows each school’s share of 恶意/虚假举报, and "<3" where the count is too small to show a share', async () => {
    fakeApi({
      'GET /districts/d1/dashboard': () => ({ status: 200, body: dashboard }),
      'GET /districts/d1/calendar': () => ({ status: 200, body: { districtId: 'd1', years: [], current: semester, upcoming: [] } }),
    });
    const { container } = render(<DistrictDashboardBody me={officer} />);
    await screen.findAllByText('阳光实验小学');
    const rows = [...container.querySelectorAll('.dd-row')];
    expect(rows[0].textContent).toContain('恶意/虚假举报30%');
    expect(rows[1].textContent).toContain('恶意/虚假举报<3');
    const tile = [...container.querySelectorAll('*')].find((el) => el.children.length === 0 && el.textContent === '恶意/虚假举报' && !el.closest('.dd-row'))!;
    expect(tile.previousSibling!.textContent).toBe('25%');
  });
});
