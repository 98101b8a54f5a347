/**
 * After a notice is published, on the h5 build against a real server process (temp SQLite, demo seed, the worker
 * inside it) whose WeChat calls go to the fake WeChat server:
 *  1. the class teacher of 三年级1班 corrects a notice a guardian had already confirmed, from its stats page on a
 *     desktop browser (the corrected text, the required 更正说明, the 【更正】 preview); the guardian (phone) finds one
 *     item, the correction, with the note above the text, confirms it again, and from it opens the original, which
 *     says 学校已更正这条通知;
 *  2. the principal keeps a notice WeChat's content check marked 需人工复核, and the mark is gone;
 *  3. the teacher starts a letter home from this semester's template (从模板开始) and the draft saves itself.
 * Screenshots go to test/artifacts/notices-corrections-*.png (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { CHILD_DATA_CONSENT_VERSION, type DemoRole } from '@anxin/shared';
import { apiCall, chromiumOrSkip, demoSessions, openDesktop, phoneSuite, screenshot, visibleText, tapOn } from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

const TITLE = '关于召开期中家长会的通知';
const NOTE = '家长会由周五下午改为周六上午九点';

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

suite('h5: a correction asks guardians again; the principal clears a review mark; a letter from a template', () => {
  const s = phoneSuite({ fake: true, env: { ANXIN_WORKER_POLL_MS: '200' } });
  let desktop: Awaited<ReturnType<typeof openDesktop>>;

  beforeAll(async () => {
    // The demo guardian has bound 王小明 of 三年级1班 (the roster's phone approves it at once).
    const guardian = await token('guardian');
    const lookup = (await apiCall(s.server.url, 'GET', '/invite-codes/DEMO3A01/lookup', { token: guardian })).body;
    const wang = lookup.students.find((x: { maskedName: string }) => x.maskedName === '王*明');
    const bound = await apiCall(s.server.url, 'POST', '/bindings', {
      token: guardian,
      body: { inviteCode: 'DEMO3A01', studentId: wang.id, studentName: '王小明', relation: 'mother', phone: '13800000001', consentVersion: CHILD_DATA_CONSENT_VERSION },
    });
    expect(bound.body.status).toBe('approved');
    desktop = await openDesktop(chromiumPath!);
  });

  afterAll(async () => {
    await desktop?.close();
  });

  const sessions = demoSessions(() => s.server.url);
  const token = sessions.token;
  const as = (page: Page, role: DemoRole, hash: string) => sessions.openAs(page, role, hash);
  const see = (page: Page, text: string | RegExp, exact = true) => visibleText(page, text, exact).waitFor({ state: 'visible', timeout: 20_000 });
  const field = (page: Page, css: string) => page.locator(css).filter({ visible: true }).first();
  const api = async (role: DemoRole, method: string, path: string, body?: unknown) => apiCall(s.server.url, method, path, { token: await token(role), body });

  /** A notice of the teacher's to 三年级1班, published through the API (writing one in the editor is notices.browser-spec's). */
  async function publishToClass(title: string, text: string): Promise<string> {
    const schoolId = (await api('teacher', 'GET', '/me')).body.roles[0].schoolId as string;
    const composer = (await api('teacher', 'GET', `/schools/${schoolId}/notices/composer`)).body;
    const classId = composer.grades.flatMap((g: { classes: { id: string; name: string }[] }) => g.classes).find((c: { name: string }) => c.name === '三年级1班').id;
    const created = await api('teacher', 'POST', `/schools/${schoolId}/notices`, {
      kind: 'notice', title, confirmMode: 'confirm', audience: { scope: 'classes', ids: [classId] },
      body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text }] }] },
    });
    expect(created.status).toBe(201);
    expect((await api('teacher', 'POST', `/notices/${created.body.id}/publish`, {})).status).toBe(200);
    return created.body.id;
  }

  it('the teacher corrects a notice the guardian had confirmed; the guardian finds the correction alone and confirms again', async () => {
    const original = await publishToClass(TITLE, '本周五下午三点在三年级1班教室召开期中家长会，请准时参加。');
    await until(() => api('guardian', 'GET', '/me/notices'), (r) => r.body.items.some((n: { id: string }) => n.id === original), 60_000, 'the notice reaching the guardian');
    expect((await api('guardian', 'POST', `/notices/${original}/ack`, { confirm: true })).status).toBe(200);

    const page = desktop.page;
    await as(page, 'teacher', `/subpackages/staff-notices/stats/index?id=${original}`);
    await see(page, TITLE);
    await visibleText(page, '发布更正').click();
    await see(page, `更正《${TITLE}》`);
    // Starts from what was published; the note is required.
    expect(await field(page, '.title-input input').inputValue()).toBe(TITLE);
    await field(page, '.compose-editor .btn.primary').click();
    await see(page, '请说明更正了什么（家长会看到这段说明）');
    await field(page, '.block-paragraph textarea').fill('家长会改在本周六上午九点，地点仍在三年级1班教室，**请准时参加**。');
    await field(page, '.correction-note input').fill(NOTE);
    const preview = field(page, '.compose-preview');
    await preview.getByText(`【更正】${TITLE}`, { exact: true }).waitFor();
    await preview.getByText(`更正说明：${NOTE}`, { exact: true }).waitFor();
    await screenshot(page, 'notices-corrections-01-teacher-correcting');
    await field(page, '.compose-editor .btn.primary').click();
    await field(page, '.taro-model__confirm').click();
    await see(page, `这是对《${TITLE}》的更正。`);
    await see(page, `更正说明：${NOTE}`);
    await screenshot(page, 'notices-corrections-02-correction-stats');
    const correction = (await api('teacher', 'GET', `/notices/${original}`)).body.correctedBy.id as string;

    // The guardian's list: the correction, not two items.
    const mine = await until(() => api('guardian', 'GET', '/me/notices'), (r) => r.body.items.some((n: { id: string }) => n.id === correction), 60_000, 'the correction reaching the guardian');
    expect(mine.body.items.some((n: { id: string }) => n.id === original)).toBe(false);
    const phonePage = s.page;
    await as(phonePage, 'guardian', '/subpackages/notices/list/index');
    const row = phonePage.locator('.notice-item').filter({ hasText: `【更正】${TITLE}` }).filter({ visible: true }).first();
    await row.waitFor();
    expect(await phonePage.locator('.notice-item').filter({ hasText: TITLE }).filter({ visible: true }).count()).toBe(1);
    await screenshot(phonePage, 'notices-corrections-03-guardian-list');
    await row.tap();
    await see(phonePage, `更正说明：${NOTE}`);
    await see(phonePage, '请准时参加');
    await tapOn(phonePage, '确认收到');
    await see(phonePage, /^✓ 已确认收到/, false);
    await screenshot(phonePage, 'notices-corrections-04-guardian-confirmed-again');
    // The original is on record, asks nothing, and leads back to the correction.
    await tapOn(phonePage, '查看原通知');
    await see(phonePage, '学校已更正这条通知');
    await see(phonePage, '本周五下午三点在三年级1班教室召开期中家长会，请准时参加。');
    await see(phonePage, '查看更正后的通知');
    await screenshot(phonePage, 'notices-corrections-05-guardian-original');
    const receipts = await Promise.all([original, correction].map(async (id) => (await api('guardian', 'GET', `/me/notices/${id}`)).body.receipt));
    expect(receipts[0].confirmedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(receipts[1].confirmedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(receipts[0].contentHash).not.toBe(receipts[1].contentHash);
  });

  it("the principal keeps a notice WeChat's content check marked for review; the mark is gone", async () => {
    const marked = await publishToClass('关于调整放学时间的通知', '此段内容待人工复核：下周起放学时间调整为下午四点半。');
    expect((await api('principal', 'GET', `/notices/${marked}`)).body).toMatchObject({ contentCheck: 'review', needsPrincipalReview: true });
    const page = desktop.page;
    await as(page, 'principal', `/subpackages/staff-notices/stats/index?id=${marked}`);
    await see(page, '内容待校长查看');
    await see(page, /请您查看内容是否妥当/, false);
    await field(page, '.review-note input').fill('内容无误，已与班主任核实');
    await screenshot(page, 'notices-corrections-06-principal-review');
    await visibleText(page, '内容妥当，保留').click();
    await see(page, /^校长已查看，保留/, false);
    expect((await api('principal', 'GET', `/notices/${marked}`)).body).toMatchObject({ needsPrincipalReview: false, review: { decision: 'keep', note: '内容无误，已与班主任核实' } });
  });

  it("从模板开始: the teacher starts this semester's letter from its template; the draft saves itself", async () => {
    const templates = (await api('teacher', 'GET', '/notice-templates')).body.items;
    const current = templates.find((t: { current: boolean }) => t.current);
    expect(current).toBeTruthy();
    const page = desktop.page;
    await as(page, 'teacher', '/subpackages/staff-notices/compose/index');
    await see(page, '预览：家长看到的样子');
    await visibleText(page, '从模板开始').click();
    await visibleText(page, current.name).click();
    await until(() => field(page, '.title-input input').inputValue(), (v) => v === current.title, 10_000, 'the template\'s title in the editor');
    await field(page, '.compose-preview').getByText('12355', { exact: true }).first().waitFor();
    await see(page, /^草稿已保存/, false);
    await screenshot(page, 'notices-corrections-07-template');
    const schoolId = (await api('teacher', 'GET', '/me')).body.roles[0].schoolId as string;
    const drafts = (await api('teacher', 'GET', `/schools/${schoolId}/notices?status=draft`)).body.items;
    expect(drafts.some((n: { title: string }) => n.title === current.title)).toBe(true);
  });
});
