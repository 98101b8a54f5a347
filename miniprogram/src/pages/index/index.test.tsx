import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { HomeBody } from './index';
import { cachedSchoolCard, saveSchoolCard } from '../../state/school-card';
import { clientConfig } from '../../api/client';
import { storage } from '../../api/storage';
import { fakeApi, makeMe } from '../../../test/fake-api';
import { resetTaro } from '../../../test/stubs/taro';

const guardian = makeMe({
  students: [{ bindingId: 'b1', studentId: 's1', studentName: '王小明', schoolId: 'sch1', schoolName: '阳光实验小学', classId: 'c1', className: '三年级1班', relation: 'mother', status: 'approved', rejectReason: null }],
});

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('首页', () => {
  it('keeps the school contact’s card on the device once seen (for the danger screen offline)', async () => {
    fakeApi({
      'GET /schools/sch1/public': () => ({ status: 200, body: { id: 'sch1', name: '阳光实验小学', contact: { name: '张静', phone: '010-62345678' }, emergencyNumbers: [] } }),
      'GET /me/inbox/unread-count': () => ({ status: 200, body: { count: 0 } }),
    });
    expect(cachedSchoolCard('sch1')).toBeNull();
    render(<HomeBody me={guardian} />);
    expect(await screen.findByText('张静')).toBeTruthy();
    expect(cachedSchoolCard('sch1')?.card).toEqual({ id: 'sch1', name: '阳光实验小学', contact: { name: '张静', phone: '010-62345678' } });
  });

  it('the server cannot be reached: the card seen before, with when it was saved', async () => {
    saveSchoolCard({ id: 'sch1', name: '阳光实验小学', contact: { name: '张静', phone: '010-62345678' } }, new Date('2026-11-30T08:10:00.000Z'));
    fakeApi({
      'GET /schools/sch1/public': () => 'network-error',
      'GET /me/inbox/unread-count': () => 'network-error',
    });
    render(<HomeBody me={guardian} />);
    expect(await screen.findByText('离线显示，上次更新于 2026-11-30 16:10')).toBeTruthy();
    expect(screen.getByText('拨打 010-62345678')).toBeTruthy();
    expect(screen.queryByText('网络连接失败，请检查网络后重试')).toBeNull();
  });

  it('shows the school and its designated contact; tapping the number calls it', async () => {
    const api = fakeApi({
      'GET /schools/sch1/public': () => ({ status: 200, body: { id: 'sch1', name: '阳光实验小学', contact: { name: '张静', phone: '010-62345678' }, emergencyNumbers: [] } }),
      'GET /me/inbox/unread-count': () => ({ status: 200, body: { count: 2 } }),
    });
    render(<HomeBody me={guardian} />);
    expect(await screen.findByText('张静')).toBeTruthy();
    expect(screen.getByText('阳光实验小学')).toBeTruthy();
    fireEvent.click(screen.getByText('拨打 010-62345678'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '010-62345678' });
    expect(api.callsTo('GET /schools/sch1/public')).toHaveLength(1);
    expect(await screen.findByText('消息（2 条未读）')).toBeTruthy();
    expect(Taro.setTabBarBadge).toHaveBeenCalledWith({ index: 1, text: '2' });
  });

  it('says when the school has not named a contact', async () => {
    fakeApi({
      'GET /schools/sch1/public': () => ({ status: 200, body: { id: 'sch1', name: '阳光实验小学', contact: null, emergencyNumbers: [] } }),
      'GET /me/inbox/unread-count': () => ({ status: 200, body: { count: 0 } }),
    });
    render(<HomeBody me={guardian} />);
    expect(await screen.findByText('学校尚未公布负责人，请联系班主任。')).toBeTruthy();
  });

  it('the tip entry opens the tip box for this school; letters open the notices; 承诺书 opens the pledges', async () => {
    fakeApi({
      'GET /schools/sch1/public': () => ({ status: 200, body: { id: 'sch1', name: '阳光实验小学', contact: null, emergencyNumbers: [] } }),
      'GET /me/inbox/unread-count': () => ({ status: 200, body: { count: 0 } }),
      'GET /me/notices': () => ({ status: 200, body: { items: [], total: 0, unread: 0 } }),
    });
    render(<HomeBody me={guardian} />);
    fireEvent.click(screen.getByText('我要倾诉/举报'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/tips/index?schoolId=sch1' });
    expect(screen.queryByText('即将开放')).toBeNull();
    fireEvent.click(screen.getByText('通知与家长信'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/notices/list/index' });
    fireEvent.click(screen.getByText('承诺书'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/pledges/list/index' });
    await screen.findByText('学校尚未公布负责人，请联系班主任。');
  });

  it('unread notices show as a badge on 通知与家长信; an unconfirmed urgent warning is pinned at the top in red', async () => {
    const warning = {
      id: 'n-warn', kind: 'warning', title: '关于放学路上注意安全的紧急提醒', schoolName: '阳光实验小学', status: 'published', confirmMode: 'confirm',
      publishedAt: '2031-03-03T02:00:00.000Z', confirmDeadline: null, children: [], read: false, acknowledged: false, pinned: true,
    };
    const letter = { ...warning, id: 'n-letter', kind: 'letter', title: '致家长的一封信', pinned: false };
    let pinned = true;
    const api = fakeApi({
      'GET /schools/sch1/public': () => ({ status: 200, body: { id: 'sch1', name: '阳光实验小学', contact: null, emergencyNumbers: [] } }),
      'GET /me/inbox/unread-count': () => ({ status: 200, body: { count: 0 } }),
      'GET /me/notices': () => ({ status: 200, body: { items: pinned ? [warning, letter] : [{ ...warning, pinned: false, acknowledged: true }, letter], total: 2, unread: pinned ? 2 : 1 } }),
    });
    const { container, unmount } = render(<HomeBody me={guardian} />);
    const card = await screen.findByText('关于放学路上注意安全的紧急提醒');
    // Above everything else on the page, in the warning's red card.
    expect(container.firstElementChild!.firstElementChild!.className).toBe('pinned-warnings');
    expect(card.closest('.pinned-warning')).not.toBeNull();
    expect(screen.queryByText('致家长的一封信')).toBeNull();
    expect((await screen.findByText('2')).className).toBe('entry-badge');
    fireEvent.click(card);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/notices/detail/index?id=n-warn' });
    expect(api.callsTo('GET /me/notices')[0].query).toContain('limit=20');
    // Confirmed: no longer pinned.
    unmount();
    pinned = false;
    render(<HomeBody me={guardian} />);
    expect((await screen.findByText('1')).className).toBe('entry-badge');
    expect(document.querySelector('.pinned-warning')).toBeNull();
  });

  it('without a bound child: no contact card, an entry to bind one', async () => {
    const api = fakeApi({ 'GET /me/inbox/unread-count': () => ({ status: 200, body: { count: 0 } }) });
    render(<HomeBody me={makeMe()} />);
    fireEvent.click(screen.getByText('绑定孩子'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/bind/index' });
    expect(api.callsTo('GET /schools/sch1/public')).toHaveLength(0);
    await Promise.resolve();
  });

  it('a student gets a home of their own: the tip box first, the follow-up by receipt, the help numbers', async () => {
    storage.setDemoRole('student');
    saveSchoolCard({ id: 'sch1', name: '阳光实验小学', contact: { name: '张静', phone: '010-62345678' } }, new Date('2026-11-30T08:10:00.000Z'));
    fakeApi({
      'GET /schools/sch1/public': () => ({ status: 200, body: { id: 'sch1', name: '阳光实验小学', contact: { name: '张静', phone: '010-62345678' }, emergencyNumbers: [] } }),
      'GET /me/inbox/unread-count': () => ({ status: 200, body: { count: 0 } }),
    });
    render(<HomeBody me={makeMe({ displayName: '小明同学' })} />);
    const titles = () => [...document.querySelectorAll('.entry-title')].map((e) => e.textContent);
    expect(titles().slice(0, 3)).toEqual(['我要倾诉/举报', '我现在有危险', '我有回执码（查看学校回复）']);
    expect(screen.queryByText('绑定孩子')).toBeNull();
    expect(screen.queryByText('通知与家长信')).toBeNull();
    expect(screen.getByText('报警电话 110')).toBeTruthy();
    expect(screen.getByText('青少年维权热线 12355')).toBeTruthy();
    expect(await screen.findByText('拨打 010-62345678')).toBeTruthy();
    fireEvent.click(screen.getByText('我有回执码（查看学校回复）'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/subpackages/tips/followup/index?schoolId=sch1&schoolName=${encodeURIComponent('阳光实验小学')}` });
    fireEvent.click(screen.getByText('我现在有危险'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/pages/tips/index?schoolId=sch1&schoolName=${encodeURIComponent('阳光实验小学')}&danger=1` });
    storage.setDemoRole('guardian');
  });

  it('a WeChat user with no role and no child says once on this device that they are a student', async () => {
    fakeApi({ 'GET /me/inbox/unread-count': () => ({ status: 200, body: { count: 0 } }) });
    const me = makeMe({ isDemo: false });
    const { unmount } = render(<HomeBody me={me} />);
    fireEvent.click(screen.getByText('我是学生'));
    expect(await screen.findByText('我有回执码（查看学校回复）')).toBeTruthy();
    unmount();
    render(<HomeBody me={me} />);
    expect(screen.getByText('我有回执码（查看学校回复）')).toBeTruthy();
    fireEvent.click(screen.getByText('我是家长'));
    expect(await screen.findByText('绑定孩子')).toBeTruthy();
  });

  it('a district officer gets the district’s home: escalated cases most urgent first, the schools, and the district dashboard', async () => {
    const officer = makeMe({ displayName: '周科长', roles: [{ role: 'district_officer', schoolId: null, schoolName: null, districtId: 'd1', districtName: '示范区教育局', classIds: [] }] });
    const tip = {
      id: 't9', schoolId: 'sch1', category: 'physical', status: 'new', source: 'anonymous', urgent: true, inDanger: true, ongoing: false, contentFlag: false,
      severity: null, labels: [], escalationLevel: 'district', assignee: null, submittedAt: '2026-11-29T04:00:00.000Z', ackDueAt: '2026-11-29T04:30:00.000Z',
      acknowledgedAt: null, investigationDueAt: null, overdue: true, closedAt: null, version: 1,
    };
    const api = fakeApi({
      'GET /districts/d1/tips/overview': () => ({ status: 200, body: {
        districtId: 'd1',
        schools: [{ schoolId: 'sch1', schoolName: '阳光实验小学' }],
        escalated: [tip],
      } }),
      'GET /me/inbox/unread-count': () => ({ status: 200, body: { count: 0 } }),
    });
    render(<HomeBody me={officer} />);
    expect(await screen.findByText('升级到教育局的举报（1）')).toBeTruthy();
    expect(screen.getByText('阳光实验小学 · 肢体欺凌')).toBeTruthy();
    expect(screen.getByText('阳光实验小学')).toBeTruthy();
    expect(screen.queryByText('我要倾诉/举报')).toBeNull();
    expect(screen.queryByText('绑定孩子')).toBeNull();
    fireEvent.click(screen.getByText('阳光实验小学 · 肢体欺凌'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/staff-tips/detail/index?id=t9' });
    fireEvent.click(screen.getByText('阳光实验小学'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/subpackages/staff-tips/list/index?schoolId=sch1&schoolName=${encodeURIComponent('阳光实验小学')}` });
    fireEvent.click(screen.getByText('区级看板'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/oversight/district/index' });
    expect(api.callsTo('GET /districts/d1/tips/overview')).toHaveLength(1);
  });
});
