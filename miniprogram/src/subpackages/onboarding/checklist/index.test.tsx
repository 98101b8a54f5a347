import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { SchoolSetupResponse } from '@anxin/shared';
import { ChecklistBody } from './index';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

const role = (r: string) => ({ role: r as any, schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: [] });
const setup: SchoolSetupResponse = {
  schoolId: 'sch1', schoolName: '阳光实验小学', done: 2, total: 9, complete: false,
  items: [
    { key: 'contact', status: 'done', detail: '张静 · 010-62345678', at: null },
    { key: 'contact_alerts', status: 'todo', detail: '请负责人在「工作台」点「开启新举报提醒」', at: null },
    { key: 'committee', status: 'todo', detail: '由校长在「教职工邀请」中邀请委员', at: null },
    { key: 'roster', status: 'done', detail: '已导入 412 名学生', at: null },
    { key: 'class_teachers', status: 'todo', detail: '12 个班级中还有 3 个没有教师', at: null },
    { key: 'poster', status: 'todo', detail: '海报上的负责人或电话已更换，请重新下载打印', at: '2026-11-02T02:00:00.000Z' },
    { key: 'letter_home', status: 'todo', detail: '在「通知与家长信」写一封致家长的一封信并发布', at: null },
    { key: 'tip_test', status: 'todo', detail: '发一条测试举报，负责人受理后即完成', at: null },
    { key: 'pledge', status: 'todo', detail: '在「防范欺凌承诺书」开启 2026-2027 学年的承诺书', at: null },
  ],
};

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('the school set-up checklist', () => {
  it('shows the progress over the counted rows, each row\'s state, and a way to do what is left', async () => {
    fakeApi({ 'GET /schools/sch1/setup': () => ({ status: 200, body: setup }) });
    render(<ChecklistBody me={makeMe({ roles: [role('admin')] })} />);
    expect(await screen.findByText('已完成 2 / 9 项')).toBeTruthy();
    expect(screen.getByText('指定欺凌防治负责人（公开电话）')).toBeTruthy();
    expect(screen.getByText('已完成 · 张静 · 010-62345678')).toBeTruthy();
    expect(screen.getByText('待完成 · 海报上的负责人或电话已更换，请重新下载打印（2026-11-02 10:00）')).toBeTruthy();
    expect(screen.getByText('待完成 · 在「防范欺凌承诺书」开启 2026-2027 学年的承诺书')).toBeTruthy();
    // done rows have no button; each open row has one
    expect(screen.queryByText('去学校设置')).toBeNull();
    expect(screen.queryByText('导入花名册')).toBeNull();
    fireEvent.click(screen.getByText('邀请教师'));
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/onboarding/staff-invites/index' }));
    fireEvent.click(screen.getByText('下载海报'));
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/staff/school/index' }));
    fireEvent.click(screen.getByText('写家长信'));
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/staff-notices/compose/index' }));
    fireEvent.click(screen.getByText('开启承诺书'));
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/staff-pledges/list/index' }));
  });

  it('sends a test tip from the 测试倾诉信箱 row, says until when the contact must acknowledge it, and reloads the list', async () => {
    let setupReads = 0;
    const api = fakeApi({
      'GET /schools/sch1/setup': () => {
        setupReads++;
        return { status: 200, body: setup };
      },
      'POST /schools/sch1/test-tips': () => ({ status: 201, body: { tipId: 't1', submittedAt: '2026-11-02T02:00:00.000Z', ackDueAt: '2026-11-02T05:00:00.000Z' } }),
    });
    render(<ChecklistBody me={makeMe({ roles: [role('admin')] })} />);
    expect(await screen.findByText('测试倾诉信箱（发一条测试举报，负责人受理）')).toBeTruthy();
    fireEvent.click(screen.getByText('发送测试举报'));
    expect(await screen.findByText('测试举报已发出，请负责人在11月2日 13:00前到倾诉信箱受理')).toBeTruthy();
    expect(api.callsTo('POST /schools/sch1/test-tips')).toHaveLength(1);
    await waitFor(() => expect(setupReads).toBe(2));
  });

  it('shows why a test tip was refused under its button (the last one still waits for the contact)', async () => {
    fakeApi({
      'GET /schools/sch1/setup': () => ({ status: 200, body: setup }),
      'POST /schools/sch1/test-tips': () => ({ status: 409, body: { code: 'TEST_TIP_OPEN', message: '上一条测试举报还没有被负责人受理，请等负责人受理后再发' } }),
    });
    render(<ChecklistBody me={makeMe({ roles: [role('principal')] })} />);
    fireEvent.click(await screen.findByText('发送测试举报'));
    expect(await screen.findByText('上一条测试举报还没有被负责人受理，请等负责人受理后再发')).toBeTruthy();
  });

  it('has no test button once the row is done', async () => {
    fakeApi({ 'GET /schools/sch1/setup': () => ({ status: 200, body: { ...setup, items: setup.items.map((i) => (i.key === 'tip_test' ? { ...i, status: 'done' as const, at: '2026-11-02T03:00:00.000Z' } : i)) } }) });
    render(<ChecklistBody me={makeMe({ roles: [role('admin')] })} />);
    expect(await screen.findByText('测试倾诉信箱（发一条测试举报，负责人受理）')).toBeTruthy();
    expect(screen.queryByText('发送测试举报')).toBeNull();
  });

  it('says when everything is done', async () => {
    fakeApi({ 'GET /schools/sch1/setup': () => ({ status: 200, body: { ...setup, done: 8, complete: true, items: setup.items.map((i) => (i.status === 'todo' ? { ...i, status: 'done' } : i)) } }) });
    render(<ChecklistBody me={makeMe({ roles: [role('principal')] })} />);
    expect(await screen.findByText('开通事项已全部完成')).toBeTruthy();
  });

  it('is for the school\'s administrators and principal: a teacher is told so and nothing is fetched', () => {
    const api = fakeApi({});
    render(<ChecklistBody me={makeMe({ roles: [role('teacher')] })} />);
    expect(screen.getByText('学校开通清单由学校管理员和校长查看。')).toBeTruthy();
    expect(api.calls).toHaveLength(0);
  });
});
