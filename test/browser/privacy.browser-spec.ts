/**
 * 我的 → 个人信息与隐私 on the h5 build, against a real server process (temp SQLite, demo seed; the demo guardian binds
 * 王小明 through the API and the class teacher approves): the guardian opens 我的数据 from 我的, downloads it as a spreadsheet and
 * as JSON (both read back), reads the children's rules with the school's person responsible, and deletes the account;
 * the session ends with it. Screenshots go to test/artifacts/privacy-*.png (git-ignored).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { CHILD_DATA_CONSENT_VERSION } from '@anxin/shared';
import { apiCall, chromiumOrSkip, demoSessions, expectTouchTargets, phoneSuite, screenshot, switchTab } from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

suite('h5: a guardian sees, downloads and deletes their data', () => {
  const s = phoneSuite();
  const { see, tap } = s;
  const sessions = demoSessions(() => s.server.url);
  let page: Page;
  beforeAll(() => {
    page = s.page;
  });

  it('我的 → 个人信息与隐私 shows everything held about the guardian and the child', async () => {
    const guardian = await sessions.token('guardian');
    const lookup = await apiCall(s.server.url, 'GET', '/invite-codes/DEMO3A01/lookup', { token: guardian });
    const child = lookup.body.students.find((x: { maskedName: string }) => x.maskedName === '王*明');
    const bound = await apiCall(s.server.url, 'POST', '/bindings', {
      token: guardian, body: { inviteCode: 'DEMO3A01', studentId: child.id, studentName: '王小明', relation: 'mother', consentVersion: CHILD_DATA_CONSENT_VERSION },
    });
    await apiCall(s.server.url, 'POST', `/bindings/${bound.body.id}/approve`, { token: await sessions.token('teacher') });
    await sessions.openAs(page, 'guardian', '/pages/index/index', ['/me']);
    await switchTab(page, '我的');
    await tap('个人信息与隐私');
    await see('我的数据');
    await see('王小明 · 阳光实验小学 三年级1班');
    await see('已绑定');
    await see('绑定的孩子');
    await screenshot(page, 'privacy-01-my-data');
    await expectTouchTargets(page, '.btn, .choice, .row[role="button"]');
  });

  it('downloads the spreadsheet and the JSON file', async () => {
    const [xlsx] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), tap('下载 Excel 文件')]);
    expect(xlsx.suggestedFilename()).toBe('我的数据.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(await xlsx.path()) as any);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['个人信息', '绑定的孩子', '承诺书签名', '通知回执']));
    expect(wb.getWorksheet('绑定的孩子')!.rowCount).toBeGreaterThan(1);
    const [json] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), tap('下载 JSON 文件（含签名图片）')]);
    expect(json.suggestedFilename()).toBe('我的数据.json');
    const doc = JSON.parse(readFileSync(await json.path(), 'utf8'));
    expect(doc.bindings.length).toBeGreaterThan(0);
    expect(doc.bindings[0]).toMatchObject({ studentName: '王小明', status: 'approved' });
    await screenshot(page, 'privacy-02-downloaded');
  });

  it("the children's rules name the school's person responsible", async () => {
    await tap('儿童个人信息保护规则');
    await see('负责人：王主任 · 电话：010-62345679');
    await screenshot(page, 'privacy-03-child-rules');
    await page.goBack();
    await see('我的数据');
  });

  it('deleting the account: what is kept and why, the word to confirm, and the session ends', async () => {
    const token = await sessions.token('guardian');
    await tap('注销账号');
    await see('学校需要保留的记录');
    await see('您签署的防欺凌承诺书（签名图片和签署日期）');
    await screenshot(page, 'privacy-04-delete');
    await page.locator('.pv-confirm-word input').filter({ visible: true }).fill('注销');
    await tap('注销账号');
    await see('账号已注销');
    await screenshot(page, 'privacy-05-deleted');
    const me = await fetch(`${s.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
  });
});
