import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import { QR_LOGIN } from '@anxin/shared';
import { ConfirmBody } from './index';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro, routerParams } from '../../../../test/stubs/taro';

const SCENE = 'AbCdEfGhIjKlMnOpQrStUvWxYz01-_45';
const principal = makeMe({ id: 'u-p', displayName: '王校长', roles: [{ role: 'principal', schoolId: 's1', schoolName: '阳光小学', districtId: null, districtName: null, classIds: [] }] });
const info = { browser: 'Chrome · Windows', location: '网络 203.0.*.*', requestedAt: '2026-12-01T06:30:00.000Z', expiresAt: '2026-12-01T06:32:00.000Z' };

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok-phone');
  routerParams.current = { scene: SCENE };
});

describe('电脑登录确认 (the page a browser\'s code opens on the phone)', () => {
  it('names the browser, its rough location and the time, and signs it in on 确认登录', async () => {
    const api = fakeApi({
      [`POST /auth/qr/${SCENE}/scan`]: () => ({ status: 200, body: info }),
      [`POST /auth/qr/${SCENE}/confirm`]: () => ({ status: 204 }),
    });
    render(<ConfirmBody me={principal} />);
    expect(await screen.findByText('Chrome · Windows')).toBeTruthy();
    expect(screen.getByText('网络 203.0.*.*')).toBeTruthy();
    expect(screen.getByText('12月1日 14:30')).toBeTruthy(); // Asia/Shanghai
    expect(screen.getByText('王校长（校长）')).toBeTruthy();
    fireEvent.click(screen.getByText('确认登录'));
    expect(await screen.findByText('已确认登录')).toBeTruthy();
    expect(api.callsTo(`POST /auth/qr/${SCENE}/confirm`)).toHaveLength(1);
    expect(api.callsTo(`POST /auth/qr/${SCENE}/cancel`)).toHaveLength(0);
  });

  it('取消 tells the browser no', async () => {
    const api = fakeApi({
      [`POST /auth/qr/${SCENE}/scan`]: () => ({ status: 200, body: info }),
      [`POST /auth/qr/${SCENE}/cancel`]: () => ({ status: 204 }),
    });
    render(<ConfirmBody me={principal} />);
    fireEvent.click(await screen.findByText('取消'));
    expect(await screen.findByText('这台电脑不会登录。')).toBeTruthy();
    expect(api.callsTo(`POST /auth/qr/${SCENE}/cancel`)).toHaveLength(1);
  });

  it('a guardian or student is told plainly that only staff sign in on a computer', async () => {
    fakeApi({
      [`POST /auth/qr/${SCENE}/scan`]: () => ({ status: 403, body: { code: 'QR_LOGIN_NOT_STAFF', message: '只有学校和教育局的工作人员可以扫码登录电脑端；家长和学生请在微信小程序中使用安心家校' } }),
    });
    render(<ConfirmBody me={makeMe()} />);
    expect(await screen.findByText('不能登录电脑端')).toBeTruthy();
    expect(screen.getByText(/只有学校和教育局的工作人员/)).toBeTruthy();
    expect(screen.queryByText('确认登录')).toBeNull();
  });

  it('an expired code says so; a page opened without a code sends nothing', async () => {
    fakeApi({ [`POST /auth/qr/${SCENE}/scan`]: () => ({ status: 410, body: { code: 'QR_LOGIN_EXPIRED', message: '二维码已过期，请在电脑上刷新二维码后重新扫码' } }) });
    const { unmount } = render(<ConfirmBody me={principal} />);
    expect(await screen.findByText('二维码已过期，请在电脑上刷新二维码后重新扫码')).toBeTruthy();
    unmount();
    routerParams.current = { scene: 'not a scene' };
    const api = fakeApi({});
    render(<ConfirmBody me={principal} />);
    expect(screen.getByText('二维码无效')).toBeTruthy();
    expect(api.calls).toHaveLength(0);
  });

  it('reads the scene from the link WeChat hands over as `q` (扫普通链接二维码打开小程序)', async () => {
    routerParams.current = { q: encodeURIComponent(`https://anxin.example.edu.cn/#/${QR_LOGIN.page}?scene=${SCENE}`) };
    const api = fakeApi({ [`POST /auth/qr/${SCENE}/scan`]: () => ({ status: 200, body: info }) });
    render(<ConfirmBody me={principal} />);
    expect(await screen.findByText('Chrome · Windows')).toBeTruthy();
    expect(api.calls).toHaveLength(1);
  });

  it('is a page of the app, at the path the codes open', () => {
    const config = readFileSync(join(__dirname, '../../../app.config.ts'), 'utf8');
    const [root, page] = [QR_LOGIN.page.split('/').slice(0, 2).join('/'), QR_LOGIN.page.split('/').slice(2).join('/')];
    expect(config).toMatch(new RegExp(`root: '${root}',\\s*pages: \\[[^\\]]*'${page}'`));
  });
});
