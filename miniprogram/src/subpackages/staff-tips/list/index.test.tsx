import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { TipListItem } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro, routerParams } from '../../../../test/stubs/taro';
import { StaffTipsBody } from './index';
import { extraTaro } from '../../tips/tips-test-support';

const role = (r: string) => ({ role: r as any, schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: [] });
const contact = makeMe({ roles: [role('contact')] });
const teacher = makeMe({ roles: [role('teacher')] });

const item = (over: Partial<TipListItem> = {}): TipListItem => ({
  id: 't1', schoolId: 'sch1', category: 'verbal', status: 'new', source: 'anonymous', urgent: true, inDanger: true, ongoing: false,
  contentFlag: true, severity: null, labels: ['需家访'], escalationLevel: 'none', assignee: null, submittedAt: '2026-11-29T04:00:00.000Z',
  ackDueAt: '2000-01-01T00:00:00.000Z', acknowledgedAt: null, investigationDueAt: null, overdue: true, closedAt: null, version: 1, isTest: false, ...over,
});
const zero = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, 0]));
const STATS = {
  schoolId: 'sch1', total: 3, byStatus: { ...zero(['new', 'acknowledged', 'investigating', 'confirmed', 'not_bullying', 'false_report', 'closed']), new: 2, closed: 1 },
  byCategory: { ...zero(['physical', 'verbal', 'social', 'cyber', 'property', 'sexual', 'other']), verbal: 3 },
  unacknowledged: 2, overdue: 1, escalatedToPrincipal: 1, escalatedToDistrict: 0, ackOnTime: 1, ackLate: 0, confirmedBullying: 0,
};

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('staff 倾诉信箱 list', () => {
  it('lists the tips with their flags and deadline, with the school’s counts; filters become query parameters', async () => {
    const api = fakeApi({
      'GET /schools/sch1/tips': () => ({ status: 200, body: { items: [item()], total: 1 } }),
      'GET /schools/sch1/tips/stats': () => ({ status: 200, body: STATS }),
    });
    render(<StaffTipsBody me={contact} />);
    expect(await screen.findByText('言语欺凌 · 匿名')).toBeTruthy();
    expect(screen.getByText('有危险')).toBeTruthy();
    expect(screen.getAllByText('已超期').length).toBeGreaterThan(0);
    expect(screen.getByText('内容需关注')).toBeTruthy();
    expect(screen.getByText(/受理期限：已超时/)).toBeTruthy();
    expect(await screen.findByText('待受理 2')).toBeTruthy();
    expect(document.querySelector('.stats')!.textContent).toBe('3全部2待受理1超期1已升级');

    fireEvent.click(screen.getByText('按状态/类别筛选'));
    expect(screen.getByText('言语欺凌 3')).toBeTruthy();
    fireEvent.click(screen.getByText('新提交 2'));
    await waitFor(() => expect(api.callsTo('GET /schools/sch1/tips').at(-1)!.query).toBe('?status=new&limit=30'));
    fireEvent.click(screen.getByText('紧急（有危险/仍在发生）'));
    await waitFor(() => expect(api.callsTo('GET /schools/sch1/tips').at(-1)!.query).toBe('?status=new&urgent=true&limit=30'));
    fireEvent.click(screen.getAllByText('已超期').find((el) => el.closest('.filter-chip'))!);
    await waitFor(() => expect(api.callsTo('GET /schools/sch1/tips').at(-1)!.query).toBe('?status=new&urgent=true&overdue=true&limit=30'));

    fireEvent.click(await screen.findByText('言语欺凌 · 匿名'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/staff-tips/detail/index?id=t1' });
  });

  it('a teacher sees no counts (403) and can file a 教师转报', async () => {
    fakeApi({
      'GET /schools/sch1/tips': () => ({ status: 200, body: { items: [], total: 0 } }),
      'GET /schools/sch1/tips/stats': () => ({ status: 403, body: { code: 'FORBIDDEN', message: '没有权限' } }),
    });
    render(<StaffTipsBody me={teacher} />);
    expect(await screen.findByText('没有符合条件的举报')).toBeTruthy();
    expect(screen.queryByText('导出台账（Excel）')).toBeNull();
    expect(document.querySelector('.stats')).toBeNull();
    fireEvent.click(screen.getByText('教师转报（学生告诉我的欺凌）'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/subpackages/tips/form/index?teacher=1&schoolId=sch1&schoolName=${encodeURIComponent('阳光实验小学')}` });
  });

  it('the ledger (台账) export downloads with the session, for the roles that may export', async () => {
    const t = extraTaro();
    t.downloadFile.mockImplementation(async () => ({ statusCode: 200, tempFilePath: 'blob:ledger' }));
    const clicked: string[] = [];
    const spy = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(`${this.getAttribute('href')} ${this.download}`);
    });
    fakeApi({
      'GET /schools/sch1/tips': () => ({ status: 200, body: { items: [], total: 0 } }),
      'GET /schools/sch1/tips/stats': () => ({ status: 200, body: STATS }),
    });
    render(<StaffTipsBody me={contact} />);
    fireEvent.click(await screen.findByText('导出台账（Excel）'));
    await waitFor(() => expect(clicked).toEqual(['blob:ledger 阳光实验小学-欺凌举报台账.xlsx']));
    expect(t.downloadFile.mock.calls[0][0]).toEqual({ url: '/api/v1/schools/sch1/tips.xlsx', header: { Authorization: 'Bearer tok' } });
    spy.mockRestore();
  });

  it('a teacher has no export; a district officer first picks one of the district’s schools', async () => {
    const api = fakeApi({
      'GET /districts/d1/schools': () => ({ status: 200, body: [{ id: 'sch1', districtId: 'd1', name: '阳光实验小学', contactName: null, contactPhone: null, contactUserId: null, createdAt: '' }] }),
      'GET /schools/sch1/tips': () => ({ status: 200, body: { items: [item({ escalationLevel: 'district' })], total: 1 } }),
      'GET /schools/sch1/tips/stats': () => ({ status: 200, body: STATS }),
    });
    const officer = makeMe({ roles: [{ role: 'district_officer', schoolId: null, schoolName: null, districtId: 'd1', districtName: '海淀区', classIds: [] }] });
    render(<StaffTipsBody me={officer} />);
    fireEvent.click(await screen.findByText('阳光实验小学'));
    expect(await screen.findByText('已升级至教育局')).toBeTruthy();
    expect(api.callsTo('GET /schools/sch1/tips')).toHaveLength(1);
  });

  it('a principal whose list is empty while the school has tips is told why, in the server’s words', async () => {
    const explanation = '本校另有 3 条举报由欺凌防治负责人处理。超过受理期限仍未受理的举报会升级到校长，转交给你的举报也会出现在这里，届时你可以查看。';
    fakeApi({
      'GET /schools/sch1/tips': () => ({ status: 200, body: { items: [], total: 0, notShown: { count: 3, explanation } } }),
      'GET /schools/sch1/tips/stats': () => ({ status: 200, body: STATS }),
    });
    render(<StaffTipsBody me={makeMe({ roles: [role('principal')] })} />);
    expect(await screen.findByText(explanation)).toBeTruthy();
    expect(screen.queryByText('没有符合条件的举报')).toBeNull();
  });

  it('shows the tips in the order the server sent them (most urgent first), without sorting them again', async () => {
    fakeApi({
      'GET /schools/sch1/tips': () => ({ status: 200, body: { items: [
        item({ id: 'old-danger', category: 'physical', submittedAt: '2026-11-20T04:00:00.000Z' }),
        item({ id: 'new-calm', category: 'cyber', inDanger: false, urgent: false, overdue: false, ackDueAt: '2099-01-01T00:00:00.000Z', submittedAt: '2026-11-29T04:00:00.000Z' }),
      ], total: 2, notShown: null } }),
      'GET /schools/sch1/tips/stats': () => ({ status: 200, body: STATS }),
    });
    render(<StaffTipsBody me={contact} />);
    await screen.findByText('肢体欺凌 · 匿名');
    expect([...document.querySelectorAll('.tip-row .subtitle')].map((e) => e.textContent)).toEqual(['肢体欺凌 · 匿名', '网络欺凌 · 匿名']);
  });

  it('marks a test tip 测试 and says who sent it in place of its source', async () => {
    fakeApi({
      'GET /schools/sch1/tips': () => ({ status: 200, body: { items: [item({ id: 'test', isTest: true, category: 'other', inDanger: false, urgent: false, contentFlag: false }), item({ id: 'real' })], total: 2, notShown: null } }),
      'GET /schools/sch1/tips/stats': () => ({ status: 200, body: STATS }),
    });
    render(<StaffTipsBody me={contact} />);
    expect(await screen.findByText('由学校管理员发起的测试')).toBeTruthy();
    const rows = [...document.querySelectorAll('.tip-row')];
    expect(rows.map((r) => r.querySelector('.tag.test')?.textContent ?? null)).toEqual(['测试', null]);
  });

  it('a district officer opened from their home page with ?schoolId= sees that school at once', async () => {
    routerParams.current = { schoolId: 'sch1', schoolName: encodeURIComponent('阳光实验小学') };
    const api = fakeApi({
      'GET /schools/sch1/tips': () => ({ status: 200, body: { items: [item({ escalationLevel: 'district' })], total: 1, notShown: null } }),
      'GET /schools/sch1/tips/stats': () => ({ status: 200, body: STATS }),
    });
    const officer = makeMe({ roles: [{ role: 'district_officer', schoolId: null, schoolName: null, districtId: 'd1', districtName: '海淀区', classIds: [] }] });
    render(<StaffTipsBody me={officer} />);
    expect(await screen.findByText('已升级至教育局')).toBeTruthy();
    expect(screen.getByText('阳光实验小学')).toBeTruthy();
    expect(api.callsTo('GET /districts/d1/schools')).toHaveLength(0);
    routerParams.current = {};
  });
});
