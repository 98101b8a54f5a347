/**
 * The tip box on the h5 build, against a real server process (temp SQLite, demo seed) whose
 * WeChat calls go to the fake WeChat server started here:
 *  1. a student (demo role 学生) finds the school with the class invite code, sees the emergency screen, files an
 *     anonymous tip with a photo (the draft survives a reload), and gets the receipt, shown once;
 *  2. the designated contact (欺凌防治负责人) gets the subscribe message at the fake WeChat server (sent by the
 *     worker in the server process) and the in-app inbox message, opens the tip from the staff pages (photo
 *     included), acknowledges it and replies; a stale change answers 409 and the page says so;
 *  3. the student comes back with the receipt (a wrong one first), reads the reply and answers.
 * Every page is screenshotted at 390×844 into test/artifacts/tips-*.png (git-ignored).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { allowWechat } from '../e2e/support/consent';
import { apiCall, ARTIFACTS, chromiumOrSkip, expectTouchTargets as expectTouchTargetsOn, screenshot, phoneSuite, switchTab } from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

const DESCRIPTION = '课间在走廊，隔壁班两个同学一直叫我难听的外号，还把我的本子扔进垃圾桶。';
const STAFF_REPLY = '已收到，我们会尽快和你的班主任一起处理，请放心。';
const STUDENT_ANSWER = '谢谢老师，今天他们没有再这样了。';

/** A small real PNG (16×16, RGB), written for the file chooser. */
function pngFixture(): string {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const w = 16;
  const h = 16;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = 200;
      raw[o + 1] = 60 + x * 8;
      raw[o + 2] = 60 + y * 8;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, 'tips-fixture-photo.png');
  writeFileSync(path, png);
  return path;
}

/** Waits until `read()` satisfies `ok` (jest has no expect.poll); fails with the last value seen. */
async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await read();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

suite('h5: anonymous tip with a photo → contact acknowledges and replies → student reads it with the receipt', () => {
  const s = phoneSuite({ fake: true, env: { ANXIN_WORKER_POLL_MS: '200' } });
  const { see, tap } = s;
  let page: Page;
  let receipt = '';
  let tipId = '';

  beforeAll(async () => {
    page = s.page;
    // The contact turned new-tip alerts on three times (允许 in WeChat, reported by the app; tip-alerts-delivery shows
    // it on screen): the tip spends one, and with two left acknowledging does not ask for more (staff-daily shows that).
    const contact = (await apiCall(s.server.url, 'POST', '/auth/dev', { body: { role: 'contact' } })).body.token as string;
    const me = (await apiCall(s.server.url, 'GET', '/me', { token: contact })).body;
    await allowWechat(s.server.url, s.fake, [{ id: me.id, openid: 'demo:contact', token: contact }], ['tip.new'], 3);
  });

  const field = (css: string) => page.locator(css).filter({ visible: true }).first();
  const tab = (label: '首页' | '消息' | '我的') => switchTab(page, label);
  const storage = (key: string) => page.evaluate((k) => {
    const raw = localStorage.getItem(k);
    if (!raw) return null;
    try {
      return JSON.parse(raw).data as string;
    } catch {
      return raw;
    }
  }, key);
  const api = async (method: string, path: string, body?: unknown) => apiCall(s.server.url, method, path, { token: await storage('anxin.token'), body });
  const switchRole = async (label: string) => {
    await page.goto(`${s.server.url}/`);
    await tap('切换身份');
    await tap(label);
    await see(new RegExp(`当前身份：${label}`), false);
  };
  const expectTouchTargets = () => expectTouchTargetsOn(page, '.btn, .entry, .choice, .row[role="button"], .link, .check-row');

  it('the student finds the school by invite code; the entry states what anonymity means; 我现在有危险 opens the emergency screen', async () => {
    await page.goto(`${s.server.url}/`);
    await see('用户隐私保护指引');
    await tap('同意并继续');
    await see('我要倾诉/举报');
    await tap('切换身份');
    await tap('学生');
    await see(/当前身份：学生/, false);
    await tap('我要倾诉/举报');

    // A demo student has no bound school: the class invite code finds it.
    await see('先找到你的学校');
    await see('报警电话 110');
    await screenshot(page, 'tips-01-entry-find-school');
    await field('.school-code-input input').fill('demo3a01');
    await tap('查找学校');
    await see('学校：阳光实验小学');
    await see('· 学校看不到你是谁：举报里不记录你的微信账号、手机号、IP 地址或设备信息。');
    await see('· 微信知道你使用了本小程序（这由微信平台决定，我们无法改变）。');
    await screenshot(page, 'tips-02-entry');
    await expectTouchTargets();

    await tap('我现在有危险');
    await see('先保护好自己');
    await see('报警电话 110');
    await see('青少年维权热线 12355');
    await see('学校欺凌防治负责人 张静 010-62345678');
    await see('继续填写举报');
    await screenshot(page, 'tips-03-emergency');
    await expectTouchTargets();
    await tap('返回');
    await see('我有回执码（查看学校回复）');
  });

  it('the student fills the form with a photo; the draft survives a reload; submitting shows the receipt once', async () => {
    await tap('我要倾诉/举报');
    await see('匿名提交：学校看不到你是谁；微信知道你使用了本小程序。你也可以选择留下姓名。');
    await screenshot(page, 'tips-04-form-empty');
    // Refused until complete, with the reasons next to the fields.
    await tap('提交');
    await see('请选择发生了哪一类事情');
    await see('请写一写发生了什么');
    await see('请选择你的身份');

    await tap('言语欺凌');
    await field('.desc-input textarea').fill(DESCRIPTION);
    await tap('昨天');
    await tap('走廊/楼梯');
    await field('.place-input input').fill('三楼东边走廊');
    await field('.people-input textarea').fill('隔壁班两个男生，一个戴眼镜');
    await tap('已经停止了');
    await tap('我是被欺凌的同学');

    const photo = pngFixture();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 15_000 }), tap('添加照片')]);
    await chooser.setFiles(photo);
    await until(() => page.locator('.photo-img').filter({ visible: true }).count(), (n) => n === 1, 15_000, 'the thumbnail');
    await screenshot(page, 'tips-05-form-filled');
    await field('.photo').scrollIntoViewIfNeeded();
    await screenshot(page, 'tips-05b-form-photo');
    await expectTouchTargets();

    // Kept on the device with its idempotency key: a reload (or a closed app) loses nothing.
    const draft = JSON.parse((await storage('anxin.tipDraft'))!);
    expect(draft).toEqual(expect.objectContaining({ category: 'verbal', description: DESCRIPTION, reporterRole: 'victim', ongoing: false }));
    expect(draft.clientKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(draft.photos).toHaveLength(1);
    await page.reload();
    await see('已恢复你上次没有提交的内容。');
    expect(await field('.desc-input textarea').inputValue()).toBe(DESCRIPTION);
    expect(JSON.parse((await storage('anxin.tipDraft'))!).clientKey).toBe(draft.clientKey);
    // The uploaded photo stays in the draft (its thumbnail, a blob: URL, did not survive the reload).
    await see('照片 1（已上传）');
    await screenshot(page, 'tips-06-form-restored');
    await field('.photo').scrollIntoViewIfNeeded();
    await screenshot(page, 'tips-06b-form-restored-photo');

    await tap('提交');
    await see('你的回执码');
    await see('已提交，学校已经收到');
    await see(/回执码只显示这一次，丢失后无法找回/, false);
    const shown = (await field('.receipt-code').innerText()).trim();
    expect(shown).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    receipt = shown.replace(/\s/g, '');
    await screenshot(page, 'tips-07-receipt');
    await expectTouchTargets();
    await tap('复制回执码');
    await see(/已复制回执码|复制失败，请手动抄下来/, false);
    await page.waitForTimeout(600); // Taro h5 keeps a copy of the clipboard in localStorage; the page drops it

    // The draft is gone once the server has the tip; the receipt is stored nowhere on the device.
    expect(await storage('anxin.tipDraft')).toBeNull();
    const everything = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(everything).not.toContain(receipt);
  });

  it('the designated contact gets the subscribe message at the fake WeChat server and in the in-app inbox', async () => {
    await until(() => s.fake.delivered().filter((m) => m.endpoint === 'subscribe' && m.touser === 'demo:contact').length, (n) => n >= 1, 30_000, 'the subscribe message to the contact');
    const sent = s.fake.delivered().find((m) => m.touser === 'demo:contact')!;
    // The message names the page, never the content (it passes through WeChat).
    expect(JSON.stringify(sent.data)).not.toContain('外号');
    const m = /[?&]id=([0-9a-f-]{36})/.exec(sent.page ?? '');
    expect(m).not.toBeNull();
    tipId = m![1];

    await switchRole('欺凌防治负责人');
    await until(async () => ((await api('GET', '/me/inbox')).body.items ?? []).map((i: any) => i.title as string), (titles) => titles.includes('新的欺凌举报'), 15_000, 'the inbox message');
    await tab('消息');
    await see('● 新的欺凌举报');
    await screenshot(page, 'tips-08-contact-inbox');
  });

  it('the contact opens the tip from the staff pages (with the photo), acknowledges it and replies', async () => {
    await tab('首页');
    await tap('教职工工作台');
    await tap('倾诉信箱');
    await see('言语欺凌 · 匿名');
    await see(/受理期限：还剩/, false);
    await screenshot(page, 'tips-09-staff-list');
    await expectTouchTargets();
    // The case ledger (台账) downloads as a real .xlsx (a zip).
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), tap('导出台账（Excel）')]);
    expect(download.suggestedFilename()).toBe('阳光实验小学-欺凌举报台账.xlsx');
    expect(readFileSync((await download.path())!).subarray(0, 2).toString()).toBe('PK');
    await tap('言语欺凌 · 匿名');

    await see(DESCRIPTION);
    await see('时间：昨天');
    await see('地点：走廊/楼梯，三楼东边走廊');
    await see('举报人：我是被欺凌的同学');
    await until(() => page.locator('.staff-photo').filter({ visible: true }).count(), (n) => n === 1, 15_000, 'the staff photo');
    const natural = await field('.staff-photo img').evaluate((img) => (img as HTMLImageElement).naturalWidth).catch(() => -1);
    if (natural !== -1) expect(natural).toBeGreaterThan(0);
    await screenshot(page, 'tips-10-staff-detail');

    await field('.ack-message input').fill('你好，已收到你的举报。');
    await page.locator('.ack-tip').filter({ visible: true }).first().tap();
    await see('受理：张静', false);
    await until(async () => (await api('GET', `/tips/${tipId}`)).body.status, (st) => st === 'acknowledged', 15_000, 'status acknowledged');

    await field('.staff-reply textarea').fill(STAFF_REPLY);
    await tap('发送给举报人');
    await see(STAFF_REPLY);
    await screenshot(page, 'tips-11-staff-acknowledged');
    await expectTouchTargets();
  });

  it('a change made meanwhile by someone else: the page says so and reloads (409)', async () => {
    const current = await api('GET', `/tips/${tipId}`);
    const bumped = await api('PATCH', `/tips/${tipId}`, { version: current.body.version, labels: ['e2e'] });
    expect(bumped.status).toBe(200);
    await tap('改为「调查中」');
    await tap('确认改为「调查中」');
    await see('有人刚刚修改了这条举报');
    await see(/刚刚被其他老师修改过，已为你刷新为最新内容/, false);
    await screenshot(page, 'tips-12-staff-conflict');
    await tap('知道了');
    // After the reload the same change goes through.
    await tap('改为「调查中」');
    await tap('确认改为「调查中」');
    await until(async () => (await api('GET', `/tips/${tipId}`)).body.status, (st) => st === 'investigating', 15_000, 'status investigating');
  });

  it('the student comes back with the receipt, reads the reply and answers', async () => {
    await switchRole('学生');
    await tap('我要倾诉/举报');
    // The school chosen before is remembered on this device.
    await see('学校：阳光实验小学');
    await tap('我有回执码（查看学校回复）');
    await field('.receipt-input input').fill('1234 5678 1234 5678');
    await tap('查看');
    await see('回执码不正确，请核对后再试');
    await screenshot(page, 'tips-13-followup-wrong-receipt');

    await field('.receipt-input input').fill(receipt.replace(/(\d{4})(?=\d)/g, '$1 '));
    await tap('查看');
    await see('调查中');
    await see('学校正在调查了解情况。');
    await see(STAFF_REPLY);
    await see('你好，已收到你的举报。');
    // 处理记录: the contact's opening and acknowledgement, by role only (the demo school shows no names).
    await see('处理记录');
    await see(/欺凌防治负责人 于 \d+月\d+日 \d\d:\d\d 查看了你的举报/);
    await see(/欺凌防治负责人 于 \d+月\d+日 \d\d:\d\d 受理了你的举报/);
    await screenshot(page, 'tips-14-followup-thread');
    await expectTouchTargets();

    await field('.reply-input textarea').fill(STUDENT_ANSWER);
    await tap('发送');
    await see(STUDENT_ANSWER);
    await screenshot(page, 'tips-15-followup-replied');
  });

  it('长辈模式 (larger text and targets): the entry and the emergency screen still fit and stay tappable', async () => {
    await page.goto(`${s.server.url}/`);
    await tab('我的');
    await tap('长辈模式');
    // The switch took effect on this page before going on (the preference is global, so every page follows it).
    await page.locator('.elder-row[aria-checked="true"]').filter({ visible: true }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await tab('首页');
    await tap('我要倾诉/举报');
    await page.locator('.screen.elder .danger-now').filter({ visible: true }).first().waitFor({ state: 'visible', timeout: 15_000 });
    expect(await page.locator('.screen.elder .danger-now').filter({ visible: true }).count()).toBe(1);
    const height = await field('.danger-now').evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeGreaterThanOrEqual(70);
    await screenshot(page, 'tips-16-entry-elder-mode');
    await expectTouchTargets();
    await tap('我现在有危险');
    await see('先保护好自己');
    await screenshot(page, 'tips-17-emergency-elder-mode');
    await expectTouchTargets();
    // No page scrolls sideways at the largest text.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
  });

  it('the inbox message opens the tip’s page', async () => {
    await switchRole('欺凌防治负责人');
    const item = ((await api('GET', '/me/inbox')).body.items as { title: string; page: string | null }[]).find((i) => i.title === '新的欺凌举报')!;
    // The server names the page in the message (subscribe message and inbox): it must be this app's tip page.
    // (server/src/features/tips/tip-notify.ts tipPage() must return subpackages/staff-tips/detail/index?id=…)
    expect(item.page).toBe(`subpackages/staff-tips/detail/index?id=${tipId}`);
    await tab('消息');
    await tap('新的欺凌举报', false);
    await see(DESCRIPTION);
  });
});
