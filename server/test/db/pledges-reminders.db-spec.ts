import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { PledgeSends } from '../../src/features/pledges/pledge-sends.service';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { TestApp } from '../support/test-app';
import { bind, makeGuardian, student, type TestGuardian } from './notices-helpers';
import { openRequest, runSends, signBody } from './pledges-helpers';

const DAY = 24 * 3600_000;

/**
 * At the demo middle school (初一, where the child signs too and every guardian must sign): the automatic reminder
 * three days before the deadline, sent once whatever the number of workers and runs, to the guardians who still have
 * something to sign; a child counted signed only when all its guardians signed; and the deadline closing the pledge.
 */
describe('pledges: every guardian signs, the automatic reminder, the deadline', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let admin: string;
  let father: TestGuardian; // 郑晓东
  let mother: TestGuardian; // 郑晓东
  let aunt: TestGuardian; // 冯佳琪
  let pledgeId: string;
  let child: string;

  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(new Date('2031-09-01T02:00:00.000Z')); // Monday 1 September, 10:00 in Shanghai
    ids = await t.seedDemo();
    admin = await t.login('admin', 'b');
    const cls = ids.b.classIds[0];
    father = await makeGuardian(t, '郑先生');
    mother = await makeGuardian(t, '郑女士');
    aunt = await makeGuardian(t, '冯女士');
    child = (await student(t, cls, '郑晓东')).id;
    await bind(t, father.userId, await student(t, cls, '郑晓东'), 'father');
    await bind(t, mother.userId, await student(t, cls, '郑晓东'), 'mother');
    await bind(t, aunt.userId, await student(t, cls, '冯佳琪'), 'other');
  });
  afterAll(() => t?.stop());

  const reminded = async () => (await t.ds.getRepository(OutboxEntity).find({ where: { template: 'pledge.sign' } }))
    .filter((o) => o.dedupeKey.startsWith(`pledge:${pledgeId}:auto:`)).map((o) => o.recipientUserId).sort();

  it('with requireAllGuardians a child is done only when every guardian signed; the child signs once', async () => {
    const opened = await t.request('POST', `/schools/${ids.b.schoolId}/pledges`, {
      token: admin, body: openRequest({ schoolYear: '2031-2032', deadline: '2031-09-15', requireAllGuardians: true }),
    });
    expect(opened.status).toBe(201);
    pledgeId = opened.body.id;
    const first = await t.request('POST', `/pledges/${pledgeId}/signatures`, { token: father.token, body: await signBody(child, 1) });
    expect(first.status).toBe(201);
    let missing = await t.request('GET', `/pledges/${pledgeId}/classes/${ids.b.classIds[0]}/missing`, { token: admin });
    expect(missing.body.entries.find((e: any) => e.studentName === '郑晓东')).toMatchObject({
      missing: ['guardian'], guardians: expect.arrayContaining([{ relation: 'father', relationLabel: '父亲', signed: true }, { relation: 'mother', relationLabel: '母亲', signed: false }]),
    });
    const items = async (g: TestGuardian) => (await t.request('GET', '/me/pledges', { token: g.token })).body.items;
    expect((await items(father))[0]).toMatchObject({ status: 'signed', studentPartRequired: true });
    expect((await items(mother))[0]).toMatchObject({ status: 'to_sign' });
    // A second signature of the same guardian is refused; the mother signs hers (the child already signed with the father).
    expect((await t.request('POST', `/pledges/${pledgeId}/signatures`, { token: father.token, body: await signBody(child, 1) })).body.code).toBe('PLEDGE_ALREADY_SIGNED');
    await runSends(t); // version 1's round, before the reminder
    expect((await t.request('GET', `/pledges/${pledgeId}/completion`, { token: admin })).body.totals).toEqual({ students: 4, signed: 0, superseded: 0, missing: 4 });
    missing = await t.request('GET', `/pledges/${pledgeId}/classes/${ids.b.classIds[0]}/missing`, { token: admin });
    expect(missing.body.entries).toHaveLength(4);
  });

  it('three days before the deadline the reminder goes once, to the guardians with something left to sign', async () => {
    const sends = t.get(PledgeSends);
    expect(await sends.autoRemind()).toBe(0); // 14 days before
    t.clock.set(new Date('2031-09-11T23:30:00.000Z')); // 12 September 07:30 in Shanghai: three days before the 15th
    const claimed = await Promise.all([sends.autoRemind(), sends.autoRemind(), sends.autoRemind()]);
    expect(claimed.reduce((a, b) => a + b, 0)).toBe(1);
    await Promise.all([runSends(t), runSends(t)]);
    // The father signed: the mother (郑晓东) and the aunt (冯佳琪) are reminded.
    expect(await reminded()).toEqual([mother.userId, aunt.userId].sort());
    t.clock.advance(DAY);
    expect(await sends.autoRemind()).toBe(0);
    await runSends(t);
    expect(await reminded()).toHaveLength(2);
    const audit = await t.ds.getRepository(AuditEntryEntity).find({ where: { targetId: pledgeId, action: 'pledge.auto_reminded' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: null, actorRole: 'system' });

    const signed = await t.request('POST', `/pledges/${pledgeId}/signatures`, { token: mother.token, body: await signBody(child, 1, { studentSignature: undefined }) });
    expect(signed.status).toBe(201);
    expect((await t.request('GET', `/pledges/${pledgeId}/completion`, { token: admin })).body.totals).toEqual({ students: 4, signed: 1, superseded: 0, missing: 3 });
  });

  it('after the deadline day the pledge is closed: not listed to guardians, no signing, no reminders', async () => {
    t.clock.set(new Date('2031-09-15T15:59:00.000Z')); // 23:59 on the 15th in Shanghai: still open
    expect((await t.request('GET', '/me/pledges', { token: aunt.token })).body.items).toHaveLength(1);
    t.clock.set(new Date('2031-09-15T16:01:00.000Z')); // 00:01 on the 16th
    expect((await t.request('GET', '/me/pledges', { token: aunt.token })).body.items).toEqual([]);
    const aChild = (await student(t, ids.b.classIds[0], '冯佳琪')).id;
    expect((await t.request('POST', `/pledges/${pledgeId}/signatures`, { token: aunt.token, body: await signBody(aChild, 1) })).body.code).toBe('PLEDGE_CLOSED');
    expect((await t.request('POST', `/pledges/${pledgeId}/classes/${ids.b.classIds[0]}/remind`, { token: admin })).body.code).toBe('PLEDGE_CLOSED');
    expect((await t.request('GET', `/pledges/${pledgeId}`, { token: admin })).body.status).toBe('closed');
  });
});
