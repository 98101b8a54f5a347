/**
 * WeCom group robots, h5 (the server with its worker, the h5 build and the fake WeChat/WeCom server as real
 * processes): the school admin opens 群机器人 from the staff home, registers a class robot by pasting its webhook URL,
 * sends a test message and sees it arrive (the worker sends it through the outbox; the fake records the post); then
 * the robot is removed from its group in WeCom and the next test shows 机器人已被移除.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { PRIVACY_GUIDE_VERSION } from '@anxin/shared';
import { apiCall, chromiumOrSkip, eventually, screenshot, phoneSuite } from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

suite('h5: the school admin registers a WeCom group robot and sends a test message', () => {
  const s = phoneSuite({ fake: true, env: { ANXIN_WORKER_POLL_MS: '200' } });
  const { see, tap } = s;
  let page: Page;
  beforeAll(() => {
    page = s.page;
  });


  it('registers a class robot, shows the key masked, and shows the test message once it reached the group', async () => {
    const admin = (await apiCall(s.server.url, 'POST', '/auth/dev', { body: { role: 'admin', school: 'a' } })).body.token as string;
    await page.addInitScript(([token, version]) => {
      localStorage.setItem('anxin.token', JSON.stringify({ data: token }));
      localStorage.setItem('anxin.privacyAcceptedVersion', JSON.stringify({ data: version }));
      localStorage.setItem('anxin.demoRole', JSON.stringify({ data: 'admin' }));
    }, [admin, PRIVACY_GUIDE_VERSION]);
    await page.goto(`${s.server.url}/#/subpackages/staff/index/index`);
    await tap('群机器人');
    await see('还没有添加群机器人');

    // A robot added to the class's WeCom group: WeCom shows its webhook URL, which the admin pastes.
    const key = s.fake.createRobot();
    await page.locator('.robot-name-input input').filter({ visible: true }).first().fill('三年级1班家长群');
    await tap('三年级1班');
    await page.locator('.robot-webhook-input input').filter({ visible: true }).first().fill(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`);
    await tap('添加机器人');
    await see(`三年级1班 · 密钥 ****${key.slice(-4)} · 使用中`);
    // Opened again, the page lists the robot from the server, the key masked.
    await page.reload();
    await see(`三年级1班 · 密钥 ****${key.slice(-4)} · 使用中`);
    expect(await page.content()).not.toContain(key);

    await tap('发送测试消息');
    await see(/^测试消息已发到群里/, false);
    await see(/^上次发送成功/, false);
    await screenshot(page, 'robots-test-sent');
    const [post] = s.fake.robotPosts(key);
    expect(post).toMatchObject({ msgtype: 'markdown' });
    expect(post.content).toContain('三年级1班家长群');

    // The robot is removed from its group in WeCom: the next send meets 93000.
    s.fake.removeRobot(key);
    await tap('发送测试消息');
    await see('测试消息未送达：机器人已被移除');
    await see('机器人已被移除', false);
    await screenshot(page, 'robots-removed');

    // The school admin has an alert naming the robot (the staff home shows it under 消息送达).
    await eventually(async () => {
      const alerts = await apiCall(s.server.url, 'GET', `/schools/${(await me(admin)).schoolId}/delivery-alerts`, { token: admin });
      expect(alerts.body.items.some((a: { kind: string; body: string }) => a.kind === 'delivery.robot_removed' && a.body.includes('三年级1班家长群'))).toBe(true);
    });
  });

  async function me(token: string): Promise<{ schoolId: string }> {
    const res = await apiCall(s.server.url, 'GET', '/me', { token });
    return { schoolId: res.body.roles.find((r: { schoolId: string | null }) => r.schoolId).schoolId };
  }
});
