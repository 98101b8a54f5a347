/**
 * Letters home and urgent warnings on the h5 build, against a real server process (temp SQLite, demo seed, the
 * worker inside it) whose WeChat calls (the content check, the messages) go to the fake WeChat server:
 *  1. the class teacher of 三年级1班 writes a letter home on a desktop browser (1280×800: the editor beside its live
 *     preview), with bold text, a numbered list, a picture with a caption (+ 图片: a small PNG chosen in the file
 *     dialog, uploaded to the draft and re-encoded by the server) and a 回执 question, asks for 签字确认; the draft
 *     saves as they type; they publish it to 三年级1班 and watch 已发送 x / N;
 *  2. a guardian of the class (phone, 390×844, touch) sees the unread badge on 首页, opens the letter, sees the
 *     picture, answers the question and signs with a finger (touch events on the canvas; a mouse stroke first,
 *     cleared with 清除重签);
 *  3. the teacher sees the signature counted, the answer, and the signature itself; downloads the signatures as a zip;
 *     reminds the guardians who have not signed and is told the class can be reminded again only after 12 hours;
 *  4. the teacher sends an urgent warning (the composer says to name no child); it is pinned in red at the top of the
 *     guardian's 首页 until they confirm it.
 * Screenshots go to test/artifacts/notices-*.png (git-ignored). The picture is test/browser/fixtures/notice-seating.png.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Page } from 'playwright-core';
import { CHILD_DATA_CONSENT_VERSION, type DemoRole } from '@anxin/shared';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat';
import { apiCall, chromiumOrSkip, ensureBuilt, expectTouchTargets, openPhone, screenshot, startServer, visibleText, demoSessions, drawStrokes, pressAfterScroll, tapOn, type RunningServer } from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

const LETTER_TITLE = '致三年级1班家长的一封信：期中家长会';
/** A 240 × 160 PNG (a seating plan) the teacher puts into the letter. */
const PICTURE = join(__dirname, 'fixtures', 'notice-seating.png');
const CAPTION = '家长会座位图';
/** An <Image> of the page has loaded a picture (Taro's h5 Image wraps an <img>). */
const pictureShown = (page: Page, scope: string) => page.waitForFunction(
  (css) => [...document.querySelectorAll(`${css} .notice-image-img img`)].some((i) => (i as HTMLImageElement).naturalWidth > 0), scope, { timeout: 20_000 },
);
const WARNING_TITLE = '关于放学路上注意交通安全的紧急提醒';

/** A desktop browser window: mouse, no touch, 1280×800 (staff often write letters on a PC). */
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

/** Waits until `read()` satisfies `ok`; fails with the last value seen. */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await read();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last).slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

suite('h5: a letter home with a 回执 question, signed by hand; an urgent warning pinned on the guardian\'s 首页', () => {
  let fake: FakeWechat;
  let server: RunningServer;
  let phone: Awaited<ReturnType<typeof openPhone>>;
  let desktop: Awaited<ReturnType<typeof openDesktop>>;
  let letterId = '';

  beforeAll(async () => {
    ensureBuilt();
    fake = await startFakeWechat();
    server = await startServer({ WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url, ANXIN_WORKER_POLL_MS: '200' });
    // The demo guardian has bound 王小明 of 三年级1班 (the roster's phone approves it at once).
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
  });

  const sessions = demoSessions(() => server.url);
  const token = sessions.token;
  /** `page` as a demo role (session, role and privacy agreement in its storage), at `hash`. */
  async function as(page: Page, role: DemoRole, hash: string) {
    await sessions.openAs(page, role, hash);
  }
  const see = (page: Page, text: string | RegExp, exact = true) => visibleText(page, text, exact).waitFor({ state: 'visible', timeout: 20_000 });
  const field = (page: Page, css: string) => page.locator(css).filter({ visible: true }).first();
  const api = async (role: DemoRole, method: string, path: string, body?: unknown) => apiCall(server.url, method, path, { token: await token(role), body });
  const schoolId = async () => (await api('teacher', 'GET', '/me')).body.roles[0].schoolId as string;

  it('the class teacher writes a letter on a desktop browser: editor beside a live preview, saved as they type, published to 三年级1班', async () => {
    const page = desktop.page;
    await as(page, 'teacher', '/subpackages/staff/index/index');
    await visibleText(page, '通知与家长信').click();
    await see(page, '写通知');
    await visibleText(page, '写通知').click();
    await see(page, '预览：家长看到的样子');

    await field(page, '.title-input input').fill(LETTER_TITLE);
    await field(page, '.block-paragraph textarea').fill('各位家长：本周五下午三点在三年级1班教室召开期中家长会，**请准时参加**。');
    await visibleText(page, '+ 编号列表').click();
    await field(page, '.block-numbered textarea').fill('带好孩子的作业本\n提前十分钟到校签到');
    // A teacher with one class writes to it.
    await see(page, '将发给：三年级1班的家长');
    // + 图片: the file dialog, an upload to the draft (saved first), a picture block with a caption, drawn in the preview.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 15_000 }), visibleText(page, '+ 图片').click()]);
    await chooser.setFiles(PICTURE);
    await field(page, '.caption-input input').fill(CAPTION);
    await see(page, 'notice-seating.png'); // the draft's files
    await visibleText(page, '签字确认').click();
    await visibleText(page, '单选').click();
    await field(page, '.question-prompt input').fill('您是否参加周五的家长会？');
    await field(page, '.option-1 input').fill('参加');
    await field(page, '.option-2 input').fill('不参加');

    // The preview draws what guardians will see, with the same renderer; on a desktop it sits beside the editor.
    const preview = field(page, '.compose-preview');
    await preview.getByText('请准时参加', { exact: true }).waitFor();
    expect(await preview.locator('.notice-span.bold').first().evaluate((el) => getComputedStyle(el).fontWeight)).toBe('700');
    expect(await preview.locator('.notice-list.numbered .notice-li').count()).toBe(2);
    await preview.getByText(CAPTION, { exact: true }).waitFor();
    await pictureShown(page, '.compose-preview');
    const editorBox = (await field(page, '.compose-editor').boundingBox())!;
    const previewBox = (await preview.boundingBox())!;
    expect(previewBox.x).toBeGreaterThan(editorBox.x + editorBox.width - 1);
    expect(previewBox.x + previewBox.width).toBeLessThanOrEqual(1280);

    // Saved as they type: the draft on the server already holds the question and the body.
    await see(page, /^草稿已保存/, false);
    const drafts = (await api('teacher', 'GET', `/schools/${await schoolId()}/notices?status=draft`)).body.items;
    const draft = drafts.find((n: { title: string }) => n.title === LETTER_TITLE);
    expect(draft).toBeTruthy();
    letterId = draft.id;
    const saved = (await api('teacher', 'GET', `/notices/${letterId}`)).body;
    expect(saved).toMatchObject({ confirmMode: 'sign', question: { kind: 'single', options: ['参加', '不参加'] }, audience: { scope: 'classes' } });
    expect(saved.body.blocks[0].spans).toContainEqual({ text: '请准时参加', bold: true });
    const files = (await api('teacher', 'GET', `/notices/${letterId}/attachments`)).body;
    expect(files).toEqual([expect.objectContaining({ kind: 'image', mime: 'image/jpeg', label: 'notice-seating.png', width: 240, height: 160 })]);
    expect(saved.body.blocks).toContainEqual({ type: 'image', attachmentId: files[0].id, caption: CAPTION });
    await field(page, '.compose-layout').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'notices-01-compose-desktop');

    await field(page, '.compose-editor .btn.primary').click();
    await field(page, '.taro-model__confirm').click();
    // The stats page, while the worker makes the receipts: 已发送 x / N, then the class.
    await see(page, /^已发送 \d+ \/ \d+$/, false);
    await see(page, '三年级1班');
    const detail = (await api('teacher', 'GET', `/notices/${letterId}`)).body;
    expect(detail).toMatchObject({ status: 'published', progress: { done: true } });
    await see(page, `已发送 ${detail.progress.sent} / ${detail.progress.expected}`);
    await screenshot(page, 'notices-02-published-stats');
  });

  it('the guardian sees the badge, opens the letter, answers and signs with a finger', async () => {
    // The worker also adds a newly bound guardian to the letters their class was sent this term (the demo letter):
    // wait for both, so the badge is the count the server gives.
    const mine = await until(() => api('guardian', 'GET', '/me/notices'), (r) => r.body.items.length === 2, 90_000, 'the guardian\'s two letters');
    expect(mine.body.unread).toBe(2);
    const page = phone.page;
    await as(page, 'guardian', '/pages/index/index');
    const entry = page.locator('.entry').filter({ hasText: '通知与家长信' }).filter({ visible: true }).first();
    await entry.locator('.entry-badge').getByText('2', { exact: true }).waitFor();
    await screenshot(page, 'notices-03-guardian-home-badge');
    await entry.tap();
    const row = page.locator('.notice-item.unread').filter({ hasText: LETTER_TITLE }).filter({ visible: true }).first();
    await row.waitFor();
    await screenshot(page, 'notices-04-guardian-list');
    await row.tap();

    await see(page, '请准时参加');
    expect(await field(page, '.notice-span.bold').evaluate((el) => getComputedStyle(el).fontWeight)).toBe('700');
    await see(page, '提前十分钟到校签到');
    await see(page, '关于：王小明（三年级1班）');
    // The picture, fetched with the guardian's session; what the server sends is its JPEG, not the PNG uploaded.
    await see(page, CAPTION);
    await pictureShown(page, '.notice-body');
    await field(page, '.notice-body .notice-image').scrollIntoViewIfNeeded();
    await screenshot(page, 'notices-04b-guardian-picture');
    const picture = (await api('guardian', 'GET', `/notices/${letterId}/attachments`)).body[0];
    const served = await fetch(`${server.url}/api/v1/notices/${letterId}/attachments/${picture.id}`, { headers: { authorization: `Bearer ${await token('guardian')}` } });
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await served.arrayBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(readFileSync(PICTURE).subarray(1, 4).toString('latin1')).toBe('PNG');
    await tapOn(page, '参加');

    // A mouse stroke first, wiped with 清除重签; then the signature, drawn with a finger.
    const canvas = field(page, '.signature-canvas canvas');
    await canvas.scrollIntoViewIfNeeded();
    await page.getByText('签名框加载中…').waitFor({ state: 'detached' });
    const submit = field(page, '.receipt-card .btn.primary');
    expect(await submit.getAttribute('disabled')).not.toBeNull(); // nothing drawn yet
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 30, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + 120, box.y + 90, { steps: 8 });
    await page.mouse.up();
    const clear = field(page, '.signature-pad .btn');
    expect(await clear.getAttribute('disabled')).toBeNull();
    await page.getByText('请在此处签名').waitFor({ state: 'detached' });
    await clear.tap();
    await see(page, '请在此处签名');
    expect(await submit.getAttribute('disabled')).not.toBeNull();
    const cdp = await phone.context.newCDPSession(page);
    // 王 … roughly: three strokes and a downstroke.
    await drawStrokes(cdp, canvas, [[60, 40, 200, 40], [70, 90, 190, 90], [50, 140, 210, 140], [130, 40, 130, 140]]);
    expect(await submit.getAttribute('disabled')).toBeNull();
    const bitmap = await canvas.evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
    await screenshot(page, 'notices-05-guardian-signing');
    await pressAfterScroll(submit);
    await see(page, /^✓ 已签字（\d{4}-\d{2}-\d{2}）$/, false);
    await see(page, /^✓ 已回复（\d{4}-\d{2}-\d{2}）：参加$/, false);
    await screenshot(page, 'notices-06-guardian-signed');
    const bodySize = await field(page, '.notice-body').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

    // 长辈模式: larger text, nothing wider than the phone, touch targets of at least 44 px.
    await page.evaluate(() => localStorage.setItem('anxin.elderMode', JSON.stringify({ data: '1' })));
    await page.reload();
    await see(page, '请准时参加');
    expect(await field(page, '.notice-body').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThan(bodySize * 1.15);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectTouchTargets(page, '.btn');
    await screenshot(page, 'notices-06b-guardian-elder');
    await page.evaluate(() => localStorage.setItem('anxin.elderMode', JSON.stringify({ data: '0' })));

    // What reached the server: a trimmed PNG within the limits, and days (not times) on the receipt.
    const receipt = (await api('guardian', 'GET', `/me/notices/${letterId}`)).body.receipt;
    expect(receipt).toMatchObject({ signedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), answer: { choices: [0] } });
    const rows = (await api('teacher', 'GET', `/notices/${letterId}/classes/${(await api('teacher', 'GET', `/notices/${letterId}`)).body.audience.classes[0].id}/receipts`)).body.entries;
    const mineRow = rows.find((r: { studentName: string }) => r.studentName === '王小明');
    expect(mineRow).toMatchObject({ hasSignature: true, answer: '参加', acknowledged: true });
    const png = await fetch(`${server.url}/api/v1/notices/${letterId}/receipts/${mineRow.receiptId}/signature`, { headers: { authorization: `Bearer ${await token('teacher')}` } });
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.length).toBeLessThanOrEqual(100 * 1024);
    const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
    // Cut to the strokes (160 × 100 CSS px drawn), not the whole box: smaller than the canvas, the strokes' shape.
    expect(width).toBeLessThan(bitmap[0]);
    expect(height).toBeLessThan(bitmap[1]);
    expect(width / height).toBeGreaterThan(1.3);
    expect(width / height).toBeLessThan(1.8);
  });

  it('the teacher sees the signature counted, the answer and the signature; the reminder, then its 12-hour refusal', async () => {
    const page = desktop.page;
    await as(page, 'teacher', `/subpackages/staff-notices/stats/index?id=${letterId}`);
    const stats = (await api('teacher', 'GET', `/notices/${letterId}/stats`)).body;
    const total = stats.totals.recipients as number;
    expect(stats.totals).toMatchObject({ signed: 1, answered: 1, answers: [1, 0] });
    await see(page, `已签字 1 / ${total}`, false);
    await see(page, '王小明的母亲 · 已完成');
    await see(page, /回执：参加/, false);
    await visibleText(page, '查看签字').click();
    const img = field(page, '.signature-img img');
    await img.waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('.signature-img img')].some((i) => (i as HTMLImageElement).naturalWidth > 0));
    await screenshot(page, 'notices-07-teacher-signature');
    // 下载签字（zip）: the class's signatures, 班级/学生-关系.png.
    const [zip] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), visibleText(page, '下载签字（zip，1 份）').click()]);
    expect(zip.suggestedFilename()).toBe(`${LETTER_TITLE}-家长签字.zip`);
    const zipBytes = readFileSync((await zip.path())!);
    expect(zipBytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(zipBytes.includes(Buffer.from('三年级1班/王小明-母亲.png'))).toBe(true);

    const others = total - 1;
    await visibleText(page, `一键提醒这 ${others} 位家长`).click();
    await see(page, `已提醒 ${others} 位家长。`);
    await see(page, /12 小时内只能提醒一次/, false);
    expect(await field(page, '.remind-btn').getAttribute('disabled')).not.toBeNull();
    // The server refuses a second reminder within 12 hours, whoever asks.
    const again = await fetch(`${server.url}/api/v1/notices/${letterId}/classes/${stats.classes[0].classId}/remind`, {
      method: 'POST', headers: { authorization: `Bearer ${await token('teacher')}`, 'content-type': 'application/json' }, body: '{}',
    });
    expect(again.status).toBe(429);
    await screenshot(page, 'notices-08-teacher-reminded');
  });

  it('an urgent warning: the composer says to name no child; it is pinned in red on the guardian\'s 首页 until confirmed', async () => {
    const page = desktop.page;
    await as(page, 'teacher', '/subpackages/staff-notices/compose/index');
    await see(page, '预览：家长看到的样子');
    await visibleText(page, '紧急预警').click();
    await see(page, '写紧急预警时请注意');
    await see(page, /不要写出任何学生的姓名/, false);
    await field(page, '.title-input input').fill(WARNING_TITLE);
    await field(page, '.block-paragraph textarea').fill('近期学校附近道路施工，请提醒孩子放学后**结伴回家**，不在路边逗留。');
    await see(page, /^草稿已保存/, false);
    await screenshot(page, 'notices-09-warning-compose');
    await field(page, '.compose-editor .btn.primary').click();
    await field(page, '.taro-model__confirm').click();
    await see(page, /^已发送 \d+ \/ \d+$/, false);

    await until(() => api('guardian', 'GET', '/me/notices'), (r) => r.body.items.some((n: { title: string; pinned: boolean }) => n.title === WARNING_TITLE && n.pinned), 30_000, 'the pinned warning');
    const phonePage = phone.page;
    await as(phonePage, 'guardian', '/pages/index/index');
    const pinned = phonePage.locator('.pinned-warning').filter({ hasText: WARNING_TITLE }).filter({ visible: true }).first();
    await pinned.waitFor();
    expect(await pinned.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(179, 38, 30)');
    // At the top of the page, above the school's card.
    const schoolCard = (await field(phonePage, '.school-name').boundingBox())!;
    expect((await pinned.boundingBox())!.y).toBeLessThan(schoolCard.y);
    await expectTouchTargets(phonePage, '.btn, .entry, .pinned-warning');
    await screenshot(phonePage, 'notices-10-guardian-home-pinned');

    await pinned.tap();
    await see(phonePage, '结伴回家');
    await tapOn(phonePage, '确认收到');
    await see(phonePage, /^✓ 已确认收到/, false);
    await as(phonePage, 'guardian', '/pages/index/index');
    await see(phonePage, '我要倾诉/举报');
    await expect(until(async () => phonePage.locator('.pinned-warning').filter({ visible: true }).count(), (n) => n === 0, 10_000, 'the warning unpinned')).resolves.toBe(0);
  });
});
