/**
 * The h5 build behaves like an app, on a real server process (temp SQLite, demo seed):
 *  1. every page has a header with its title; a sub-page opened from another page has 返回, which goes back, and
 *     one opened directly (a link) has 回到首页 instead; tab pages have neither;
 *  2. a link to a page that does not exist shows 页面不存在 with 返回首页, never a blank page;
 *  3. the roster upload offers a Chinese 选择文件 button instead of the browser's English "Choose File" control,
 *     and the button opens the file picker.
 * Screenshots at 390×844 into test/artifacts/h5-shell-*.png.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { chromiumOrSkip, expectTouchTargets, screenshot, visibleText, phoneSuite, switchTab } from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

suite('h5: header with back, not-found page, Chinese file button', () => {
  const s = phoneSuite();
  const { see, tap } = s;
  let page: Page;
  beforeAll(() => {
    page = s.page;
  });

  const header = () => page.locator('#taro-navigation-bar');
  const headerButton = (name: string) => header().getByRole('button', { name, exact: true });
  const expectTitle = async (title: string) => {
    await header().getByText(title, { exact: true }).waitFor({ state: 'visible', timeout: 15_000 });
  };
  /** A cold start of the app at `hash` (a fresh document, not a route change inside the running app). */
  const coldStart = async (hash: string) => {
    await page.goto('about:blank');
    await page.goto(`${s.server.url}/${hash}`);
  };

  it('a sub-page shows its title and 返回, which goes back; a tab page has no back button', async () => {
    await page.goto(`${s.server.url}/`);
    await see('用户隐私保护指引');
    await tap('同意并继续');
    await see('我要倾诉/举报');
    await expectTitle('安心家校');
    expect(await headerButton('返回').isVisible()).toBe(false);
    await screenshot(page, 'h5-shell-01-home-header');

    await switchTab(page, '我的');
    await see('长辈模式');
    await tap('隐私保护指引');
    await expectTitle('隐私保护指引');
    const back = headerButton('返回');
    await back.waitFor({ state: 'visible', timeout: 15_000 });
    const box = (await back.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.width).toBeGreaterThanOrEqual(44);
    await expectTouchTargets(page, '.btn, .row[role="button"]');
    await screenshot(page, 'h5-shell-02-subpage-back');

    await back.tap();
    await see('长辈模式');
    await expect(page.evaluate(() => location.hash)).resolves.toContain('/pages/mine/index');
  });

  it('a sub-page opened straight from a link offers 回到首页 instead of 返回', async () => {
    await coldStart('#/pages/privacy/index');
    await expectTitle('隐私保护指引');
    const home = headerButton('回到首页');
    await home.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await headerButton('返回').isVisible()).toBe(false);
    await screenshot(page, 'h5-shell-03-deep-link-home');
    await home.tap();
    await see('我要倾诉/举报');
  });

  it('an unknown route shows the not-found page with 返回首页, not a blank page', async () => {
    await coldStart('#/pages/no-such-page/index');
    await see('页面不存在');
    await see('这个链接打不开，可能写错了或已经失效。');
    await see('我现在有危险');
    await expectTitle('页面不存在');
    await expectTouchTargets(page, '.btn');
    await screenshot(page, 'h5-shell-04-not-found');
    await tap('返回首页');
    await see('我要倾诉/举报');
  });

  it('the roster upload has a Chinese file button that opens the picker; no English "Choose File" is visible', async () => {
    await coldStart('');
    await tap('切换身份');
    await tap('学校管理员');
    await see(/当前身份：学校管理员/, false);
    await coldStart('#/subpackages/staff/roster/index');
    await see('花名册导入');
    const choose = visibleText(page, '选择文件（.xlsx）');
    await choose.waitFor({ state: 'visible', timeout: 15_000 });
    // The browser's own control would read "Choose File" / "No file chosen": none may be visible.
    expect(await page.locator('input[type="file"]').filter({ visible: true }).count()).toBe(0);
    await expectTouchTargets(page, '.btn');
    await screenshot(page, 'h5-shell-05-roster-file-button');

    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 15_000 }), choose.tap()]);
    await chooser.setFiles({ name: '花名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('PK') });
    await see('已选择：花名册.xlsx');
    await screenshot(page, 'h5-shell-06-roster-file-chosen');
  });
});
