/**
 * Reaching the designated contact in WeChat, on the h5 build against a real server process (temp SQLite, demo seed)
 * and the fake WeChat server, which like WeChat delivers a subscribe message only after the user allowed it. The
 * server runs as the demo does (ANXIN_DEMO_WECHAT_CONSENT): the h5 stand-in for WeChat's consent dialog tells the s.fake.
 *  1. the contact sees tip alerts are off on the staff home, taps 开启新举报提醒 and 允许 in the simulated dialog;
 *  2. a student files a tip (over the API, as the tip-box flow test does on screen); the fake shows exactly one
 *     subscribe message, to the contact; the contact's 消息 says it went to WeChat;
 *  3. the school admin's 消息送达 page counts it under 新举报提醒 as sent by WeChat, and says the contact's single
 *     alert is now used up (an open alert), as it is.
 * Screenshots at 390×844 in test/artifacts/tip-alerts-*.png (git-ignored).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { DemoRole } from '@anxin/shared';
import { apiCall, chromiumOrSkip, eventually, expectTouchTargets, screenshot, demoSessions, phoneSuite } from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

suite('h5: the contact turns on tip alerts, a tip reaches them in WeChat once, and the admin sees how it went', () => {
  const s = phoneSuite({ fake: true, env: { ANXIN_WORKER_POLL_MS: '200', ANXIN_DEMO_WECHAT_CONSENT: 'true' } });
  const { see, tap } = s;
  let page: Page;
  beforeAll(() => {
    page = s.page;
  });

  const sessions = demoSessions(() => s.server.url);
  const token = sessions.token;
  const api = async (method: string, path: string, role: DemoRole, body?: unknown) => apiCall(s.server.url, method, path, { token: await token(role), body });
  /** This phone as a demo role (session, role and privacy agreement on the device), at `hash`. */
  async function as(role: DemoRole, hash: string) {
    await sessions.openAs(page, role, hash);
  }
  const shot = async (name: string) => {
    await page.locator('.taro__toast').first().waitFor({ state: 'hidden', timeout: 5_000 });
    await screenshot(page, name);
  };
  const toContact = () => s.fake.messages().filter((m) => m.endpoint === 'subscribe' && m.touser === 'demo:contact');

  it('the contact turns on 新举报提醒 on the staff home through the simulated WeChat dialog', async () => {
    await as('contact', '/subpackages/staff/index/index');
    await see('新举报提醒');
    await see('未开启：有新举报时您只能在「消息」里看到，微信不会提醒您。');
    await shot('tip-alerts-01-off');
    await tap('开启新举报提醒');
    await see('订阅消息（模拟微信授权）');
    await screenshot(page, 'tip-alerts-02-simulated-dialog');
    await tap('允许');
    await see('已开启：还可收到 1 次新举报提醒。每次点击「允许」增加一次。');
    await shot('tip-alerts-03-on');
    await expectTouchTargets(page, '.btn, .entry');
    // The server counts the 允许, and so does WeChat (the fake), as after a tap in WeChat's own dialog.
    const tipNew = (await api('GET', '/me/subscriptions', 'contact')).body.find((s: { kind: string }) => s.kind === 'tip.new');
    expect(tipNew).toMatchObject({ on: true, credits: 1 });
    expect(s.fake.subscription('demo:contact', tipNew.templateId)).toEqual({ oneTime: 1, longTerm: false });
  });

  it('a student files a tip: the fake WeChat server shows exactly one message, to the contact, whose 消息 says it went by WeChat', async () => {
    const schoolId = (await api('GET', '/me', 'contact')).body.roles[0].schoolId as string;
    await api('POST', '/tips', 'student', { schoolId, category: 'verbal', description: '课间有同学一直叫我难听的外号。', ongoing: false, reporterRole: 'victim', inDanger: false, clientKey: randomUUID() });
    await eventually(() => expect(toContact()).toHaveLength(1), 30_000);
    await eventually(async () => {
      const inbox = (await api('GET', '/me/inbox', 'contact')).body.items.filter((i: { template: string }) => i.template === 'tip.new');
      expect(inbox.map((i: { delivery: unknown }) => i.delivery)).toEqual([{ via: 'wechat', reason: 'one_time' }]);
    });
    const [sent] = toContact();
    expect(sent).toMatchObject({ errcode: 0, templateId: 'dev-tip-new' });
    expect(s.fake.messages().filter((m) => m.endpoint === 'subscribe')).toHaveLength(1);

    await as('contact', '/pages/inbox/index');
    await see('● 新的欺凌举报');
    await see('已通过微信提醒');
    await shot('tip-alerts-04-contact-inbox-wechat');
    // The fake's own page lists the one message it accepted.
    const html = await (await fetch(`${s.fake.url}/__fake/`)).text();
    expect(html).toContain('demo:contact');
    expect(html).toContain('已送达');
  });

  it('the admin\'s 消息送达 shows the tip alert went to WeChat, and that the contact\'s one alert is used up', async () => {
    await as('admin', '/subpackages/staff/index/index');
    await see('消息送达');
    await see(/收不到新举报的微信提醒$/, false);
    await shot('tip-alerts-05-staff-home-alert');
    await tap('查看各类消息的送达情况');
    await see('新举报提醒（共 1 条）');
    await see('微信 1 · 群机器人 0 · 仅站内 0');
    await see(/^张静（欺凌防治负责人）：未开启$/, false);
    await shot('tip-alerts-06-delivery-page');
    await page.locator('.delivery-counts').filter({ visible: true }).first().scrollIntoViewIfNeeded();
    await shot('tip-alerts-07-delivery-counts');
    await expectTouchTargets(page, '.btn, .entry');
  });
});
