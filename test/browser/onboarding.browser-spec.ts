/**
 * Onboarding pages on the h5 build (a real server process on a temp SQLite with the demo seed): the district console
 * adds a school and shows a first administrator's invite; the school's set-up checklist. Each on a phone (390×844,
 * touch) and on a desktop browser (1280×800), where the console becomes a table of schools and the checklist and
 * staff invitations use the width. Screenshots in test/artifacts/onboarding-*.png (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { DemoRole } from '@anxin/shared';
import { apiCall, chromiumOrSkip, expectTouchTargets, screenshot, demoSessions, openDesktop, phoneSuite, seeOn, tapOn, type Phone } from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

suite('h5: the district console and a school\'s set-up checklist, on a phone and on a desktop', () => {
  const s = phoneSuite();
  let phone: Phone;
  let desktop: Phone;

  beforeAll(async () => {
    phone = s.phone;
    desktop = await openDesktop(chromiumPath!);
    // A few more schools, so the console has rows in both states.
    const me = (await apiCall(s.server.url, 'GET', '/me', { token: await token('district') })).body;
    const districtId = me.roles[0].districtId as string;
    for (const [name, stage, nationalCode] of [['阳光第二小学', 'primary', '1101080002'], ['阳光初级中学', 'junior', undefined]] as const) {
      await apiCall(s.server.url, 'POST', `/districts/${districtId}/schools`, { token: await token('district'), body: { name, stage, ...(nationalCode ? { nationalCode } : {}) } });
    }
  });
  afterAll(async () => {
    await desktop?.close();
  });

  const sessions = demoSessions(() => s.server.url);
  const token = sessions.token;
  /** `page` as a demo role (session, role and privacy agreement in its storage), at `hash`. */
  async function as(page: Page, role: DemoRole, hash: string) {
    await sessions.openAs(page, role, hash);
  }
  const see = (page: Page, text: string | RegExp, exact = true) => seeOn(page, text, exact);
  const field = (page: Page, css: string) => page.locator(css).filter({ visible: true });

  it('on a phone: the console adds a school and invites its first administrator; a card per school', async () => {
    const page = phone.page;
    await as(page, 'district', '/subpackages/district/console/index');
    await see(page, '共 3 所学校，0 所已完成开通');
    expect(await field(page, '.ds-head').count()).toBe(0); // the table header is for wide screens
    await field(page, 'input').first().fill('阳光第三小学');
    await tapOn(page, '九年一贯制');
    await tapOn(page, '添加');
    await see(page, '共 4 所学校，0 所已完成开通');
    const row = page.locator('.ds-row').filter({ hasText: '阳光第三小学' }).filter({ visible: true });
    await row.getByText('邀请管理员', { exact: true }).tap();
    await see(page, '学校管理员 · 阳光第三小学');
    const code = await page.locator('.invite-card .code-text').filter({ visible: true }).innerText();
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    await screenshot(page, 'onboarding-console-phone');
    await expectTouchTargets(page, '.btn, .choice');
  });

  it('on a desktop: the console is a table of schools, one row each, using the width', async () => {
    const page = desktop.page;
    await as(page, 'district', '/subpackages/district/console/index');
    await see(page, '共 4 所学校，0 所已完成开通');
    await expect(field(page, '.ds-head').count()).resolves.toBe(1);
    const rows = field(page, '.ds-row');
    expect(await rows.count()).toBe(4);
    // a row's cells side by side: the school name and its last column on one line
    const first = await rows.first().boundingBox();
    expect(first!.width).toBeGreaterThan(1000);
    const name = await rows.first().locator('.ds-name').boundingBox();
    const actions = await rows.first().locator('.ds-actions').boundingBox();
    expect(Math.abs(name!.y - actions!.y)).toBeLessThan(first!.height);
    expect(actions!.x).toBeGreaterThan(name!.x + 600);
    await screenshot(page, 'onboarding-console-desktop');
  });

  it('the school\'s set-up checklist, on a phone and on a desktop', async () => {
    for (const [page, name] of [[phone.page, 'onboarding-checklist-phone'], [desktop.page, 'onboarding-checklist-desktop']] as const) {
      await as(page, 'admin', '/subpackages/onboarding/checklist/index');
      await see(page, /^已完成 \d \/ 9 项$/);
      await see(page, '指定欺凌防治负责人（公开电话）');
      // the demo school's pledge of this school year is open, the tip box not yet tested
      await see(page, /已完成 · 已开启 \d{4}-\d{4} 学年的承诺书/);
      await see(page, '发送测试举报');
      expect(await page.getByText(/即将开放/).filter({ visible: true }).count()).toBe(0);
      await screenshot(page, name);
    }
    await as(desktop.page, 'admin', '/subpackages/onboarding/staff-invites/index');
    await see(desktop.page, '本校教职工');
    await screenshot(desktop.page, 'onboarding-staff-invites-desktop');
  });
});
