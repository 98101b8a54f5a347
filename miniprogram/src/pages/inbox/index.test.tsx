import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { InboxBody } from './index';
import { clientConfig } from '../../api/client';
import { storage } from '../../api/storage';
import { unreadStore } from '../../state/unread';
import { fakeApi } from '../../../test/fake-api';
import { resetTaro } from '../../../test/stubs/taro';

const item = (id: string, over: object = {}) => ({
  id, template: 'binding_approved', title: `标题${id}`, body: `内容${id}`, page: null, createdAt: '2026-11-29T03:04:05.000Z', readAt: null,
  delivery: { via: 'wechat', reason: 'one_time' }, ...over,
});

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('消息', () => {
  it('lists messages; tapping an unread one marks it read, lowers the badge and opens its page', async () => {
    let unread = 2;
    const api = fakeApi({
      'GET /me/inbox': () => ({ status: 200, body: { items: [
        item('m1', { page: 'pages/bind/index' }), item('m2', { delivery: { via: 'inbox_only', reason: 'no_consent' } }),
        item('m3', { readAt: '2026-11-29T04:00:00.000Z', delivery: { via: 'pending', reason: null } }),
      ], total: 3 } }),
      'GET /me/inbox/unread-count': () => ({ status: 200, body: { count: unread } }),
      'POST /me/inbox/m1/read': () => {
        unread = 1;
        return { status: 204 };
      },
    });
    render(<InboxBody />);
    expect(await screen.findByText('● 标题m1')).toBeTruthy();
    expect(screen.getAllByText('2026-11-29 11:04')).toHaveLength(3);
    // Each message says how it reached the user besides this list.
    expect(screen.getByText('已通过微信提醒')).toBeTruthy();
    expect(screen.getByText('仅在站内：你还没有开启微信提醒')).toBeTruthy();
    expect(screen.getByText('等待发送微信提醒')).toBeTruthy();
    await waitFor(() => expect(Taro.setTabBarBadge).toHaveBeenCalledWith({ index: 1, text: '2' }));

    fireEvent.click(screen.getByText('● 标题m1'));
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/bind/index' }));
    expect(api.callsTo('POST /me/inbox/m1/read')).toHaveLength(1);
    expect(await screen.findByText('标题m1')).toBeTruthy();
    expect(unreadStore.get()).toBe(1);
    expect(Taro.setTabBarBadge).toHaveBeenLastCalledWith({ index: 1, text: '1' });

    // A read message is not marked again.
    fireEvent.click(screen.getByText('标题m3'));
    expect(api.callsTo('POST /me/inbox/m3/read')).toHaveLength(0);
  });

  it('says so when there is nothing', async () => {
    fakeApi({
      'GET /me/inbox': () => ({ status: 200, body: { items: [], total: 0 } }),
      'GET /me/inbox/unread-count': () => ({ status: 200, body: { count: 0 } }),
    });
    render(<InboxBody />);
    expect(await screen.findByText('暂无消息')).toBeTruthy();
    await waitFor(() => expect(Taro.removeTabBarBadge).toHaveBeenCalledWith({ index: 1 }));
  });
});
