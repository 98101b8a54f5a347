import { beforeEach, describe, expect, it } from '@jest/globals';
import { render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { PRIVACY_GUIDE_VERSION, QR_LOGIN, type QrLoginStatusResponse, type QrLoginTicketResponse } from '@anxin/shared';
import { Screen } from './Screen';
import { SIGN_IN_BY_SCAN, clientConfig, login } from '../api/client';
import { storage } from '../api/storage';
import { signInByScan, type BrowserSignInView } from '../state/browser-sign-in';
import { privacyAcceptedStore } from '../state/privacy';
import { sessionStore } from '../state/session';
import { fakeApi, makeMe, session } from '../../test/fake-api';
import { resetTaro } from '../../test/stubs/taro';

const code = (n: number): QrLoginTicketResponse => ({
  ticket: `t${n}`, pollToken: 'p'.repeat(43), expiresAt: '2026-12-01T06:32:00.000Z', image: `data:image/png;base64,CODE${n}`, imageKind: 'wxacode',
});
const answer = (status: QrLoginStatusResponse['status'], over: Partial<QrLoginStatusResponse> = {}): QrLoginStatusResponse => ({
  status, expiresAt: '2026-12-01T06:32:00.000Z', refusal: null, login: null, ...over,
});
const teacher = makeMe({ id: 'u-teacher', displayName: '张老师', isDemo: false, roles: [{ role: 'teacher', schoolId: 's1', schoolName: '阳光小学', districtId: null, districtName: null, classIds: [] }] });

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  clientConfig.platform = 'h5';
  storage.setPrivacyAccepted(PRIVACY_GUIDE_VERSION);
  privacyAcceptedStore.set(true);
  sessionStore.set({ me: null, loading: false, error: null, signedOut: false });
});

describe('h5 without the demo login (production): the browser signs in by scanning a code', () => {
  it('login() on a server without the demo login asks for the scan instead of failing', async () => {
    storage.setToken('stale');
    fakeApi({}); // POST /auth/dev: 404, as an unknown route
    await expect(login()).rejects.toMatchObject({ status: 401, code: SIGN_IN_BY_SCAN });
    expect(storage.getToken()).toBeNull();
    expect(sessionStore.get().signInByScan).toBe(true);
  });

  it('shows the code with 请用微信扫码登录, then 已扫码, and enters the page once the phone confirms', async () => {
    const looks: Array<(body: QrLoginStatusResponse) => void> = [];
    const seenQueries: string[] = [];
    (Taro.request as any).mockImplementation(async (o: any) => {
      const url = new URL(o.url, 'http://app.test');
      const key = `${o.method} ${url.pathname.replace(/^\/api\/v1/, '')}`;
      if (key === 'POST /auth/qr') return { statusCode: 201, data: code(1) };
      if (key === 'GET /auth/qr/t1') {
        seenQueries.push(url.search);
        expect(o.header.Authorization).toBeUndefined();
        return new Promise((resolve) => looks.push((body) => resolve({ statusCode: 200, data: body })));
      }
      if (key === 'POST /me/consents') return { statusCode: 201, data: {} };
      return { statusCode: 404, data: { code: 'NOT_FOUND', message: '接口不存在' } };
    });
    render(<Screen>{(me) => <div>页面内容 {me.displayName}</div>}</Screen>);

    expect(await screen.findByText('请用微信扫码登录')).toBeTruthy();
    expect(document.querySelector('img')!.getAttribute('src')).toBe('data:image/png;base64,CODE1');
    expect(screen.queryByText(/演示模式/)).toBeNull();
    expect(screen.getByText('我现在有危险')).toBeTruthy();
    await screen.findByText('请用微信扫码登录');
    expect(seenQueries[0]).toContain('seen=pending');
    looks[0](answer('scanned'));
    expect(await screen.findByText('已扫码，请在手机上确认登录')).toBeTruthy();
    await new Promise((r) => setTimeout(r, 0));
    expect(seenQueries[1]).toContain('seen=scanned');
    looks[1](answer('confirmed', { login: session(teacher, 'tok-browser') }));
    expect(await screen.findByText('页面内容 张老师')).toBeTruthy();
    expect(storage.getToken()).toBe('tok-browser');
    expect(sessionStore.get().signInByScan).toBe(false);
  });

  it('renews an expired code by itself, then waits for a tap after QR_LOGIN.autoRenewals codes', async () => {
    let n = 0;
    const api = fakeApi({
      'POST /auth/qr': () => ({ status: 201, body: code(++n) }),
      ...Object.fromEntries(Array.from({ length: QR_LOGIN.autoRenewals }, (_, i) => [`GET /auth/qr/t${i + 1}`, () => ({ status: 200, body: answer('expired') })])),
    });
    const views: BrowserSignInView[] = [];
    await signInByScan((v) => views.push(v), () => false);
    expect(api.callsTo('POST /auth/qr')).toHaveLength(QR_LOGIN.autoRenewals);
    expect(views.filter((v) => v.phase === 'waiting').map((v) => v.phase === 'waiting' && v.image)).toEqual(Array.from({ length: QR_LOGIN.autoRenewals }, (_, i) => `data:image/png;base64,CODE${i + 1}`));
    expect(views.at(-1)).toEqual({ phase: 'stale' });
  });

  it('a refusal on the phone is shown and not retried; a code the server no longer has is replaced', async () => {
    let n = 0;
    const api = fakeApi({
      'POST /auth/qr': () => ({ status: 201, body: code(++n) }),
      'GET /auth/qr/t1': () => ({ status: 404, body: { code: 'NOT_FOUND', message: '二维码不存在或无权访问' } }),
      'GET /auth/qr/t2': () => ({ status: 200, body: answer('refused', { refusal: 'not_staff' }) }),
    });
    const views: BrowserSignInView[] = [];
    await signInByScan((v) => views.push(v), () => false);
    expect(api.callsTo('POST /auth/qr')).toHaveLength(2);
    expect(views.at(-1)).toEqual({ phase: 'refused', refusal: 'not_staff' });
  });

  it('the refusal says who may sign in, with 刷新二维码', async () => {
    fakeApi({
      'POST /auth/qr': () => ({ status: 201, body: code(1) }),
      'GET /auth/qr/t1': () => ({ status: 200, body: answer('refused', { refusal: 'not_staff' }) }),
    });
    sessionStore.set({ me: null, loading: false, error: null, signedOut: false, signInByScan: true });
    render(<Screen>{() => <div>页面内容</div>}</Screen>);
    expect(await screen.findByText(/不是学校或教育局的工作人员/)).toBeTruthy();
    expect(screen.getByText('刷新二维码')).toBeTruthy();
    expect(screen.queryByText('页面内容')).toBeNull();
  });
});
