import { TipEntity } from '../../src/features/tips/tip.entity';
import { TestApp } from '../support/test-app';
import { submitTip, tipBody } from './tips-helpers';

/** two staff changing one tip at once — exactly one wins, the other gets 409. */
describe('tip concurrency (real database, parallel requests)', () => {
  let t: TestApp;
  let contact: string;
  let principal: string;
  let schoolId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const ids = await t.seedDemo();
    schoolId = ids.a.schoolId;
    contact = await t.login('contact');
    principal = await t.login('principal');
  });
  afterAll(() => t?.stop());

  const tipIds = async () => (await t.ds.getRepository(TipEntity).find({ where: { schoolId }, order: { submittedAt: 'ASC' } })).map((x) => x.id);

  it('two acknowledgements at once: one succeeds, one is told it is already done (many rounds)', async () => {
    const rounds = 10;
    for (let i = 0; i < rounds; i++) expect((await submitTip(t, tipBody(schoolId), { remoteAddress: `10.30.0.${i}` })).status).toBe(201);
    for (const id of await tipIds()) {
      const [a, b] = await Promise.all([
        t.request('POST', `/tips/${id}/ack`, { token: contact, body: {} }),
        t.request('POST', `/tips/${id}/ack`, { token: contact, body: {} }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const acks = await t.ds.query(`SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'tip.acknowledged' AND target_id = ?`, [id]);
      expect(Number(acks[0].n)).toBe(1);
    }
  });

  it('two staff change one tip with the same version: exactly one wins each time, the other gets 409 with a clear message', async () => {
    const [id] = await tipIds();
    // Hand the case to the principal so both may handle it.
    let cur = (await t.request('GET', `/tips/${id}`, { token: contact })).body;
    cur = (await t.request('PATCH', `/tips/${id}`, { token: contact, body: { version: cur.version, assigneeUserId: (await t.request('GET', '/me', { token: principal })).body.id } })).body;
    expect(cur.assignee.name).toBe('李校长');
    for (let round = 0; round < 25; round++) {
      const version = (await t.ds.getRepository(TipEntity).findOneOrFail({ where: { id } })).version;
      const [a, b] = await Promise.all([
        t.request('PATCH', `/tips/${id}`, { token: contact, body: { version, labels: [`甲${round}`], severity: 'medium' } }),
        t.request('PATCH', `/tips/${id}`, { token: principal, body: { version, labels: [`乙${round}`], severity: 'high' } }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      const winner = a.status === 200 ? a : b;
      expect(loser.body).toEqual({ code: 'TIP_VERSION_CONFLICT', message: '这条举报刚刚被其他老师修改过，请刷新后再操作' });
      const after = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { id } });
      expect(after.version).toBe(version + 1);
      expect(after.labels).toEqual(winner.body.labels);
    }
    const updates = await t.ds.query(`SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'tip.updated' AND target_id = ?`, [id]);
    expect(Number(updates[0].n)).toBe(25);
  });

  it('a stale version is refused even without a race', async () => {
    const [, id] = await tipIds();
    const cur = (await t.request('GET', `/tips/${id}`, { token: contact })).body;
    expect((await t.request('PATCH', `/tips/${id}`, { token: contact, body: { version: cur.version, status: 'investigating' } })).status).toBe(200);
    const stale = await t.request('PATCH', `/tips/${id}`, { token: contact, body: { version: cur.version, severity: 'low' } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('TIP_VERSION_CONFLICT');
  });
});
