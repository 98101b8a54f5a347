import { UserEntity } from '../../src/features/identity/user.entity';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { TipReplyAlertEntity } from '../../src/features/tips/tip-reply-alert.entity';
import { TipReplyAlerts } from '../../src/features/tips/tip-reply-alerts';
import { TestApp } from '../support/test-app';
import { dumpAllTables, followupToken, submitTip, tipBody } from './tips-helpers';

/**
 * 学校回复时提醒我: off by default, and then no row anywhere ties the reporter to the tip; on, the link is one row
 * of its own, sealed under the delivery-only key; no staff route shows it; it is deleted when the reporter turns
 * it off or the case closes.
 */
describe('reporter reply alert (学校回复时提醒我)', () => {
  let t: TestApp;
  let schoolId: string;
  let student: string;
  let userId: string;
  let openid: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const ids = await t.seedDemo();
    schoolId = ids.a.schoolId;
    student = await t.login('student');
    userId = ids.a.userIds.student;
    openid = (await t.ds.manager.findOneByOrFail(UserEntity, { id: userId })).openid;
  });
  afterAll(() => t?.stop());

  const seen = new Set<string>();
  let filed = 0;
  /** A tip (anonymous unless a session is given: the per-user hourly limit stays out of the way); its id and a follow-up token. */
  async function fileTip(session?: string): Promise<{ tipId: string; token: string }> {
    const res = await submitTip(t, tipBody(schoolId), { remoteAddress: `10.1.2.${++filed}`, ...(session ? { token: session } : {}) });
    expect(res.status).toBe(201);
    const token = await followupToken(t, schoolId, res.body.receipt);
    const tipId = (await t.ds.query('SELECT id FROM tips')).map((r: any) => r.id).find((id: string) => !seen.has(id));
    seen.add(tipId);
    return { tipId, token };
  }

  const alert = (token: string, on?: boolean, session?: string) => t.request(on === undefined ? 'GET' : 'PUT', '/tips/followup/reply-alert', {
    headers: { 'x-followup-token': token }, ...(session ? { token: session } : {}), ...(on === undefined ? {} : { body: { on } }),
  });

  /** Rows (of any table) that hold the tip id and also the reporter's user id or openid. */
  async function linkedRows(tipId: string): Promise<string[]> {
    const dump = await dumpAllTables(t);
    const out: string[] = [];
    for (const [table, rows] of Object.entries(dump)) {
      for (const row of rows.split('\n')) if (row.includes(tipId) && (row.includes(userId) || row.includes(openid))) out.push(table);
    }
    return out;
  }

  it('is off by default: no reply-alert row and no row anywhere that holds the tip and the reporter', async () => {
    const { tipId, token } = await fileTip(student); // filed while logged in
    expect((await alert(token)).body).toEqual({ on: false });
    expect(await t.ds.manager.count(TipReplyAlertEntity)).toBe(0);
    expect(await linkedRows(tipId)).toEqual([]);
  });

  it('on: needs a WeChat session; stores the account sealed under the delivery-only key, readable only by the delivery system', async () => {
    const { tipId, token } = await fileTip();
    const anon = await alert(token, true);
    expect(anon.status).toBe(401);
    expect(anon.body.code).toBe('UNAUTHENTICATED');
    const badToken = await alert('x'.repeat(40), true, student);
    expect(badToken.status).toBe(401);
    expect(badToken.body.code).toBe('TIP_FOLLOWUP_TOKEN_INVALID');

    const on = await alert(token, true, student);
    expect(on.status).toBe(200);
    expect(on.body).toEqual({ on: true });
    expect((await alert(token)).body).toEqual({ on: true });
    const row = await t.ds.manager.findOneByOrFail(TipReplyAlertEntity, { tipId });
    expect(row.recipientEnc).toMatch(/^dlv1\./); // not a school data key envelope (enc1.)
    expect(row.recipientEnc).not.toContain(userId);
    expect(await linkedRows(tipId)).toEqual([]); // in clear, the link exists nowhere
    expect(Object.keys(row)).toEqual(['tipId', 'recipientEnc']); // no timestamp of any kind
    expect(await t.get(TipReplyAlerts).recipient(t.ds.manager, tipId)).toBe(userId);
  });

  it('no staff route shows it: the tip as the contact, principal, admin and in the school list carries no account', async () => {
    const { tipId, token } = await fileTip();
    await alert(token, true, student);
    const contact = await t.login('contact');
    const responses = [
      await t.request('GET', `/tips/${tipId}`, { token: contact }),
      await t.request('GET', `/schools/${schoolId}/tips`, { token: contact }),
      await t.request('GET', `/schools/${schoolId}/tips/stats`, { token: await t.login('admin') }),
      await t.request('GET', `/schools/${schoolId}/reach`, { token: await t.login('principal') }),
    ];
    for (const r of responses) {
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).not.toContain(userId);
      expect(JSON.stringify(r.body)).not.toContain(openid);
      expect(JSON.stringify(r.body)).not.toMatch(/dlv1\.|replyAlert/);
    }
  });

  it('a school reply alerts the reporter who turned it on, naming neither the tip nor the school; others get nothing', async () => {
    const on = await fileTip();
    await alert(on.token, true, student);
    const off = await fileTip();
    const contact = await t.login('contact');
    const replyAlerts = () => t.ds.manager.findBy(OutboxEntity, { template: 'tip.reply' });
    expect(await replyAlerts()).toHaveLength(0);

    expect((await t.request('POST', `/tips/${off.tipId}/messages`, { token: contact, body: { body: '你好，已收到。' } })).status).toBe(201);
    expect(await replyAlerts()).toHaveLength(0); // not turned on: nothing is sent, and nobody is named

    expect((await t.request('POST', `/tips/${on.tipId}/messages`, { token: contact, body: { body: '你好，已收到。' } })).status).toBe(201);
    const sent = await replyAlerts();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ recipientUserId: userId, schoolId: null, channel: 'wechat_subscribe', page: 'subpackages/tips/followup/index' });
    expect(JSON.stringify(sent[0])).not.toContain(on.tipId);
    expect(JSON.stringify(sent[0])).not.toContain(schoolId);
  });

  it('the reporter turns it off: the row is deleted', async () => {
    const { tipId, token } = await fileTip();
    await alert(token, true, student);
    const off = await alert(token, false);
    expect(off.body).toEqual({ on: false });
    expect(await t.ds.manager.countBy(TipReplyAlertEntity, { tipId })).toBe(0);
  });

  it('closing the case deletes it in the same change; a closed case cannot turn it on again', async () => {
    const { tipId, token } = await fileTip();
    await alert(token, true, student);
    const other = await fileTip();
    await alert(other.token, true, student);
    const contact = await t.login('contact');
    expect((await t.request('POST', `/tips/${tipId}/ack`, { token: contact })).status).toBeLessThan(300);
    let cur = (await t.request('GET', `/tips/${tipId}`, { token: contact })).body;
    for (const step of [{ status: 'investigating' }, { status: 'confirmed' }]) {
      cur = (await t.request('PATCH', `/tips/${tipId}`, { token: contact, body: { version: cur.version, ...step } })).body;
      expect(await t.ds.manager.countBy(TipReplyAlertEntity, { tipId })).toBe(1); // still open: still alerted
    }
    const closed = await t.request('PATCH', `/tips/${tipId}`, { token: contact, body: { version: cur.version, status: 'closed', outcome: '已处理' } });
    expect(closed.status).toBe(200);
    expect(await t.ds.manager.countBy(TipReplyAlertEntity, { tipId })).toBe(0);
    expect(await t.ds.manager.countBy(TipReplyAlertEntity, { tipId: other.tipId })).toBe(1); // another case keeps its own

    const again = await alert(token, true, student);
    expect(again.status).toBe(422);
    expect(await t.ds.manager.countBy(TipReplyAlertEntity, { tipId })).toBe(0);
  });
});
