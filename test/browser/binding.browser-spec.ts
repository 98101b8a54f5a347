/**
 * The guardian → teacher → guardian flow on the h5 build, against a real server (temp SQLite,
 * demo seed): accept the privacy guide, bind a child with invite code DEMO3A01, the teacher approves it in the
 * staff subpackage, the guardian sees the child bound. Every page is screenshotted at 390×844 into
 * test/artifacts/ (git-ignored).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { PRIVACY_GUIDE_VERSION } from '@anxin/shared';
import { apiCall, chromiumOrSkip, eventually, expectTouchTargets as expectTouchTargetsOn, screenshot, visibleText, phoneSuite, switchTab } from './support';

const chromiumPath = chromiumOrSkip();

/** An .xlsx in the shape schools keep (the server's roster template headers). */
async function writeRoster(path: string, rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学生名单');
  ws.addRow(['年级', '班级', '学生姓名', '学籍号', '性别', '家长姓名', '关系', '联系电话']);
  rows.forEach((r) => ws.addRow(r));
  await wb.xlsx.writeFile(path);
}
const suite = chromiumPath ? describe : describe.skip;

suite('h5: guardian binds a child, teacher approves', () => {
  const s = phoneSuite();
  const { see, tap } = s;
  let page: Page;
  beforeAll(() => {
    page = s.page;
  });

  const tab = (label: '首页' | '消息' | '我的') => switchTab(page, label);
  const storedToken = () => page.evaluate(() => {
    const raw = localStorage.getItem('anxin.token');
    if (!raw) return null;
    try {
      return JSON.parse(raw).data as string;
    } catch {
      return raw;
    }
  });
  const api = (path: string, token: string) => apiCall(s.server.url, 'GET', path, { token });
  const expectTouchTargets = () => expectTouchTargetsOn(page, '.btn, .entry, .choice, .row[role="button"], .weui-tabbar__item');

  it('the guardian accepts the privacy guide first; the consent reaches the server', async () => {
    await page.goto(`${s.server.url}/`);
    await see('用户隐私保护指引');
    await screenshot(page, '01-privacy-guide');
    // Nothing was collected before the agreement: no session yet.
    expect(await storedToken()).toBeNull();
    await tap('同意并继续');
    await see('我要倾诉/举报');
    await see(/演示模式 · 当前身份：家长/, false);
    await screenshot(page, '02-home-guardian');
    await expectTouchTargets();

    const token = await storedToken();
    expect(token).toBeTruthy();
    await eventually(async () => expect((await api('/me', token!)).body.privacyGuideAcceptedVersion).toBe(PRIVACY_GUIDE_VERSION));
  });

  it('the tip box entry shows the emergency numbers', async () => {
    await tap('我要倾诉/举报');
    await see('报警电话 110');
    await see('青少年维权热线 12355');
    await screenshot(page, '03-tips');
    await page.goBack();
    await see('我要倾诉/举报');
  });

  it('the guardian binds 王小明 with invite code DEMO3A01', async () => {
    await tap('绑定孩子');
    await see('班级邀请码');
    await screenshot(page, '04-bind-empty');
    await page.locator('.code-input input').filter({ visible: true }).fill('demo3a01');
    await tap('查找班级');
    await see('阳光实验小学 三年级1班');
    // Refused until complete: the form names what is missing.
    await tap('提交绑定申请');
    await see('请选择您的孩子');
    await see('需要您同意后才能绑定');
    await tap('王*明');
    await page.locator('.name-input input').filter({ visible: true }).fill('王小明');
    await tap('母亲');
    await tap(/我是该学生的监护人/, false);
    await screenshot(page, '05-bind-form');
    await tap('提交绑定申请');
    await see('已提交，待班主任审核');
    await see('待班主任审核');
    await screenshot(page, '06-bind-submitted');
    await expectTouchTargets();

    const me = await api('/me', (await storedToken())!);
    expect(me.body.students).toEqual([expect.objectContaining({ studentName: '王小明', status: 'pending', relation: 'mother' })]);
    await page.goBack();
    await see('我要倾诉/举报');
  });

  it('我的, 长辈模式, the privacy guide page and 消息', async () => {
    await tab('我的');
    await see('王小明');
    await screenshot(page, '07-mine');
    const height = () => visibleText(page, '退出登录').evaluate((el) => el.getBoundingClientRect().height);
    const before = await height();
    await tap('长辈模式');
    await eventually(async () => expect(await page.locator('.screen.elder').filter({ visible: true }).count()).toBe(1));
    expect(await height()).toBeGreaterThan(before);
    await screenshot(page, '08-mine-elder-mode');
    // Kept across a reload.
    await page.reload();
    await see('长辈模式');
    expect(await page.locator('.screen.elder').filter({ visible: true }).count()).toBe(1);
    await tap('长辈模式');
    await eventually(async () => expect(await page.locator('.screen.elder').filter({ visible: true }).count()).toBe(0));

    await tap('隐私保护指引');
    await see(`您已同意本指引（版本 ${PRIVACY_GUIDE_VERSION}）`);
    await screenshot(page, '09-privacy-page');
    await page.goBack();
    await see('长辈模式');

    await tab('消息');
    await see(/暂无消息|●/, false);
    await screenshot(page, '10-inbox');
  });

  it('the teacher (demo banner) approves the binding in the staff pages', async () => {
    await tab('首页');
    await tap('切换身份');
    await screenshot(page, '11-demo-banner-roles');
    await tap('班主任');
    await see(/当前身份：班主任/, false);
    await see('教职工工作台');
    await screenshot(page, '12-home-teacher');
    await tap('教职工工作台');
    await see('绑定审核');
    await screenshot(page, '13-staff-home');
    await tap('绑定审核');
    await see('王小明');
    await see(/申请人：刘女士（母亲）/, false);
    await screenshot(page, '14-approvals');
    await expectTouchTargets();
    await tap('同意');
    await see('没有待审核的申请');
    await screenshot(page, '15-approvals-done');

    await page.goBack();
    await tap('班级邀请码');
    await see('DEMO3A01');
    await eventually(async () => expect(await page.locator('.invite-code img').filter({ visible: true }).count()).toBeGreaterThan(0));
    await screenshot(page, '16-invite-codes');
  });

  it('the principal checks a roster file (row report as a table) and sets the designated contact', async () => {
    await page.goto(`${s.server.url}/`);
    await tap('切换身份');
    await tap('校长');
    await see(/当前身份：校长/, false);
    await tap('教职工工作台');
    await tap('花名册导入');
    await see('选择文件（.xlsx）');
    await screenshot(page, '17-roster');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), tap('下载模板')]);
    expect(download.suggestedFilename()).toBe('学生名单模板.xlsx');

    // A sheet with one bad row: nothing is applied, the report names row, column and problem.
    const file = join(tmpdir(), `anxin-roster-${process.pid}.xlsx`);
    await writeRoster(file, [
      ['三年级', '1班', '王小明', 'GA31001', '男', '刘女士', '母亲', '13800138000'],
      ['三年级', '1班', '', 'GA31099', '女', '赵先生', '父亲', '13900139000'],
    ]);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 15_000 }), tap('选择文件（.xlsx）')]);
    await chooser.setFiles(file);
    await see(/已选择：anxin-roster-/, false);
    await tap('只检查');
    await see(/发现 \d+ 处问题，未导入任何数据/, false);
    const rows = page.locator('.roster-report .tr').filter({ visible: true });
    await eventually(async () => expect(await rows.count()).toBeGreaterThan(1));
    expect(await rows.nth(1).textContent()).toMatch(/^3学生姓名/);
    await screenshot(page, '18-roster-report');
    await expectTouchTargets();

    await page.goBack();
    await tap('学校设置');
    await see('设置负责人');
    await see(/欺凌防治负责人：张静/, false);
    const phoneInput = page.locator('input[placeholder="手机号或 010-12345678"]').filter({ visible: true });
    await phoneInput.fill('010-62345679');
    await tap('保存');
    await see(/欺凌防治负责人：张静 010-62345679/, false);
    await screenshot(page, '19-school-settings');
  });

  /** Nothing clips or spills sideways when text is much larger (WeChat's largest font, 长辈模式 on top). */
  const expectNothingClipped = async () => {
    const problems = await page.evaluate(() => {
      const out: string[] = [];
      document.querySelectorAll('.btn, .entry, .choice, .tag, .row, .card, .input, .demo-banner').forEach((el) => {
        const e = el as HTMLElement;
        if (e.offsetParent === null) return;
        if (e.scrollHeight > e.clientHeight + 2 || e.scrollWidth > e.clientWidth + 2) out.push(`${e.className}: ${(e.textContent || '').trim().slice(0, 16)}`);
      });
      if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push(`page is ${document.documentElement.scrollWidth}px wide`);
      return out;
    });
    expect(problems).toEqual([]);
  };

  it('stays readable with much larger text (largest font + 长辈模式)', async () => {
    await page.goto(`${s.server.url}/`);
    await see('我要倾诉/举报');
    // Taro h5 sizes everything in rem from the root font size: 1.6× what a 390 px phone gets.
    // (!important: Taro's own sizing script re-sets the inline size whenever the window is resized.)
    const normal = await visibleText(page, '我要倾诉/举报').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    await page.addStyleTag({ content: `html { font-size: ${((40 * 390) / 750) * 1.6}px !important; }` });
    const large = await visibleText(page, '我要倾诉/举报').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(large).toBeGreaterThan(normal * 1.5);
    await expectNothingClipped();
    await screenshot(page, '20-home-large-font');
    await tab('我的');
    await tap('长辈模式');
    await eventually(async () => expect(await page.locator('.screen.elder').filter({ visible: true }).count()).toBe(1));
    await expectNothingClipped();
    await screenshot(page, '21-mine-large-font-elder');
    await tap('长辈模式');
    await page.goto(`${s.server.url}/`);
  });

  it('the guardian sees the child approved', async () => {
    await page.goto(`${s.server.url}/`);
    await tap('切换身份');
    await tap('家长');
    await see(/当前身份：家长/, false);
    // Now bound: the home page shows the school and its designated contact.
    await see('阳光实验小学');
    await see('拨打 010-62345679');
    await screenshot(page, '22-home-guardian-bound');
    await tab('我的');
    await see('已绑定');
    await screenshot(page, '23-mine-approved');
    const me = await api('/me', (await storedToken())!);
    expect(me.body.students).toEqual([expect.objectContaining({ studentName: '王小明', status: 'approved' })]);
  });
});
