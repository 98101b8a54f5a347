/**
 * The staff side as a daily tool, on the h5 build against a real server process (temp SQLite, demo seed) and the fake
 * WeChat server:
 *  1. the contact's list puts the reporter in danger first; the principal's empty list says why it is empty;
 *  2. the case page groups repeated reads in its history; acknowledging with few tip alerts left asks once, in the same
 *     tap, to allow more (the simulated consent dialog); an error shows beside the button that caused it;
 *  3. closing shows 已采取措施 and the outcome on the case, and the reporter sees only the outcome the school shared;
 *     the reporter writes again, the contact replies on the closed case and reopens it with a reason, and the
 *     reporter sees it reopened;
 *  4. a student's home and a district officer's home (escalated cases and the schools) are their own;
 *  5. a binding request reaches the class teacher's 消息.
 * Screenshots at 390×844 in test/artifacts/staff-daily-*.png (git-ignored).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { CHILD_DATA_CONSENT_VERSION, type DemoRole } from '@anxin/shared';
import { apiCall, chromiumOrSkip, eventually, expectTouchTargets, screenshot, visibleText, demoSessions, phoneSuite } from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

const CALM = '课间有同学一直叫我难听的外号。';
const DANGER = '放学后有人在校门口堵我，说要打我。';
const SHARED_OUTCOME = '学校已核实情况，与相关同学和家长谈话，并会持续关注。';
const REOPEN_REASON = '举报人结案后留言说又被叫外号了';

suite('h5: the staff side as a daily tool', () => {
  const s = phoneSuite({ fake: true, env: { ANXIN_WORKER_POLL_MS: '200' } });
  const { see, tap } = s;
  let page: Page;
  let schoolId = '';
  let calm: { id: string; receipt: string };

  beforeAll(async () => {
    page = s.page;
    const contact = await token('contact');
    schoolId = (await api('GET', '/me', 'contact')).body.roles[0].schoolId;
    const submit = async (description: string, over: Record<string, unknown>) => (await apiCall(s.server.url, 'POST', '/tips', {
      body: { schoolId, category: 'verbal', description, ongoing: false, reporterRole: 'victim', inDanger: false, clientKey: `staff-daily-${Math.random().toString(36).slice(2)}-key`, ...over },
    })).body as { receipt: string };
    const calmReceipt = (await submit(CALM, {})).receipt;
    await submit(DANGER, { category: 'physical', inDanger: true });
    const listed = (await apiCall(s.server.url, 'GET', `/schools/${schoolId}/tips`, { token: contact })).body.items as { id: string; category: string }[];
    calm = { id: listed.find((x) => x.category === 'verbal')!.id, receipt: calmReceipt };
  });

  const sessions = demoSessions(() => s.server.url);
  const token = sessions.token;
  async function api(method: string, path: string, role: DemoRole, body?: unknown) {
    return apiCall(s.server.url, method, path, { token: await token(role), body });
  }
  /**
   * This phone as a demo role (session, role and privacy agreement on the device), at `hash`; `loads`: API paths the
   * page GETs as it opens, waited for before going on.
   */
  async function as(role: DemoRole, hash: string, loads: string[] = []) {
    await sessions.openAs(page, role, hash, loads);
  }
  const field = (css: string) => page.locator(css).filter({ visible: true }).first();
  const touchTargets = () => expectTouchTargets(page, '.btn, .entry, .choice, .row[role="button"]');
  /** A screenshot once Taro's toast (e.g. 已受理) has gone, so it does not cover what the picture is of. */
  const shot = async (name: string) => {
    await page.locator('.taro__toast').first().waitFor({ state: 'hidden', timeout: 5_000 });
    await screenshot(page, name);
  };

  it('the contact’s list puts the reporter in danger first; the principal’s empty list says why', async () => {
    await as('contact', '/subpackages/staff-tips/list/index');
    await see('肢体欺凌 · 匿名');
    await see('言语欺凌 · 匿名');
    expect(await page.locator('.tip-row .subtitle').filter({ visible: true }).allInnerTexts()).toEqual(['肢体欺凌 · 匿名', '言语欺凌 · 匿名']);
    await shot('staff-daily-01-list-danger-first');
    await touchTargets();

    await as('principal', '/subpackages/staff-tips/list/index');
    await see('本校另有 2 条举报由欺凌防治负责人处理。超过受理期限仍未受理的举报会升级到校长，转交给你的举报也会出现在这里，届时你可以查看。');
    expect(await page.locator('.tip-row').filter({ visible: true }).count()).toBe(0);
    await shot('staff-daily-02-principal-empty-explained');
  });

  it('the case page: repeated reads grouped; acknowledging with few alerts left asks once in the tap; an error beside its button', async () => {
    await api('GET', `/tips/${calm.id}`, 'contact');
    await api('GET', `/tips/${calm.id}`, 'contact');
    // The page loads the consent catalogue and the user's credits as it opens, so the tap can open the dialog at once.
    await as('contact', `/subpackages/staff-tips/detail/index?id=${calm.id}`, ['/wechat/templates', '/me/subscriptions']);
    await see(CALM);
    await field('.timeline').scrollIntoViewIfNeeded();
    await see('张静 查看了举报内容 3 次');
    await shot('staff-daily-03-timeline-grouped');

    // No tip alert allowed yet (credits 0): the tap on 受理 opens the (simulated) consent dialog first.
    expect((await api('GET', '/me/subscriptions', 'contact')).body.find((s: { kind: string }) => s.kind === 'tip.new').credits).toBe(0);
    await field('.ack-card').scrollIntoViewIfNeeded();
    await field('.ack-tip').tap();
    await see('订阅消息（模拟微信授权）');
    await screenshot(page, 'staff-daily-04-ack-asks-for-alerts');
    await tap('允许');
    await see('新举报提醒：还可收到 1 次。');
    await see(/受理：张静/, false);
    await eventually(async () => {
      expect((await api('GET', '/me/subscriptions', 'contact')).body.find((s: { kind: string }) => s.kind === 'tip.new').credits).toBe(1);
    });
    await shot('staff-daily-05-acknowledged-alerts-on');

    // Someone else changes the case meanwhile: saving the labels fails beside the 保存标签 button (and says so).
    const cur = await api('GET', `/tips/${calm.id}`, 'contact');
    await api('PATCH', `/tips/${calm.id}`, 'contact', { version: cur.body.version, severity: 'medium' });
    await field('.labels-input input').fill('需家访');
    await tap('保存标签');
    await see('有人刚刚修改了这条举报');
    await tap('知道了');
    const beside = field('.case-info .action-error');
    await beside.waitFor({ state: 'visible' });
    expect(await beside.innerText()).toBe('这条举报刚刚被其他老师修改过，已为你刷新为最新内容。请确认后再操作。');
    await beside.scrollIntoViewIfNeeded();
    await shot('staff-daily-06-error-beside-button');
  });

  it('closing: 已采取措施 and the outcome on the case; the reporter sees only the outcome shared with them', async () => {
    let cur = (await api('GET', `/tips/${calm.id}`, 'contact')).body;
    cur = (await api('PATCH', `/tips/${calm.id}`, 'contact', { version: cur.version, status: 'investigating', measures: '与双方谈话，调整座位，班主任每周回访' })).body;
    await api('PATCH', `/tips/${calm.id}`, 'contact', { version: cur.version, status: 'confirmed', outcome: '认定为言语欺凌，已约谈双方家长，当事学生书面道歉' });
    await as('contact', `/subpackages/staff-tips/detail/index?id=${calm.id}`);
    await see(CALM);
    await tap('改为「已结案」');
    await field('.reporter-outcome-input textarea').fill(SHARED_OUTCOME);
    await tap('确认改为「已结案」');
    await field('.case-outcome').scrollIntoViewIfNeeded();
    await see('调查结论：已认定欺凌', false);
    await see('与双方谈话，调整座位，班主任每周回访');
    await see('认定为言语欺凌，已约谈双方家长，当事学生书面道歉');
    await see(SHARED_OUTCOME);
    await shot('staff-daily-07-closed-case-outcome');

    await as('student', `/subpackages/tips/followup/index?schoolId=${schoolId}`);
    await field('.receipt-input input').fill(calm.receipt);
    await tap('查看');
    await see('学校告诉你的处理结果');
    await see(SHARED_OUTCOME);
    expect(await page.locator('body').innerText()).not.toContain('书面道歉');
    await shot('staff-daily-08-reporter-sees-shared-outcome');
    await field('.reply-input textarea').fill('他们今天又叫我外号了');
    await tap('发送');
    await see('他们今天又叫我外号了');
  });

  it('the closed case is no dead end: the contact replies and reopens it with a reason; the reporter sees it reopened', async () => {
    await as('contact', `/subpackages/staff-tips/detail/index?id=${calm.id}`);
    await see('他们今天又叫我外号了');
    await see(/此案已结案，举报人之后又留了言。/, false);
    await field('.staff-reply textarea').fill('收到，我们马上重新跟进。');
    await tap('发送给举报人');
    await see('收到，我们马上重新跟进。');
    await field('.reopen-card').scrollIntoViewIfNeeded();
    await field('.open-reopen').tap();
    await tap('确认重新打开');
    await see('请写明重新打开的原因');
    await field('.reopen-card').scrollIntoViewIfNeeded();
    await shot('staff-daily-09-reopen-reason-required');
    await field('.reopen-reason textarea').fill(REOPEN_REASON);
    await tap('确认重新打开');
    await see('已重新打开');
    await see(`重新打开：`, false);
    expect((await api('GET', `/tips/${calm.id}`, 'contact')).body.status).toBe('investigating');
    await page.evaluate(() => window.scrollTo(0, 0));
    await field('.case-header').scrollIntoViewIfNeeded();
    await shot('staff-daily-10-reopened');

    await as('student', `/subpackages/tips/followup/index?schoolId=${schoolId}`);
    await field('.receipt-input input').fill(calm.receipt);
    await tap('查看');
    await see(/重新打开了这件事，正在继续处理。/, false);
    await see('收到，我们马上重新跟进。');
    await shot('staff-daily-11-reporter-sees-reopened');
  });

  it('a student’s home: the tip box first, the follow-up by receipt, the help numbers', async () => {
    await as('student', '/pages/index/index');
    await see('我要倾诉/举报');
    await see('我现在有危险');
    await see('我有回执码（查看学校回复）');
    await see('报警电话 110');
    expect(await page.locator('.entry-title').filter({ visible: true }).allInnerTexts()).toEqual(expect.arrayContaining(['我要倾诉/举报', '我现在有危险', '我有回执码（查看学校回复）']));
    expect(await visibleText(page, '绑定孩子').count()).toBe(0);
    await shot('staff-daily-12-student-home');
    await touchTargets();
  });

  it('a district officer’s home: the cases escalated to the district and the schools with their counts', async () => {
    // 13 hours later the unacknowledged tip has climbed to the district (the worker runs the deadline).
    const moved = await apiCall(s.server.url, 'POST', '/__test/clock', { body: { advanceMs: 13 * 3_600_000 } });
    // The phone's clock moves with the server's, so the page counts deadlines from the same time.
    await page.clock.install({ time: new Date(moved.body.now) });
    await eventually(async () => {
      expect((await api('GET', `/schools/${schoolId}/tips`, 'district')).body.items.map((x: { category: string }) => x.category)).toEqual(['physical']);
    }, 20_000);
    await as('district', '/pages/index/index');
    await see('升级到教育局的举报（1）');
    await see('阳光实验小学 · 肢体欺凌');
    // The home lists the schools; their counts are on the district dashboard (small ones as '<3').
    await see('本区学校（1）');
    await see('查看升级到教育局的举报');
    await see('区级看板');
    expect(await visibleText(page, /举报 \d+ · 未结案/, false).count()).toBe(0);
    await shot('staff-daily-13-district-home');
    await touchTargets();
    await tap('阳光实验小学 · 肢体欺凌');
    await see(DANGER);
  });

  it('a binding request reaches the class teacher’s 消息', async () => {
    const students = (await api('GET', `/classes/${(await api('GET', '/me', 'teacher')).body.roles[0].classIds[0]}/students`, 'teacher')).body as { id: string; name: string }[];
    const child = students.find((s) => s.name === '张子轩')!;
    await api('POST', '/bindings', 'guardian', { inviteCode: 'DEMO3A01', studentId: child.id, studentName: '张子轩', relation: 'father', consentVersion: CHILD_DATA_CONSENT_VERSION });
    await as('teacher', '/pages/inbox/index');
    await see('● 新的绑定申请');
    await shot('staff-daily-14-teacher-binding-request');
  });
});
