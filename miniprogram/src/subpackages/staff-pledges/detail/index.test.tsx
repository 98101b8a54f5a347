import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { PledgeCompletionResponse, PledgeStaffDetail } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { PledgeDetailBody } from './index';

const role = (r: string, classIds: string[] = []) => ({ role: r as any, schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds });
const HASH1 = '11111111aaaaaaaa11111111aaaaaaaa11111111aaaaaaaa11111111aaaa0001';
const HASH2 = '22222222bbbbbbbb22222222bbbbbbbb22222222bbbbbbbb22222222bbbb0002';
const DETAIL: PledgeStaffDetail = {
  id: 'p1', schoolId: 'sch1', schoolYear: '2026-2027', status: 'open', deadline: '2026-09-30',
  audience: { grades: [3, 4], studentFromGrade: 3, requireAllGuardians: false }, currentVersion: 2,
  text: { school: '学校承诺。', guardian: '家长承诺。', student: '学生承诺。' }, textHash: HASH2,
  versions: [
    { number: 1, textHash: HASH1, changeNote: null, publishedOn: '2026-09-01' },
    { number: 2, textHash: HASH2, changeNote: '补充了上下学路上的约定', publishedOn: '2026-09-05' },
  ],
  createdAt: '2026-09-01T01:00:00.000Z', canManage: true,
};
const counts = (students: number, signed: number, superseded: number) => ({ students, signed, superseded, missing: students - signed - superseded });
const COMPLETION: PledgeCompletionResponse = {
  pledgeId: 'p1', currentVersion: 2,
  classes: [
    { classId: 'c1', className: '三年级1班', gradeNumber: 3, ...counts(8, 3, 1) },
    { classId: 'c2', className: '四年级1班', gradeNumber: 4, ...counts(10, 5, 0) },
  ],
  grades: [{ gradeNumber: 3, gradeName: '三年级', ...counts(8, 3, 1) }, { gradeNumber: 4, gradeName: '四年级', ...counts(10, 5, 0) }],
  totals: counts(18, 8, 1),
};

const fetchMock = jest.fn<typeof fetch>();
const clicks: Array<{ download: string }> = [];

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
  fetchMock.mockReset();
  clicks.length = 0;
  (globalThis as any).fetch = fetchMock;
  (URL as any).createObjectURL = jest.fn(() => 'blob:file');
  (URL as any).revokeObjectURL = jest.fn();
  jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicks.push({ download: this.download });
  });
});
afterEach(() => {
  jest.restoreAllMocks();
});

function serve(detail: Partial<PledgeStaffDetail> = {}) {
  return fakeApi({
    'GET /pledges/p1': () => ({ status: 200, body: { ...DETAIL, ...detail } }),
    'GET /pledges/p1/completion': () => ({ status: 200, body: COMPLETION }),
    'GET /pledges/p1/classes/c1/missing': () => ({ status: 200, body: { classId: 'c1', className: '三年级1班', entries: [], lastRemindedAt: null, nextRemindAt: null } }),
    'GET /pledges/p1/classes/c1/signatures': () => ({ status: 200, body: { classId: 'c1', className: '三年级1班', currentVersion: 2, signatures: [] } }),
  });
}

describe('a pledge for staff', () => {
  it('the audience, every version with its change note, the school and each grade and class', async () => {
    serve();
    render(<PledgeDetailBody me={makeMe({ roles: [role('principal')] })} id='p1' />);
    expect(await screen.findByText('发给：三年级、四年级的家长 · 2026-09-30 截止')).toBeTruthy();
    expect(screen.getByText('3 年级及以上的学生也签名 · 每个孩子一位家长签署即可')).toBeTruthy();
    expect(screen.getByText('第 2 版 · 2026-09-05 发布 · 指纹 22222222…0002')).toBeTruthy();
    expect(screen.getByText('变更说明：补充了上下学路上的约定')).toBeTruthy();
    expect(screen.getByText('第 1 版 · 2026-09-01 发布 · 指纹 11111111…0001')).toBeTruthy();
    expect(screen.getByText('总计（2 个班）')).toBeTruthy();
    expect(screen.getByText('已签署 3 / 8（38%） · 需重新签署 1')).toBeTruthy();
    expect(screen.getByText('已签署 3 / 8 · 需重新签署 1 · 未签署 4')).toBeTruthy();
    expect(screen.getByText('已签署 5 / 10 · 未签署 5')).toBeTruthy();
    // A class opens to its missing list.
    fireEvent.click(screen.getByText('三年级1班'));
    expect(await screen.findByText('这个班的孩子都已签署。')).toBeTruthy();
  });

  it('principals publish a new version from here; teachers do not see the button', async () => {
    serve();
    const { unmount } = render(<PledgeDetailBody me={makeMe({ roles: [role('principal')] })} id='p1' />);
    fireEvent.click(await screen.findByText('修改内容，发布新版本'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/staff-pledges/edit/index?id=p1' });
    unmount();
    serve({ canManage: false });
    render(<PledgeDetailBody me={makeMe({ roles: [role('teacher', ['c1'])] })} id='p1' />);
    await screen.findByText('版本记录');
    expect(screen.queryByText('修改内容，发布新版本')).toBeNull();
  });

  it('导出台账 downloads the ledger with the session', async () => {
    serve();
    fetchMock.mockResolvedValue({ ok: true, status: 200, blob: async () => new Blob(['xlsx']), text: async () => '' } as unknown as Response);
    render(<PledgeDetailBody me={makeMe({ roles: [role('admin')] })} id='p1' />);
    fireEvent.click(await screen.findByText('导出台账（Excel）'));
    await waitFor(() => expect(clicks).toEqual([{ download: '2026-2027学年承诺书台账.xlsx' }]));
    expect(fetchMock).toHaveBeenCalledWith('/api/v1/pledges/p1/ledger.xlsx', { headers: { Authorization: 'Bearer tok' } });
  });
});
