/**
 * 我现在有危险 with no network and no session, on the h5 build against a real server process (temp SQLite, demo
 * seed). The API is cut with page.route (every /api/ request aborted, as when WeChat's network or our server is
 * unreachable; the app's own files still load, as a weapp's code is already on the phone), and once the danger
 * screen's code is loaded the browser is taken fully offline as well:
 *  1. a student opens the tip box once online from a school poster's link and sees the school contact's card (it is
 *     cached on the device);
 *  2. with the API cut, a cold start at 首页 cannot log in, yet offers 我现在有危险; the danger screen shows 110,
 *     12355 and the cached contact with when it was last updated; a cold start straight at the danger screen (a
 *     link with no school id) shows the same;
 *  3. a phone that never opened the app, with the API cut: the danger screen is reachable before the privacy
 *     guide is agreed to and shows 110 and 12355; opened from a poster link it says the contact is unavailable.
 * Screenshots at 390×844 into test/artifacts/emergency-offline-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { chromiumOrSkip, ensureBuilt, openPhone, screenshot, startServer, visibleText, type RunningServer } from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

suite('h5: the emergency screen works with no network and no session', () => {
  let server: RunningServer;
  let contact: { name: string; phone: string };
  let schoolId = '';

  beforeAll(async () => {
    ensureBuilt();
    server = await startServer();
    // A demo school and what it publishes (read through the API, not assumed from the demo data).
    const login = await fetch(`${server.url}/api/v1/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'contact' }) });
    const { token } = (await login.json()) as { token: string };
    const me = (await (await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { roles: { schoolId: string | null }[] };
    schoolId = me.roles.find((r) => r.schoolId)!.schoolId!;
    const card = (await (await fetch(`${server.url}/api/v1/schools/${schoolId}/public`)).json()) as { contact: { name: string; phone: string } | null };
    expect(card.contact).not.toBeNull();
    contact = card.contact!;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const helpers = (page: Page) => ({
    see: (text: string | RegExp, exact = true) => visibleText(page, text, exact).waitFor({ state: 'visible', timeout: 15_000 }),
    tap: async (text: string | RegExp, exact = true) => {
      const el = visibleText(page, text, exact);
      await el.waitFor({ state: 'visible', timeout: 15_000 });
      await el.tap();
    },
    /** A cold start of the app at `hash` (a fresh document, not a route change inside the running app). */
    coldStart: async (hash: string) => {
      await page.goto('about:blank');
      await page.goto(`${server.url}/${hash}`);
    },
    cutApi: () => page.route('**/api/**', (r) => r.abort('internetdisconnected')),
  });

  it('a card seen once online is shown on the danger screen after a cold start with the network cut', async () => {
    const phone = await openPhone(chromiumPath!);
    const { page, context } = phone;
    const { see, tap, coldStart, cutApi } = helpers(page);
    try {
      // A student scans the school's poster (its link carries the school id) and agrees to the privacy guide.
      await page.goto(`${server.url}/#/pages/tips/index?schoolId=${schoolId}`);
      await see('用户隐私保护指引');
      await tap('同意并继续');
      // The entry shows the school contact's card: from now on it is kept on the device.
      await see(contact.name);
      await see(`拨打 ${contact.phone}`);

      await cutApi();
      await coldStart('#/pages/index/index');
      // No login is possible; the way to safety is there anyway.
      await see('网络连接失败，请检查网络后重试');
      await screenshot(page, 'emergency-offline-01-home-no-network');
      await tap('我现在有危险');
      await see('先保护好自己');
      // From here the browser is offline altogether (h5 fetches a page's code when it first opens; a weapp has it).
      await context.setOffline(true);
      await tap('返回');
      await tap('我现在有危险');
      await see('报警电话 110');
      await see('青少年维权热线 12355');
      await see(`学校欺凌防治负责人 ${contact.name} ${contact.phone}`);
      await see(/^离线显示，上次更新于 \d{4}-\d\d-\d\d \d\d:\d\d$/, true);
      await screenshot(page, 'emergency-offline-02-danger-cached-contact');
      await context.setOffline(false);

      // A cold start straight at the danger screen (no school in the link): the school seen last on this device.
      await coldStart('#/pages/tips/index?danger=1');
      await see('报警电话 110');
      await see('青少年维权热线 12355');
      await see(`学校欺凌防治负责人 ${contact.name} ${contact.phone}`);
      await screenshot(page, 'emergency-offline-03-cold-start-danger');
    } finally {
      await phone.close();
    }
  });

  it('a phone that never reached the server: 110 and 12355 before the privacy guide, and the contact is said to be unavailable', async () => {
    const phone = await openPhone(chromiumPath!);
    const { page } = phone;
    const { see, tap, coldStart, cutApi } = helpers(page);
    try {
      await cutApi();
      await coldStart('');
      await see('用户隐私保护指引');
      await tap('我现在有危险');
      await see('先保护好自己');
      await see('报警电话 110');
      await see('青少年维权热线 12355');
      await screenshot(page, 'emergency-offline-04-before-privacy-guide');

      // Agreeing works offline too (the consent reaches the server at the next login) …
      await coldStart('');
      await tap('同意并继续');
      await see('网络连接失败，请检查网络后重试');
      // … then a poster link with the school id: the card cannot be fetched and was never seen.
      await coldStart(`#/pages/tips/index?schoolId=${schoolId}&danger=1`);
      await see('先保护好自己');
      await see('报警电话 110');
      await see('青少年维权热线 12355');
      await see('没有网络，暂时无法显示学校欺凌防治负责人的电话。请先拨打上面的号码，或马上找身边的老师、家长。');
      expect(await visibleText(page, contact.phone, false).count()).toBe(0);
      await screenshot(page, 'emergency-offline-05-never-seen');
    } finally {
      await phone.close();
    }
  });
});
