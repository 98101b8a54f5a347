import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import { AuditService } from '../../src/platform/audit/audit.service';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { ScheduledActionEntity } from '../../src/platform/scheduler/scheduled-action.entity';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { TipContentCheckService } from '../../src/features/tips/tip-content-check.service';
import { WorkerService } from '../../src/platform/worker/worker.service';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { allowWechat } from '../support/consent';
import { TestApp } from '../support/test-app';
import { followupToken, submitTip, tipBody } from './tips-helpers';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('tip flow: submit → contact → escalation ladder → ack → investigation deadlines → close (real database, fake WeChat)', () => {
  let fake: FakeWechat;
  let t: TestApp;
  let worker: WorkerService;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let contact: string;
  let principal: string;
  let district: string;
  let admin: string;

  beforeAll(async () => {
    fake = await startFakeWechat({ riskyKeywords: ['砍死'] });
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url } });
    ids = await t.seedDemo();
    worker = t.get(WorkerService);
    contact = await t.login('contact');
    principal = await t.login('principal');
    district = await t.login('district');
    admin = await t.login('admin');
    // What each of them allowed in WeChat (the staff home's 开启新举报提醒, asked again later): one message each,
    // two investigation reminders for the contact.
    await allowWechat(t, fake, { token: contact }, ['tip.new', 'tip.update', 'tip.reminder']);
    await allowWechat(t, fake, { token: contact }, ['tip.reminder']);
    await allowWechat(t, fake, { token: principal }, ['tip.escalated', 'tip.reminder']);
    await allowWechat(t, fake, { token: district }, ['tip.escalated']);
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  const sentTo = (openid: string, templateId: string) => fake.delivered().filter((m) => m.touser === openid && m.templateId === templateId);
  const auditActions = async (tipId: string) =>
    (await t.ds.getRepository(AuditEntryEntity).find({ where: { targetId: tipId }, order: { seq: 'ASC' } })).map((e) => `${e.action}${e.details?.level ? `:${e.details.level}` : ''}`);

  it('walks the whole ladder with a moved clock, each step once, audited, and the chain verifies', async () => {
    const schoolId = ids.a.schoolId;
    const body = tipBody(schoolId, { description: '他说放学后要砍死我，我很害怕' });
    const submitted = await submitTip(t, body);
    expect(submitted.status).toBe(201);
    expect(submitted.body.receipt).toMatch(/^\d{16}$/);
    expect(submitted.body).toMatchObject({ status: 'new', replayed: false });
    expect(submitted.body.tipId).toBeUndefined();
    const receipt: string = submitted.body.receipt;

    // A retry after a "dropped connection": same receipt, no second tip.
    const retry = await submitTip(t, body);
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ receipt, replayed: true, submittedAt: submitted.body.submittedAt });
    expect(await t.ds.getRepository(TipEntity).count({ where: { schoolId } })).toBe(1);
    const tip = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { schoolId } });

    // Worker: the designated contact gets the subscribe message; the content check (one of the worker's periodic
    // jobs) flags the text, the tip stays. Nothing is left for a direct call.
    await worker.drain();
    expect(await t.get<TipContentCheckService>(TipContentCheckService).checkPending()).toBe(0);
    expect(await t.ds.getRepository(TipEntity).findOneByOrFail({ id: tip.id })).toMatchObject({ contentCheck: 'risky', contentFlag: true });
    expect(sentTo('demo:contact', 'dev-tip-new')).toHaveLength(1);
    expect(JSON.stringify(fake.delivered())).not.toContain('砍死');
    let list = await t.request('GET', `/schools/${schoolId}/tips`, { token: contact });
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ id: tip.id, status: 'new', contentFlag: true, escalationLevel: 'none', overdue: false });

    // Before escalation the principal sees neither the list row nor the content; the admin sees counts only.
    expect((await t.request('GET', `/schools/${schoolId}/tips`, { token: principal })).body.total).toBe(0);
    expect((await t.request('GET', `/tips/${tip.id}`, { token: principal })).status).toBe(403);
    expect((await t.request('GET', `/tips/${tip.id}`, { token: admin })).status).toBe(403);
    // Counts only, and one tip is '<3' to whoever is not a case handler of the school (small-counts.ts).
    expect((await t.request('GET', `/schools/${schoolId}/tips/stats`, { token: admin })).body).toMatchObject({ exact: false, total: '<3', unacknowledged: '<3' });

    // 3 h later, unacknowledged: the principal is notified and may now see it.
    t.clock.advance(3 * HOUR + MINUTE);
    await worker.drain();
    expect(sentTo('demo:principal', 'dev-tip-escalated')).toHaveLength(1);
    expect(sentTo('demo:district', 'dev-tip-escalated')).toHaveLength(0);
    const asPrincipal = await t.request('GET', `/tips/${tip.id}`, { token: principal });
    expect(asPrincipal.status).toBe(200);
    expect(asPrincipal.body).toMatchObject({ escalationLevel: 'principal', description: body.description, overdue: true });
    expect((await t.request('GET', `/tips/${tip.id}`, { token: district })).status).toBe(403);

    // 12 h after receipt, still unacknowledged: the district officers.
    t.clock.advance(9 * HOUR);
    await worker.drain();
    expect(sentTo('demo:district', 'dev-tip-escalated')).toHaveLength(1);
    expect(sentTo('demo:principal', 'dev-tip-escalated')).toHaveLength(1); // not again
    const asDistrict = await t.request('GET', `/tips/${tip.id}`, { token: district });
    expect(asDistrict.status).toBe(200);
    expect(asDistrict.body.escalationLevel).toBe('district');
    // District officers read, they do not handle a school's case.
    expect((await t.request('POST', `/tips/${tip.id}/ack`, { token: district, body: {} })).status).toBe(403);

    // The contact acknowledges (late): the reporter sees 已受理; the pending escalations are gone.
    const ack = await t.request('POST', `/tips/${tip.id}/ack`, { token: contact, body: { message: '已收到，我们会保护你，请放心' } });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: { name: '张静' } });
    expect((await t.request('POST', `/tips/${tip.id}/ack`, { token: contact, body: {} })).status).toBe(409);
    const token = await followupToken(t, schoolId, receipt);
    const thread = await t.request('GET', '/tips/followup/thread', { headers: { 'x-followup-token': token } });
    expect(thread.status).toBe(200);
    expect(thread.body).toMatchObject({ status: 'acknowledged', statusLabel: '已受理' });
    expect(thread.body.messages).toEqual([expect.objectContaining({ from: 'school', body: '已收到，我们会保护你，请放心' })]);
    const reply = await t.request('POST', '/tips/followup/messages', { headers: { 'x-followup-token': token }, body: { body: '谢谢老师，他今天又来了' } });
    expect(reply.status).toBe(201);
    await worker.drain();
    expect(sentTo('demo:contact', 'dev-tip-update')).toHaveLength(1);

    // Investigation: reminders on day 10 and day 14, overdue on day 15 — each exactly once.
    const ackAt = new Date(ack.body.acknowledgedAt).getTime();
    t.clock.advance(ackAt + 10 * DAY + MINUTE - t.clock.now().getTime());
    await worker.drain();
    await worker.drain();
    expect(sentTo('demo:contact', 'dev-tip-reminder')).toHaveLength(1);
    t.clock.advance(4 * DAY);
    await worker.drain();
    expect(sentTo('demo:contact', 'dev-tip-reminder')).toHaveLength(2);
    t.clock.advance(1 * DAY);
    await worker.drain();
    await worker.drain();
    const overdueMsgs = fake.delivered().filter((m) => m.templateId === 'dev-tip-reminder' && m.touser === 'demo:principal');
    expect(overdueMsgs).toHaveLength(1);
    // (Two weeks passed: sessions idle out, log in again.)
    contact = await t.login('contact');
    principal = await t.login('principal');
    district = await t.login('district');
    list = await t.request('GET', `/schools/${schoolId}/tips?overdue=true`, { token: contact });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: any) => i.id)).toEqual([tip.id]);

    // Workflow: 调查中 → 已认定欺凌 → 已结案 (outcome required), 续报 recorded.
    let cur = (await t.request('GET', `/tips/${tip.id}`, { token: contact })).body;
    const skip = await t.request('PATCH', `/tips/${tip.id}`, { token: contact, body: { version: cur.version, status: 'closed' } });
    expect(skip.status).toBe(422);
    cur = (await t.request('PATCH', `/tips/${tip.id}`, { token: contact, body: { version: cur.version, status: 'investigating', severity: 'high', labels: ['威胁'] } })).body;
    expect(cur).toMatchObject({ status: 'investigating', severity: 'high', labels: ['威胁'] });
    const onward = await t.request('POST', `/tips/${tip.id}/reports`, { token: contact, body: { recipient: '示范区教育局安全科', content: '电话报告：一起言语威胁事件，已介入' } });
    expect(onward.status).toBe(201);
    cur = (await t.request('PATCH', `/tips/${tip.id}`, { token: contact, body: { version: cur.version, status: 'confirmed', measures: '约谈双方家长，调整座位' } })).body;
    expect(cur.status).toBe('confirmed');
    const noOutcome = await t.request('PATCH', `/tips/${tip.id}`, { token: contact, body: { version: cur.version, status: 'closed' } });
    expect(noOutcome.status).toBe(422);
    expect(noOutcome.body.code).toBe('TIP_OUTCOME_REQUIRED');
    const closed = await t.request('PATCH', `/tips/${tip.id}`, { token: contact, body: { version: cur.version, status: 'closed', outcome: '认定为言语欺凌，已批评教育并书面道歉' } });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', outcome: '认定为言语欺凌，已批评教育并书面道歉', measures: '约谈双方家长，调整座位' });
    expect(closed.body.reports).toEqual([expect.objectContaining({ recipient: '示范区教育局安全科', content: '电话报告：一起言语威胁事件，已介入' })]);
    const stats = (await t.request('GET', `/schools/${schoolId}/tips/stats`, { token: district })).body;
    expect(stats).toMatchObject({ total: '<3', confirmedBullying: '<3', escalatedToDistrict: '<3', ackLate: '<3', ackOnTime: 0 });
    expect((await t.request('GET', `/schools/${schoolId}/tips/stats`, { token: contact })).body).toMatchObject({ total: 1, confirmedBullying: 1, escalatedToDistrict: 1, ackLate: 1 });

    const actions = await auditActions(tip.id);
    for (const a of ['tip.received', 'tip.content_checked', 'tip.escalated:principal', 'tip.escalated:district', 'tip.acknowledged', 'tip.message_sent',
      'tip.reporter_message', 'tip.reminder_sent', 'tip.overdue', 'tip.status_changed', 'tip.reported_onward', 'tip.closed', 'tip.viewed']) {
      expect(actions).toContain(a);
    }
    expect(actions.filter((a) => a === 'tip.escalated:principal')).toHaveLength(1);
    expect(actions.filter((a) => a === 'tip.reminder_sent')).toHaveLength(2);
    expect(actions.filter((a) => a === 'tip.overdue')).toHaveLength(1);
    const received = await t.ds.getRepository(AuditEntryEntity).findOneOrFail({ where: { targetId: tip.id, action: 'tip.received' } });
    expect(received.actorUserId).toBeNull();
    expect((await t.get<AuditService>(AuditService).verifyChain(schoolId)).ok).toBe(true);
  });

  it('an acknowledgement in time cancels both escalations: nothing reaches the principal or the district', async () => {
    t.clock.reset();
    contact = await t.login('contact');
    const schoolId = ids.a.schoolId;
    const res = await submitTip(t, tipBody(schoolId, { inDanger: true, category: 'physical' }));
    expect(res.status).toBe(201);
    const tip = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { schoolId, status: 'new' } });
    // In danger: 30 minutes to acknowledge.
    expect(new Date(tip.ackDueAt).getTime() - new Date(tip.submittedAt).getTime()).toBe(30 * MINUTE);
    await worker.drain();
    t.clock.advance(20 * MINUTE);
    expect((await t.request('POST', `/tips/${tip.id}/ack`, { token: contact, body: {} })).status).toBe(200);
    const pending = await t.ds.getRepository(ScheduledActionEntity).find({ where: { subjectType: 'tip', subjectId: tip.id, status: 'pending' } });
    expect(pending.map((p) => p.action).sort()).toEqual(['tip.investigation_overdue', 'tip.investigation_reminder', 'tip.investigation_reminder']);
    t.clock.advance(13 * HOUR);
    await worker.drain();
    expect(fake.delivered().filter((m) => m.templateId === 'dev-tip-escalated')).toHaveLength(0);
    expect(await auditActions(tip.id)).not.toContain('tip.escalated:principal');
    // Deciding the case stops the reminders too.
    let cur = (await t.request('GET', `/tips/${tip.id}`, { token: contact })).body;
    cur = (await t.request('PATCH', `/tips/${tip.id}`, { token: contact, body: { version: cur.version, status: 'investigating' } })).body;
    cur = (await t.request('PATCH', `/tips/${tip.id}`, { token: contact, body: { version: cur.version, status: 'not_bullying' } })).body;
    expect(cur.status).toBe('not_bullying');
    t.clock.advance(10 * DAY);
    await worker.drain();
    t.clock.advance(10 * DAY);
    await worker.drain();
    expect(fake.delivered().filter((m) => m.templateId === 'dev-tip-reminder')).toHaveLength(0);
  });

  it('per-school settings override the default deadlines', async () => {
    t.clock.reset();
    const schoolId = ids.b.schoolId;
    await t.ds.query(`UPDATE schools SET settings = ? WHERE id = ?`, [JSON.stringify({ tips: { ackHours: 1, urgentAckMinutes: 10 } }), schoolId]);
    await submitTip(t, tipBody(schoolId));
    await submitTip(t, tipBody(schoolId, { ongoing: true }));
    const tips = await t.ds.getRepository(TipEntity).find({ where: { schoolId } });
    const spans = tips.map((x) => (new Date(x.ackDueAt).getTime() - new Date(x.submittedAt).getTime()) / MINUTE).sort((a, b) => a - b);
    expect(spans).toEqual([10, 60]);
  });
});
