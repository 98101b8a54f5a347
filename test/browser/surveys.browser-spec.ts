/**
 * Surveys on the h5 build (a real server process on a temp SQLite with the demo seed, the fake WeChat server):
 * a child answers the short version on a classroom tablet (820×1180) with large buttons and faces; the designated
 * contact reads the report with its bars on a desktop; the district officer sees the schools side by side. The survey
 * and 25 other answers go in through the API first. Screenshots in test/artifacts/surveys-*.png (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { DemoRole } from '@anxin/shared';
import { apiCall, chromiumOrSkip, demoSessions, expectTouchTargets, openDesktop, phoneSuite, screenshot, seeOn, tapOn, type Phone } from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

suite('h5: a child answers on a tablet; the contact reads the report; the district sees the schools', () => {
  const s = phoneSuite({ fake: true });
  let desktop: Phone;
  const sessions = demoSessions(() => s.server.url);
  const as = (page: Page, role: DemoRole, hash: string, loads: string[] = []) => sessions.openAs(page, role, hash, loads);
  const visible = (page: Page, css: string) => page.locator(css).filter({ visible: true });
  let surveyId: string;
  let codes: string[];
  /** Taps an option of the question on screen (the whole large button, as a finger would). */
  const choose = async (page: Page, label: string) => {
    const option = visible(page, '.survey-option').filter({ hasText: label }).first();
    await option.waitFor({ state: 'visible', timeout: 15_000 });
    await option.tap();
  };

  beforeAll(async () => {
    desktop = await openDesktop(chromiumPath!);
    const principal = await sessions.token('principal');
    const me = (await apiCall(s.server.url, 'GET', '/me', { token: principal })).body;
    const schoolId = me.roles.find((r: any) => r.role === 'principal').schoolId;
    const classes = (await apiCall(s.server.url, 'GET', `/schools/${schoolId}/classes`, { token: principal })).body as any[];
    const c3 = classes.find((c) => `${c.gradeName}${c.name}` === '三年级1班');
    const now = new Date();
    surveyId = (await apiCall(s.server.url, 'POST', `/schools/${schoolId}/surveys`, {
      token: principal, body: { title: '期中防欺凌问卷', classIds: [c3.id], opensAt: now.toISOString(), closesAt: new Date(now.getTime() + 3 * 86_400_000).toISOString(), spareCodes: 20 },
    })).body.id;
    codes = (await apiCall(s.server.url, 'GET', `/surveys/${surveyId}/classes/${c3.id}/codes`, { token: principal })).body.codes;
    for (const [i, code] of codes.slice(1, 26).entries()) {
      await apiCall(s.server.url, 'POST', '/surveys/answers', {
        body: { code, answers: [{ questionId: 'kind_hit', choice: i % 3 === 0 ? 1 : 0 }, ...(i % 3 === 0 ? [{ questionId: 'place', choices: [2] }] : []), { questionId: 'safety', choice: 3 + (i % 2) }] },
      });
    }
  });
  afterAll(async () => {
    await desktop?.close();
  });

  it('a child answers the short version on a tablet: large buttons, faces for how safe, then thanks', async () => {
    const page = s.page; // a touch screen, sized as a classroom tablet
    await page.setViewportSize({ width: 820, height: 1180 });
    await as(page, 'teacher', '/subpackages/surveys/answer/index');
    await seeOn(page, '请输入纸条上的答题码');
    await visible(page, '.survey-code-input input').fill(codes[0]);
    await tapOn(page, '开始答题');
    await seeOn(page, '这个月，有同学打你、推你、踢你吗？');
    // Large buttons: every option at least 44 px high and most of the width.
    const options = visible(page, '.survey-option');
    expect(await options.count()).toBe(4);
    for (let i = 0; i < 4; i++) {
      const box = (await options.nth(i).boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.width).toBeGreaterThan(400);
    }
    await screenshot(page, 'surveys-tablet-question');
    // A single choice moves on by itself.
    await choose(page, '一两次');
    await seeOn(page, '这个月，有同学骂你、给你起难听的外号、笑话你吗？');
    for (let i = 0; i < 3; i++) await tapOn(page, '跳过');
    await seeOn(page, /发生在哪里/, false);
    // Several places may be ticked: the option stays, marked.
    await choose(page, '厕所');
    await page.locator('.survey-option.on').filter({ visible: true, hasText: '厕所' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await tapOn(page, '下一题');
    await tapOn(page, '跳过');
    await seeOn(page, '在学校里，你觉得安全吗？');
    expect(await visible(page, '.survey-face').count()).toBe(5);
    await screenshot(page, 'surveys-tablet-faces');
    await choose(page, '比较安全');
    await seeOn(page, '最后一题：你想和老师谈谈吗？');
    await tapOn(page, '交上去');
    await seeOn(page, '谢谢你！');
    await expectTouchTargets(page, '.survey-big, .survey-nav');
    await screenshot(page, 'surveys-tablet-thanks');
    // The code is spent.
    const again = await apiCall(s.server.url, 'POST', '/surveys/codes/check', { body: { code: codes[0] } }).catch((e: Error) => e.message);
    expect(String(again)).toContain('409');
  });

  it('the contact reads the report with its bars on a desktop', async () => {
    const page = desktop.page;
    await as(page, 'contact', `/subpackages/staff-surveys/report/index?id=${surveyId}`, [`/surveys/${surveyId}/report`]);
    await seeOn(page, '期中防欺凌问卷');
    await seeOn(page, /共 26 份回答/, false);
    await seeOn(page, '各班答题率');
    expect(await visible(page, '.bar-label').count()).toBeGreaterThan(10);
    await seeOn(page, '导出表格（xlsx）');
    await screenshot(page, 'surveys-report-desktop');
    await visible(page, '.bar-label').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'surveys-report-desktop-bars');
  });

  it('the district officer sees the schools\' figures side by side', async () => {
    const page = desktop.page;
    const district = (await apiCall(s.server.url, 'GET', '/me', { token: await sessions.token('district') })).body.roles[0].districtId;
    await as(page, 'district', '/subpackages/district/surveys/index', [`/districts/${district}/surveys`]);
    await seeOn(page, /各校问卷汇总 · /, false);
    await seeOn(page, '遇到过任何一种欺凌的比例');
    await seeOn(page, '阳光实验小学');
    await screenshot(page, 'surveys-district-desktop');
  });
});
