import { beforeEach, describe, expect, it } from '@jest/globals';
import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ComputersBody } from './index';
import { MineBody } from '../../../pages/mine/index';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

const rows = [
  { id: 'b1', browser: 'Chrome · Windows', signedInOn: '2026-11-30', lastUsedOn: '2026-12-01', current: false },
  { id: 'b2', browser: 'Edge · Windows', signedInOn: '2026-11-28', lastUsedOn: '2026-11-29', current: false },
];

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok-phone');
});

describe('我的 → 已登录的电脑', () => {
  it('lists the browsers with their days, and 退出 ends one', async () => {
    const api = fakeApi({
      'GET /me/browser-sessions': () => ({ status: 200, body: rows }),
      'DELETE /me/browser-sessions/b1': () => ({ status: 204 }),
    });
    render(<ComputersBody />);
    expect(await screen.findByText('Chrome · Windows')).toBeTruthy();
    expect(screen.getByText('2026-11-30 登录 · 最近使用 2026-12-01')).toBeTruthy();
    fireEvent.click(screen.getAllByText('退出')[0]);
    await act(async () => undefined);
    expect(api.callsTo('DELETE /me/browser-sessions/b1')).toHaveLength(1);
    expect(screen.queryByText('Chrome · Windows')).toBeNull();
    expect(screen.getByText('Edge · Windows')).toBeTruthy();
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已退出这台电脑' }));
  });

  it('says when there is none', async () => {
    fakeApi({ 'GET /me/browser-sessions': () => ({ status: 200, body: [] }) });
    render(<ComputersBody />);
    expect(await screen.findByText('没有已登录的电脑。')).toBeTruthy();
  });

  it('is on 我的 for staff only', async () => {
    fakeApi({ 'GET /me': () => ({ status: 200, body: makeMe() }) });
    const staff = makeMe({ roles: [{ role: 'teacher', schoolId: 's1', schoolName: '阳光小学', districtId: null, districtName: null, classIds: [] }] });
    const { unmount } = render(<MineBody me={staff} />);
    fireEvent.click(screen.getByText('已登录的电脑'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/browser-login/computers/index' });
    unmount();
    render(<MineBody me={makeMe()} />);
    expect(screen.queryByText('已登录的电脑')).toBeNull();
    await act(async () => undefined);
  });
});
