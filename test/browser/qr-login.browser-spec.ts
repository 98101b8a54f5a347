/**
 * 扫码登录 end to end on the h5 build, against a real server process whose mini-program is configured (WECHAT_APPID
 * set, so there is no demo login: what a production browser meets) and the fake WeChat server that makes the
 * mini-program codes. Two browser contexts: a desktop browser (1280×800, mouse) on the sign-in page, and a phone
 * (390×844, touch) logged in through WeChat as the principal, which opens the confirm page with the code's scene (as
 * scanning the mini-program code would) and taps 确认登录. The desktop enters the app; the phone then ends that
 * browser from 我的 → 已登录的电脑 and the desktop is back at the code. Screenshots: test/artifacts/qr-login-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { PRIVACY_GUIDE_VERSION, QR_LOGIN } from '@anxin/shared';
import { apiCall, chromiumOrSkip, eventually, openDesktop, phoneSuite, screenshot, visibleText, tapOn } from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

suite('h5: a desktop browser signs in by scanning a code, confirmed on a staff member\'s phone', () => {
  // The server with a mini-program configured: no demo login, as in production; the fake WeChat server makes the codes.
  const s = phoneSuite({ fake: true, env: { WECHAT_APPID: 'wx-qr-login-browser', WECHAT_SECRET: 'qr-login-secret' } });
  let desktop: Awaited<ReturnType<typeof openDesktop>>;
  let principalToken = '';

  beforeAll(async () => {
    desktop = await openDesktop(chromiumPath!);
    // The principal's phone logs in through WeChat (wx.login → code2Session at the fake), as the mini-program does.
    s.fake.mapCode('code-principal-phone', 'demo:principal');
    principalToken = (await apiCall(s.server.url, 'POST', '/auth/wechat', { body: { code: 'code-principal-phone' } })).body.token;
    await apiCall(s.server.url, 'POST', '/me/consents', { token: principalToken, body: { kind: 'privacy_guide', version: PRIVACY_GUIDE_VERSION } });
  });
  afterAll(async () => {
    await desktop?.close();
  });

  const see = (page: Page, text: string | RegExp, exact = true, timeout = 20_000) => visibleText(page, text, exact).waitFor({ state: 'visible', timeout });
  /** The scene of the newest mini-program code the fake WeChat server made for the confirm page. */
  const latestScene = async (after: number): Promise<string> => {
    let scene = '';
    await eventually(() => {
      const codes = s.fake.codesIssued().filter((c) => c.page === QR_LOGIN.page);
      expect(codes.length).toBeGreaterThan(after);
      scene = codes[codes.length - 1].scene;
    }, 20_000);
    return scene;
  };
  /** The phone, as the principal (session and privacy agreement in its storage), at `hash`. */
  async function phoneAt(hash: string): Promise<void> {
    const page = s.page;
    await page.goto(`${s.server.url}/`);
    await page.evaluate(([tok, v]) => {
      localStorage.clear();
      localStorage.setItem('anxin.token', JSON.stringify({ data: tok }));
      localStorage.setItem('anxin.privacyAcceptedVersion', JSON.stringify({ data: v }));
    }, [principalToken, PRIVACY_GUIDE_VERSION]);
    await page.goto('about:blank');
    await page.goto(`${s.server.url}/#${hash}`);
  }

  it('the desktop shows the code (请用微信扫码登录), the phone confirms, the desktop enters the app', async () => {
    const before = s.fake.codesIssued().filter((c) => c.page === QR_LOGIN.page).length;
    await desktop.page.goto(`${s.server.url}/`);
    await see(desktop.page, '用户隐私保护指引');
    await visibleText(desktop.page, '同意并继续').click();
    await see(desktop.page, '请用微信扫码登录');
    // The mini-program code WeChat made, shown as it came; no demo banner on a server without the demo login.
    const src = await desktop.page.evaluate(() => {
      const host = document.querySelector('.bsi-code');
      const img = host?.tagName === 'IMG' ? host : host?.querySelector('img') ?? host?.shadowRoot?.querySelector('img');
      return img?.getAttribute('src') ?? host?.getAttribute('src') ?? '';
    });
    expect(src).toMatch(/^data:image\/png;base64,/);
    expect(await desktop.page.getByText(/演示模式/).filter({ visible: true }).count()).toBe(0);
    await screenshot(desktop.page, 'qr-login-desktop-code');
    const scene = await latestScene(before);

    // Scanning the code opens the confirm page with its scene.
    await phoneAt(`/${QR_LOGIN.page}?scene=${encodeURIComponent(scene)}`);
    await see(s.page, '登录电脑端');
    await see(s.page, /^Chrome · /, false);
    await see(s.page, '本机');
    await see(s.page, /李校长/, false);
    await see(desktop.page, '已扫码，请在手机上确认登录');
    await screenshot(s.page, 'qr-login-phone-confirm');
    await screenshot(desktop.page, 'qr-login-desktop-scanned');

    await tapOn(s.page, '确认登录');
    await see(s.page, '已确认登录');
    await see(desktop.page, '教职工工作台');
    await screenshot(desktop.page, 'qr-login-desktop-signed-in');
    // The desktop holds a browser session of the principal's own.
    const token = await desktop.page.evaluate(() => JSON.parse(localStorage.getItem('anxin.token') ?? '{}').data as string);
    expect(token).toBeTruthy();
    expect(token).not.toBe(principalToken);
    expect((await apiCall(s.server.url, 'GET', '/me', { token })).body.displayName).toBe('李校长');
  });

  it('我的 → 已登录的电脑 on the phone lists the desktop; 退出 sends the desktop back to the code', async () => {
    const before = s.fake.codesIssued().filter((c) => c.page === QR_LOGIN.page).length;
    await phoneAt('/subpackages/browser-login/computers/index');
    await see(s.page, /^Chrome · /, false);
    await screenshot(s.page, 'qr-login-phone-computers');
    await tapOn(s.page, '退出');
    await see(s.page, '没有已登录的电脑。');

    await desktop.page.goto(`${s.server.url}/#/pages/mine/index`);
    await desktop.page.reload();
    await see(desktop.page, '请用微信扫码登录');
    await latestScene(before);
    await screenshot(desktop.page, 'qr-login-desktop-ended');
  });

  it('a guardian who scans a code is refused plainly, and the desktop says so', async () => {
    const before = s.fake.codesIssued().filter((c) => c.page === QR_LOGIN.page).length;
    await desktop.page.reload(); // a fresh start: a new code
    await see(desktop.page, '请用微信扫码登录');
    const scene = await latestScene(before);
    s.fake.mapCode('code-guardian-phone', 'demo:guardian');
    const guardian = (await apiCall(s.server.url, 'POST', '/auth/wechat', { body: { code: 'code-guardian-phone' } })).body.token;
    const refused = await fetch(`${s.server.url}/api/v1/auth/qr/${encodeURIComponent(scene)}/scan`, { method: 'POST', headers: { authorization: `Bearer ${guardian}` } });
    expect(refused.status).toBe(403);
    await see(desktop.page, /不是学校或教育局的工作人员/, false);
    await see(desktop.page, '刷新二维码');
    await screenshot(desktop.page, 'qr-login-desktop-refused');
  });
});
