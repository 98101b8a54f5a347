/**
 * Share cards in WeChat groups, h5 (the server, the h5 build and the fake WeChat server as real processes): a parent
 * opens the class invite card from a group — h5 has no share tickets, so that opening goes through the API with
 * group data the fake encrypts under the parent's session key, exactly as WeChat would — and the teacher sees it
 * counted on the invite page, names the group and sees the name.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { PRIVACY_GUIDE_VERSION } from '@anxin/shared';
import { FakeWechat } from '../fakes/wechat';
import { apiCall, chromiumOrSkip, screenshot, phoneSuite } from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

suite('h5: a teacher names a group and sees a share-card opening counted', () => {
  // A WeChat app id: the server checks the group data's watermark against it (the demo login is then off).
  const s = phoneSuite({ fake: true, env: { WECHAT_APPID: 'wx-share-browser', WECHAT_SECRET: 's' } });
  const { see, tap } = s;
  let page: Page;
  beforeAll(() => {
    page = s.page;
  });

  const login = async (code: string) => {
    const res = await apiCall(s.server.url, 'POST', '/auth/wechat', { body: { code } });
    expect(res.status).toBe(200);
    return res.body as { token: string; user: { roles: Array<{ classIds: string[] }> } };
  };

  it('counts the opening per group, and the name a teacher gives shows on the invite page', async () => {
    // The demo teacher signs in through (fake) WeChat; a parent too.
    s.fake.mapCode('code-demo-teacher', 'demo:teacher');
    const teacher = await login('code-demo-teacher');
    expect((await apiCall(s.server.url, 'POST', '/me/consents', { token: teacher.token, body: { kind: 'privacy_guide', version: PRIVACY_GUIDE_VERSION } })).status).toBe(201);
    const parent = await login('code-parent');
    const classId = teacher.user.roles[0].classIds[0];
    const codes = await apiCall(s.server.url, 'GET', `/classes/${classId}/invite-codes`, { token: teacher.token });
    const invite = codes.body.find((c: any) => c.revokedAt === null);

    // The teacher shared the invite card; the parent opened it from a group.
    const share = await apiCall(s.server.url, 'POST', '/shares', { token: teacher.token, body: { kind: 'invite', subjectId: invite.id } });
    expect(share.status).toBe(201);
    const opened = await apiCall(s.server.url, 'POST', `/shares/${share.body.id}/opens`, {
      token: parent.token, body: s.fake.groupEnterInfo(FakeWechat.openidForCode('code-parent')!, 'G-browser-3-1'),
    });
    expect(opened.body).toEqual({ counted: true, fromGroup: true });

    // The teacher's phone: the session and the privacy agreement already on the device.
    await page.addInitScript(([token, version]) => {
      localStorage.setItem('anxin.token', JSON.stringify({ data: token }));
      localStorage.setItem('anxin.privacyAcceptedVersion', JSON.stringify({ data: version }));
    }, [teacher.token, PRIVACY_GUIDE_VERSION]);
    await page.goto(`${s.server.url}/#/subpackages/staff/invites/index`);
    await see(invite.code);
    await see('未命名的群：1 次');
    await tap('给这个群起名');
    await page.locator('.group-name-input input').filter({ visible: true }).first().fill('三年级1班家长群');
    await tap('保存群名称');
    await see('三年级1班家长群：1 次');
    await screenshot(page, 'share-groups-named');

    const stats = await apiCall(s.server.url, 'GET', `/shares/${share.body.id}/stats`, { token: teacher.token });
    expect(stats.body.groups).toEqual([{ groupId: expect.any(String), name: '三年级1班家长群', opens: 1 }]);
  });
});
