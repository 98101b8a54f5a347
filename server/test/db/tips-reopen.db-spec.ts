import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { InboxItemEntity } from '../../src/platform/inbox/inbox-item.entity';
import { ScheduledActionEntity } from '../../src/platform/scheduler/scheduled-action.entity';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { TestApp } from '../support/test-app';
import { dumpAllTables, followupToken, submitTip, tipBody } from './tips-helpers';

const DAY = 24 * 3_600_000;

/**
 * A closed case whose reporter writes again is no dead end: the school can still reply, and can open the case again
 * (with a required reason, audited, a new investigation deadline); the reporter sees it reopened, and sees only the
 * outcome the school chose to tell them.
 */
describe('closed cases: replying, reopening and the outcome told to the reporter (real database)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let contact: string;
  let district: string;
  let principal: string;
  let tipId: string;
  let receipt: string;

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
    contact = await t.login('contact');
    district = await t.login('district');
    principal = await t.login('principal');
    const res = await submitTip(t, tipBody(ids.a.schoolId), { remoteAddress: '10.71.0.1' });
    expect(res.status).toBe(201);
    receipt = res.body.receipt;
    tipId = (await t.ds.getRepository(TipEntity).findOneByOrFail({ schoolId: ids.a.schoolId })).id;
  });
  afterAll(() => t?.stop());

  const detail = async (token = contact) => (await t.request('GET', `/tips/${tipId}`, { token })).body;
  const patch = async (body: Record<string, unknown>) => t.request('PATCH', `/tips/${tipId}`, { token: contact, body: { version: (await detail()).version, ...body } });
  /** The pending reminders and overdue flag of the tip's investigation clock (dedupe keys). */
  const investigationClock = async () => (await t.ds.getRepository(ScheduledActionEntity).find({ where: { subjectId: tipId, status: 'pending' } }))
    .filter((a) => a.action.startsWith('tip.investigation_')).map((a) => a.dedupeKey);
  const thread = async () => {
    const token = await followupToken(t, ids.a.schoolId, receipt);
    return (await t.request('GET', '/tips/followup/thread', { headers: { 'x-followup-token': token } })).body;
  };

  it('closing with an outcome for the reporter: the staff page shows 已采取措施, the outcome and the finding; the reporter sees only the shared text', async () => {
    expect((await t.request('POST', `/tips/${tipId}/ack`, { token: contact, body: {} })).status).toBe(200);
    expect((await patch({ status: 'investigating', measures: '已与双方谈话，调整座位' })).status).toBe(200);
    expect((await patch({ status: 'confirmed', outcome: '认定为言语欺凌，已约谈双方家长' })).status).toBe(200);
    // Not yet closed: the reporter sees no outcome even if one was written.
    expect((await patch({ reporterOutcome: '学校已处理，并会持续关注。' })).status).toBe(200);
    expect((await thread()).outcome).toBeNull();
    const closed = await patch({ status: 'closed' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed', decision: 'confirmed', outcome: '认定为言语欺凌，已约谈双方家长', measures: '已与双方谈话，调整座位',
      reporterOutcome: '学校已处理，并会持续关注。', reopenedAt: null, reopenings: [], can: { handle: true, named: true },
    });
    const th = await thread();
    expect(th).toMatchObject({ status: 'closed', outcome: '学校已处理，并会持续关注。', reopenedAt: null });
    expect(JSON.stringify(th)).not.toContain('约谈双方家长');
    expect(JSON.stringify(th)).not.toContain('调整座位');
    // Encrypted at rest like every other field of the case.
    const dump = Object.values(await dumpAllTables(t)).join('\n');
    expect(dump).not.toContain('持续关注');
  });

  it('the reporter writes again after closing; the school can still reply', async () => {
    const token = await followupToken(t, ids.a.schoolId, receipt);
    expect((await t.request('POST', '/tips/followup/messages', { headers: { 'x-followup-token': token }, body: { body: '他们又开始骂我了' } })).status).toBe(201);
    // The case owner hears of it.
    const inbox = await t.ds.getRepository(InboxItemEntity).find({ where: { userId: ids.a.userIds.contact, title: '举报人回复了消息' } });
    expect(inbox).toHaveLength(1);
    const reply = await t.request('POST', `/tips/${tipId}/messages`, { token: contact, body: { body: '收到，我们会重新跟进' } });
    expect(reply.status).toBe(201);
    expect((await thread()).messages.map((m: { body: string }) => m.body)).toEqual(['他们又开始骂我了', '收到，我们会重新跟进']);
  });

  it('reopening needs a reason, the current version and a closed case; only those who handle it may', async () => {
    const cur = await detail();
    const noReason = await t.request('POST', `/tips/${tipId}/reopen`, { token: contact, body: { version: cur.version } });
    expect(noReason.status).toBe(400);
    expect((await t.request('POST', `/tips/${tipId}/reopen`, { token: contact, body: { version: cur.version, reason: '   ' } })).status).toBe(400);
    const stale = await t.request('POST', `/tips/${tipId}/reopen`, { token: contact, body: { version: cur.version - 1, reason: '举报人说又发生了' } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('TIP_VERSION_CONFLICT');
    // PATCH cannot take a closed case back: reopening is its own, audited route.
    const back = await patch({ status: 'investigating' });
    expect(back.status).toBe(422);
    expect(back.body.code).toBe('TIP_TRANSITION_INVALID');
    // The principal (not escalated, not assigned) cannot, nor a district officer (who reads escalated cases, never
    // handles them); another school's contact does not see it.
    expect((await t.request('POST', `/tips/${tipId}/reopen`, { token: principal, body: { version: cur.version, reason: 'x' } })).status).toBe(403);
    expect((await t.request('POST', `/tips/${tipId}/reopen`, { token: district, body: { version: cur.version, reason: 'x' } })).status).toBe(403);
    expect((await t.request('POST', `/tips/${tipId}/reopen`, { token: await t.login('contact', 'b'), body: { version: cur.version, reason: 'x' } })).status).toBe(404);
  });

  it('reopened: 调查中 with a new investigation deadline and reminders, the reason kept encrypted and audited; the reporter sees it reopened', async () => {
    const cur = await detail();
    const now = t.clock.now();
    const res = await t.request('POST', `/tips/${tipId}/reopen`, { token: contact, body: { version: cur.version, reason: '举报人结案后说欺凌又发生了' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'investigating', decision: null, closedAt: null, overdue: false, version: cur.version + 1 });
    expect(res.body.reopenings).toEqual([{ id: expect.any(String), at: res.body.reopenedAt, by: { userId: ids.a.userIds.contact, name: '张静' }, reason: '举报人结案后说欺凌又发生了' }]);
    expect(new Date(res.body.investigationDueAt).getTime() - now.getTime()).toBeGreaterThanOrEqual(15 * DAY - 60_000);
    // The finding and the outcome report stay for the record; the earlier finding is in the history.
    expect(res.body.outcome).toBe('认定为言语欺凌，已约谈双方家长');
    const entry = await t.ds.getRepository(AuditEntryEntity).findOneOrFail({ where: { targetId: tipId, action: 'tip.reopened' } });
    expect(entry).toMatchObject({ actorUserId: ids.a.userIds.contact, details: { reopeningId: res.body.reopenings[0].id, from: 'closed', to: 'investigating', decidedAs: 'confirmed' } });
    expect(JSON.stringify(entry.details)).not.toContain('又发生了');
    expect(Object.values(await dumpAllTables(t)).join('\n')).not.toContain('又发生了');
    // A new investigation clock, in a new round of dedupe keys (the first round's actions were cancelled or fired).
    const pending = await investigationClock();
    expect(pending.sort()).toEqual([
      `tip.investigation_overdue:${tipId}:r1`, `tip.investigation_reminder:${tipId}:r1:10`, `tip.investigation_reminder:${tipId}:r1:14`,
    ]);
    const th = await thread();
    expect(th).toMatchObject({ status: 'investigating', closedAt: null, reopenedAt: res.body.reopenedAt, outcome: null });
    // Reopening again needs it closed again.
    const twice = await t.request('POST', `/tips/${tipId}/reopen`, { token: contact, body: { version: res.body.version, reason: '再次' } });
    expect(twice.status).toBe(422);
  });

  it('closed again: the outcome already written is enough, and a second reopening is a second round', async () => {
    expect((await patch({ status: 'not_bullying' })).status).toBe(200);
    const closed = await patch({ status: 'closed' });
    expect(closed.status).toBe(200);
    expect((await thread()).outcome).toBe('学校已处理，并会持续关注。');
    const again = await t.request('POST', `/tips/${tipId}/reopen`, { token: contact, body: { version: closed.body.version, reason: '家长来电补充情况' } });
    expect(again.status).toBe(200);
    expect(again.body.reopenings.map((r: { reason: string }) => r.reason)).toEqual(['举报人结案后说欺凌又发生了', '家长来电补充情况']);
    const keys = await investigationClock();
    expect(keys.every((k) => k.includes(':r2'))).toBe(true);
    expect(keys).toHaveLength(3);
    // The ledger says the case was reopened.
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/tips.xlsx`, { token: contact })).status).toBe(200);
    expect((await t.ds.getRepository(TipEntity).findOneByOrFail({ id: tipId })).reopenCount).toBe(2);
  });
});
