/**
 * The annual anti-bullying pledge (防范校园欺凌承诺书) on the h5 build, against a real server process (temp SQLite,
 * demo seed: the school's pledge of this school year, two of 三年级1班's children signed) whose WeChat calls go to the
 * fake WeChat server:
 *  1. the class teacher of 三年级1班 opens the pledge on a desktop browser (1280×800) and sees the class's count;
 *  2. the demo guardian (bound to 王小明, 三年级) has a to-do on 首页, opens the pledge, finds the signing area closed
 *     (请阅读至末尾后签字) until the text is scrolled to its end with a finger, signs with a finger (touch events through
 *     Chrome's DevTools protocol), hands over to the child, who signs on a fresh pad, checks the summary (both
 *     signatures, the version, the fingerprint) and submits; the to-do is gone;
 *  3. the signed copy: text, both signatures, the day; 保存PDF downloads the server's PDF, which pdftotext reads back
 *     in Chinese and pdftoppm renders with ink in its text area;
 *  4. the teacher sees the class's count one higher, and 王小明 off the missing list; 核验 on his signature says the text's
 *     fingerprint matches and when the record is sealed.
 * Screenshots go to test/artifacts/pledges-*.png (git-ignored).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import sharp from 'sharp';
import { CHILD_DATA_CONSENT_VERSION, type DemoRole } from '@anxin/shared';
import { ciIsOn } from '../../scripts/ci';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat';
import {
  ARTIFACTS, apiCall, chromiumOrSkip, demoSessions, ensureBuilt, expectTouchTargets, openPhone, screenshot, startServer, visibleText,
  drawStrokes, pressAfterScroll, tapOn, type RunningServer,
} from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

/** The PDF is read back with poppler-utils; outside CI its absence skips that part (with the install command). */
const POPPLER = !spawnSync('pdftotext', ['-v']).error;
if (!POPPLER) {
  const message = 'poppler-utils is missing: install it with `apt-get install -y poppler-utils` to check the pledge PDF.';
  if (ciIsOn()) throw new Error(`${message} (CI is on: it must run)`);
  console.warn(`SKIPPED the pledge PDF check — ${message}`);
}
const withPoppler = POPPLER ? it : it.skip;

/** A desktop browser window: mouse, no touch, 1280×800 (staff often work on a PC). */
async function openDesktop(executablePath: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'anxin-chromium-desktop-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Lines without the spaces pdftotext puts between glyphs laid out apart. */
const squash = (s: string) => s.replace(/[ \u3000]+/g, '');

suite('h5: the annual pledge — read to the end, signed by the guardian and the child, the signed copy as PDF, the class count', () => {
  let fake: FakeWechat;
  let server: RunningServer;
  let phone: Awaited<ReturnType<typeof openPhone>>;
  let desktop: Awaited<ReturnType<typeof openDesktop>>;
  let pledgeId = '';
  let classId = '';
  let before = { signed: 0, students: 0 };
  let signedOn = '';
  let pdfPath = '';
  const work = mkdtempSync(join(tmpdir(), 'anxin-pledges-'));

  beforeAll(async () => {
    ensureBuilt();
    fake = await startFakeWechat();
    server = await startServer({ WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url, ANXIN_WORKER_POLL_MS: '200' });
    // The demo guardian binds 王小明 of 三年级1班 (the roster's phone approves it at once).
    const guardian = await token('guardian');
    const lookup = (await apiCall(server.url, 'GET', '/invite-codes/DEMO3A01/lookup', { token: guardian })).body;
    const wang = lookup.students.find((s: { maskedName: string }) => s.maskedName === '王*明');
    const bound = await apiCall(server.url, 'POST', '/bindings', {
      token: guardian,
      body: { inviteCode: 'DEMO3A01', studentId: wang.id, studentName: '王小明', relation: 'mother', phone: '13800000001', consentVersion: CHILD_DATA_CONSENT_VERSION },
    });
    expect(bound.body.status).toBe('approved');
    phone = await openPhone(chromiumPath!);
    desktop = await openDesktop(chromiumPath!);
  });

  afterAll(async () => {
    await phone?.close();
    await desktop?.close();
    await server?.stop();
    await fake?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const sessions = demoSessions(() => server.url);
  const token = sessions.token;
  const as = (page: Page, role: DemoRole, hash: string) => sessions.openAs(page, role, hash);
  const see = (page: Page, text: string | RegExp, exact = true) => visibleText(page, text, exact).waitFor({ state: 'visible', timeout: 20_000 });
  const field = (page: Page, css: string) => page.locator(css).filter({ visible: true }).first();
  const api = async (role: DemoRole, method: string, path: string, body?: unknown) => apiCall(server.url, method, path, { token: await token(role), body });

  /** A finger stroke through Chrome's DevTools protocol (Taro's canvas listens to touch events). */
  /** A finger swiping up by `px` mid-screen (touchstart, moves, touchend), as a guardian scrolls a page on a phone. */
  async function swipeUp(cdp: CDPSession, px: number) {
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', y?: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: y === undefined ? [] : [{ x: 195, y }] });
    const from = 700;
    await touch('touchStart', from);
    for (let i = 1; i <= 10; i++) await touch('touchMove', from - (px * i) / 10);
    await touch('touchEnd');
  }

  it('the class teacher sees the pledge of this school year and 三年级1班\'s count', async () => {
    const me = (await api('teacher', 'GET', '/me')).body;
    const schoolId = me.roles[0].schoolId as string;
    const list = (await api('teacher', 'GET', `/schools/${schoolId}/pledges`)).body;
    expect(list.items).toHaveLength(1);
    pledgeId = list.items[0].id;
    const completion = (await api('teacher', 'GET', `/pledges/${pledgeId}/completion`)).body;
    expect(completion.classes).toHaveLength(1);
    classId = completion.classes[0].classId;
    before = { signed: completion.classes[0].signed, students: completion.classes[0].students };

    const page = desktop.page;
    await as(page, 'teacher', '/subpackages/staff/index/index');
    await visibleText(page, '防范欺凌承诺书').click();
    await field(page, '.staff-pledge-item').click();
    await see(page, '版本记录');
    await see(page, new RegExp(`^已签署 ${before.signed} / ${before.students}`), false);
    // The class panel is open (the teacher has one class): 王小明 is still missing.
    await see(page, '王小明');
    expect(await page.locator('.remind-btn').filter({ visible: true }).count()).toBe(1);
    await screenshot(page, 'pledges-01-teacher-before');
  });

  it('the guardian\'s 首页 has the to-do; the signing area opens only once the text is scrolled to its end', async () => {
    const page = phone.page;
    await as(page, 'guardian', '/pages/index/index');
    const todo = page.locator('.pledge-todo').filter({ hasText: '请为王小明签署防范校园欺凌承诺书' }).filter({ visible: true }).first();
    await todo.waitFor();
    await todo.getByText(/截止 \d{4}-\d{2}-\d{2}$/).waitFor();
    await screenshot(page, 'pledges-02-home-todo');
    await todo.tap();

    await see(page, '请阅读至末尾后签字');
    await see(page, '学校承诺');
    expect(await page.locator('.signature-canvas').filter({ visible: true }).count()).toBe(0);
    // The end of the text is below the window at first: the pad is earned by reading, not there on arrival.
    const end = field(page, '#pledge-text-end');
    expect((await end.boundingBox())!.y).toBeGreaterThan(844);
    await screenshot(page, 'pledges-03-reading');

    // Scroll with a finger, a swipe up at a time, until the end of the text comes into view (the pad appears; no swipe
    // after that, it would draw on the pad). Raw touch events: headless Chromium's synthesized touch scroll gesture
    // (Input.synthesizeScrollGesture) sends a touchstart and no touchmove, so nothing scrolls.
    const cdp = await phone.context.newCDPSession(page);
    for (let i = 0; i < 40 && !(await page.locator('.signature-canvas').filter({ visible: true }).count()); i++) {
      await swipeUp(cdp, 500);
      await page.waitForTimeout(200);
    }
    await see(page, '家长签名：请用手指（电脑上用鼠标）在框内签名');
    expect((await end.boundingBox())!.y).toBeLessThan(844);
    await see(page, '第 1 / 3 步：家长签名');
    await screenshot(page, 'pledges-04-read-to-end');
  });

  it('the guardian signs with a finger, the child signs on a fresh pad, the summary shows both, and it is submitted', async () => {
    const page = phone.page;
    const cdp = await phone.context.newCDPSession(page);
    const next = field(page, '.pad-next');
    expect(await next.getAttribute('disabled')).not.toBeNull(); // nothing drawn yet
    await drawStrokes(cdp, field(page, '.signature-canvas canvas'), [[60, 40, 200, 40], [70, 90, 190, 90], [50, 140, 210, 140], [130, 40, 130, 140]]);
    expect(await next.getAttribute('disabled')).toBeNull();
    await screenshot(page, 'pledges-05-guardian-signing');
    await pressAfterScroll(field(page, '.pad-next'));

    await see(page, '第 2 / 3 步：请孩子签名');
    await see(page, /^请把手机交给王小明/, false);
    // A fresh canvas: nothing of the guardian's signature on it.
    await see(page, '请在此处签名');
    await drawStrokes(cdp, field(page, '.signature-canvas canvas'), [[40, 60, 120, 60], [80, 30, 80, 140], [140, 50, 220, 130]]);
    await screenshot(page, 'pledges-06-child-signing');
    await pressAfterScroll(field(page, '.pad-next'));

    await see(page, '第 3 / 3 步：核对并提交');
    const detail = (await api('guardian', 'GET', `/me/pledges/${pledgeId}?studentId=${(await api('guardian', 'GET', '/me/pledges')).body.items[0].student.id}`)).body;
    await see(page, `${detail.textHash.slice(0, 8)}…${detail.textHash.slice(-4)}`);
    await page.waitForFunction(() => [...document.querySelectorAll('.signature-preview img')].filter((i) => (i as HTMLImageElement).naturalWidth > 0).length === 2);
    // The summary opened scrolled to its top (the step's pageScrollTo).
    await pressAfterScroll(visibleText(page, `${detail.textHash.slice(0, 8)}…${detail.textHash.slice(-4)}`));
    await see(page, detail.textHash.match(/.{8}/g).join(' '));
    const consent = page.locator('.consent-row').filter({ visible: true });
    if (await consent.count()) await consent.first().tap();
    await screenshot(page, 'pledges-07-summary');
    await tapOn(page, '提交');

    await see(page, /^✓ 已签署（\d{4}-\d{2}-\d{2}）$/, false);
    const item = (await api('guardian', 'GET', '/me/pledges')).body.items.find((p: { pledgeId: string }) => p.pledgeId === pledgeId);
    expect(item).toMatchObject({ status: 'signed', signatureId: expect.any(String) });
    const copy = (await api('guardian', 'GET', `/me/pledges/${pledgeId}/signatures/${item.signatureId}`)).body;
    signedOn = copy.signedOn;
    expect(signedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(copy.guardianSignature).toMatch(/^data:image\/png;base64,/);
    expect(copy.studentSignature).toMatch(/^data:image\/png;base64,/);
    await screenshot(page, 'pledges-08-signed');
  });

  it('the signed copy: the text, both signatures, the day; 保存PDF downloads it; 长辈模式 reads larger', async () => {
    const page = phone.page;
    await tapOn(page, '查看签署副本');
    await see(page, `✓ 已签署（${signedOn}）`);
    await see(page, '家长（母亲）签名');
    await see(page, '学生签名');
    await page.waitForFunction(() => [...document.querySelectorAll('.pledge-copy .signature-preview img')].filter((i) => (i as HTMLImageElement).naturalWidth > 0).length === 2);
    await screenshot(page, 'pledges-09-copy');

    const download = page.waitForEvent('download');
    await tapOn(page, '保存PDF');
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^\d{4}-\d{4}学年承诺书-王小明\.pdf$/);
    pdfPath = join(work, 'copy.pdf');
    await file.saveAs(pdfPath);
    expect(readFileSync(pdfPath).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const textSize = await field(page, '.pledge-text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    await page.evaluate(() => localStorage.setItem('anxin.elderMode', JSON.stringify({ data: '1' })));
    await page.reload();
    await see(page, `✓ 已签署（${signedOn}）`);
    expect(await field(page, '.pledge-text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThan(textSize * 1.15);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectTouchTargets(page, '.btn, .hash-text');
    await screenshot(page, 'pledges-10-copy-elder');
    await page.evaluate(() => localStorage.setItem('anxin.elderMode', JSON.stringify({ data: '0' })));

    // 首页: the to-do is gone.
    await as(page, 'guardian', '/pages/index/index');
    await see(page, '我要倾诉/举报');
    await page.waitForTimeout(500);
    expect(await page.locator('.pledge-todo').filter({ visible: true }).count()).toBe(0);
  });

  withPoppler('the PDF: pdftotext reads the Chinese back; page 1 rendered by pdftoppm has ink in its text area', async () => {
    expect(pdfPath).not.toBe('');
    const text = squash(execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }));
    expect(text).toContain('防范校园欺凌承诺书');
    expect(text).toContain('王小明');
    expect(text).toContain('坚决反对任何形式的学生欺凌');
    // 签署日期 as a Chinese day (2026年9月3日), the form the signed copy's PDF writes a day in.
    const [y, m, d] = signedOn.split('-').map(Number);
    expect(text).toContain(`签署日期：${y}年${m}月${d}日`);
    const base = join(work, 'page1');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdfPath, base]);
    const png = readFileSync(`${base}.png`);
    mkdirSync(ARTIFACTS, { recursive: true });
    execFileSync('cp', [`${base}.png`, join(ARTIFACTS, 'pledges-11-pdf-page1.png')]);
    // The text area: the page inside its margins, the upper two thirds (the school's and guardian's parts).
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const x0 = Math.round(info.width * 0.1);
    const x1 = Math.round(info.width * 0.9);
    const y0 = Math.round(info.height * 0.08);
    const y1 = Math.round(info.height * 0.66);
    let inked = 0;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const i = (y * info.width + x) * info.channels;
        if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) inked++;
      }
    }
    expect(inked / ((x1 - x0) * (y1 - y0))).toBeGreaterThan(0.01);
  });

  it('the teacher sees the class count one higher, and 王小明 off the missing list', async () => {
    const completion = (await api('teacher', 'GET', `/pledges/${pledgeId}/completion`)).body;
    expect(completion.classes.find((c: { classId: string }) => c.classId === classId)).toMatchObject({ signed: before.signed + 1, students: before.students });
    const missing = (await api('teacher', 'GET', `/pledges/${pledgeId}/classes/${classId}/missing`)).body;
    expect(missing.entries.map((e: { studentName: string }) => e.studentName)).not.toContain('王小明');

    const page = desktop.page;
    await as(page, 'teacher', `/subpackages/staff-pledges/detail/index?id=${pledgeId}`);
    await see(page, new RegExp(`^已签署 ${before.signed + 1} / ${before.students}`), false);
    await see(page, /^还没有完成的孩子（\d+）$/, false);
    // The class panel lists the missing children, then the signed ones (rows of the same look, `.signed-row`).
    expect(await page.locator('.missing-row:not(.signed-row) .missing-name').filter({ hasText: '王小明' }).filter({ visible: true }).count()).toBe(0);
    await page.locator('.signed-row .missing-name').filter({ hasText: '王小明' }).filter({ visible: true }).first().waitFor();
    // At 1024 px and wider the summary sits beside the classes.
    const side = (await field(page, '.detail-side').boundingBox())!;
    const classes = (await field(page, '.class-grid').boundingBox())!;
    expect(classes.x).toBeGreaterThan(side.x + side.width - 1);
    await screenshot(page, 'pledges-12-teacher-after');
    // 核验 on 王小明's signature: the server recomputes the text's fingerprint and checks the record (its day not sealed yet).
    const wang = page.locator('.signed-row').filter({ hasText: '王小明' }).filter({ visible: true }).first();
    await wang.locator('.signature-check').click();
    await wang.getByText(/^核验通过：文本指纹 [0-9a-f]{8}… 一致；签署记录将于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 后封存到审计链$/).waitFor();
    await screenshot(page, 'pledges-13-teacher-verified');
  });
});
