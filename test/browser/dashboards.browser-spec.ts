/**
 * The dashboards on the h5 build (a real server process on a temp SQLite with the demo seed, the fake WeChat server):
 * the district dashboard with its supervision flags, charts and the table of schools, and a school's dashboard, each
 * on a desktop browser (1280×800, using the width: tiles in a row, a chart beside its table, the schools as one
 * table) and on a phone (390×844, stacked). Tips are filed and handled through the API first: two found to be
 * bullying (the repeat flag) and one left unacknowledged past 12 hours (the server's test clock moved on).
 * Screenshots in test/artifacts/dashboards-*.png (git-ignored).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { DemoRole, TipCategory } from '@anxin/shared';
import { apiCall, chromiumOrSkip, demoSessions, expectTouchTargets, openDesktop, phoneSuite, screenshot, seeOn, visibleText, tapOn, type Phone } from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

suite('h5: the district and school dashboards, on a desktop and on a phone', () => {
  const s = phoneSuite({ fake: true });
  let desktop: Phone;
  const sessions = demoSessions(() => s.server.url);
  const token = sessions.token;
  const as = (page: Page, role: DemoRole, hash: string, loads: string[] = []) => sessions.openAs(page, role, hash, loads);
  const see = (page: Page, text: string | RegExp, exact = true) => seeOn(page, text, exact);
  const visible = (page: Page, css: string) => page.locator(css).filter({ visible: true });
  let schoolId: string;
  let districtId: string;

  beforeAll(async () => {
    desktop = await openDesktop(chromiumPath!);
    const me = (await apiCall(s.server.url, 'GET', '/me', { token: await token('principal') })).body;
    schoolId = me.roles.find((r: any) => r.role === 'principal').schoolId;
    districtId = (await apiCall(s.server.url, 'GET', '/me', { token: await token('district') })).body.roles[0].districtId;
    for (const name of ['阳光第二小学', '阳光初级中学']) {
      await apiCall(s.server.url, 'POST', `/districts/${districtId}/schools`, { token: await token('district'), body: { name, stage: 'primary' } });
    }
    // Six tips to the demo school, from pupils and parents signed in (the limit is per reporter).
    const categories: TipCategory[] = ['verbal', 'verbal', 'physical', 'cyber', 'verbal', 'social'];
    for (const [i, category] of categories.entries()) {
      await apiCall(s.server.url, 'POST', '/tips', {
        token: await token(i % 2 ? 'guardian' : 'student'),
        body: { schoolId, category, description: '课间有同学一直骂我，还把我的本子扔进垃圾桶', ongoing: false, reporterRole: 'victim', inDanger: false, clientKey: randomUUID() },
      });
    }
    const contact = await token('contact');
    const tips = (await apiCall(s.server.url, 'GET', `/schools/${schoolId}/tips?limit=50`, { token: contact })).body.items as { id: string }[];
    expect(tips).toHaveLength(6);
    // Five acknowledged (one left waiting); two of them found to be bullying.
    for (const tip of tips.slice(0, 5)) await apiCall(s.server.url, 'POST', `/tips/${tip.id}/ack`, { token: contact, body: {} });
    for (const tip of tips.slice(0, 2)) {
      for (const status of ['investigating', 'confirmed']) {
        const { version } = (await apiCall(s.server.url, 'GET', `/tips/${tip.id}`, { token: contact })).body;
        await apiCall(s.server.url, 'PATCH', `/tips/${tip.id}`, { token: contact, body: { version, status } });
      }
    }
    // Thirteen hours on: the sixth tip went past 12 hours without an acknowledgement.
    await apiCall(s.server.url, 'POST', '/__test/clock', { body: { advanceMs: 13 * 3_600_000 } });
  });
  afterAll(async () => {
    await desktop?.close();
  });

  it('on a desktop: the district dashboard uses the width — tiles in a row, flags, charts and one table of schools', async () => {
    const page = desktop.page;
    await as(page, 'district', '/subpackages/oversight/district/index', [`/districts/${districtId}/dashboard`]);
    await see(page, '示范区教育局 · 区级看板');
    await see(page, '阳光实验小学 · 同一学期发生两起以上欺凌');
    await see(page, '阳光实验小学 · 举报超过 12 小时未受理');
    // small counts as '<3' in the flags' explanations
    await see(page, /已认定欺凌事件 <3 起/, false);
    // the schools as one table, the school with flags first
    expect(await visible(page, '.dd-head').count()).toBe(1);
    const rows = visible(page, '.dd-row');
    expect(await rows.count()).toBe(3);
    expect(await rows.first().locator('.dd-name').innerText()).toBe('阳光实验小学');
    const row = (await rows.first().boundingBox())!;
    expect(row.width).toBeGreaterThan(600);
    // the tiles side by side on one line
    const tiles = visible(page, '.tile');
    const [t0, t6] = [await tiles.nth(0).boundingBox(), await tiles.nth(6).boundingBox()];
    expect(Math.abs(t0!.y - t6!.y)).toBeLessThan(5);
    // the charts are Views: bars with percentage widths, the busiest school's the longest
    // a school with no tips has a 0 %-wide bar, which is in the chart but not 'visible' to Playwright: count them all
    const fills = visible(page, '.bar-chart').first().locator('.chart-fill');
    expect(await fills.count()).toBe(3);
    const widths = await fills.evaluateAll((els) => els.map((e) => (e as HTMLElement).style.width));
    expect(widths[0]).toBe('100%');
    await screenshot(page, 'dashboards-district-desktop');

    // Acknowledge the repeat flag with a note.
    const flag = visible(page, '.flag').filter({ hasText: '同一学期发生两起以上欺凌' });
    await flag.locator('input').fill('已约谈校长，学校已提交整改方案');
    await flag.getByText('确认已处理', { exact: true }).click();
    await see(page, '处理说明：已约谈校长，学校已提交整改方案');
  });

  it('on a phone: the district dashboard stacks, a card per school', async () => {
    const page = s.page;
    await as(page, 'district', '/subpackages/oversight/district/index', [`/districts/${districtId}/dashboard`]);
    await see(page, '示范区教育局 · 区级看板');
    expect(await visible(page, '.dd-head').count()).toBe(0);
    const phoneWidth = page.viewportSize()!.width;
    const box = (await visible(page, '.tile').first().boundingBox())!;
    expect(box.width).toBeLessThan(phoneWidth);
    await screenshot(page, 'dashboards-district-phone');
    await expectTouchTargets(page, '.btn, .choice');
  });

  it("on a desktop: a school's dashboard puts each chart beside its table", async () => {
    const page = desktop.page;
    await as(page, 'principal', '/subpackages/oversight/school/index', [`/schools/${schoolId}/dashboard`]);
    await see(page, '阳光实验小学 · 学校看板');
    await see(page, '本学期举报：按类别');
    const chart = (await visible(page, '.bar-chart').first().boundingBox())!;
    const table = (await visible(page, '.figure-table').first().boundingBox())!;
    expect(table.x).toBeGreaterThan(chart.x + chart.width - 5);
    expect(Math.abs(table.y - chart.y)).toBeLessThan(chart.height);
    // the principal handles the school's cases: exact counts, no privacy note
    expect(await visibleText(page, /为保护学生隐私/, false).count()).toBe(0);
    expect(await visible(page, '.column-chart .column').count()).toBeGreaterThan(3);
    await screenshot(page, 'dashboards-school-desktop');
  });

  it("on a phone: the school admin opens the school's dashboard from the staff home; small counts as '<3'", async () => {
    const page = s.page;
    await as(page, 'admin', '/subpackages/staff/index/index');
    await tapOn(page, '学校看板');
    await see(page, '阳光实验小学 · 学校看板');
    await see(page, '为保护学生隐私，1 或 2 的数字显示为“<3”，由此算出的比例和用时不显示。');
    await see(page, '<3');
    // stacked: the table below its chart
    const chart = (await visible(page, '.bar-chart').first().boundingBox())!;
    const table = (await visible(page, '.figure-table').first().boundingBox())!;
    expect(table.y).toBeGreaterThan(chart.y + chart.height - 5);
    await screenshot(page, 'dashboards-school-phone');
  });
});
