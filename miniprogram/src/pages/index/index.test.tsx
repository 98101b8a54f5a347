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

  it('the tip entry opens the tip box for this school; letters and pledges say 即将开放', async () => {
    fakeApi({
      'GET /schools/sch1/public': () => ({ status: 200, body: { id: 'sch1', name: '阳光实验小学', contact: null, emergencyNumbers: [] } }),
      'GET /me/inbox/unread-count': () => ({ status: 200, body: { count: 0 } }),
    });
    render(<HomeBody me={guardian} />);
    fireEvent.click(screen.getByText('我要倾诉/举报'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/tips/index?schoolId=sch1' });
    expect(screen.getAllByText('即将开放')).toHaveLength(2);
    fireEvent.click(screen.getByText('承诺书'));
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '即将开放', icon: 'none' });
    await screen.findByText('学校尚未公布负责人，请联系班主任。');
  });

  it('without a bound child: no contact card, an entry to bind one', async () => {
    const api = fakeApi({ 'GET /me/inbox/unread-count': () => ({ status: 200, body: { count: 0 } }) });
    render(<HomeBody me={makeMe()} />);
    fireEvent.click(screen.getByText('绑定孩子'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/bind/index' });
    expect(api.callsTo('GET /schools/sch1/public')).toHaveLength(0);
    await Promise.resolve();
  });
});
