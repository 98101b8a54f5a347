import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { TestApp } from '../support/test-app';
import { submitTip, tipBody } from './tips-helpers';

/** Hand-over to another staff member — whoever runs the case can see who to hand it to. */
describe('tip hand-over (real database)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let tipId: string;
  const tok: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
    for (const r of ['contact', 'committee', 'principal', 'admin', 'teacher'] as const) tok[`a:${r}`] = await t.login(r, 'a');
    tok['b:contact'] = await t.login('contact', 'b');
    expect((await submitTip(t, tipBody(ids.a.schoolId), { remoteAddress: '10.50.0.1' })).status).toBe(201);
    tipId = (await t.ds.getRepository(TipEntity).findOneOrFail({ where: { schoolId: ids.a.schoolId } })).id;
  });
  afterAll(() => t?.stop());

  it('lists the school\'s contact, principal and committee members to the designated contact', async () => {
    const res = await t.request('GET', `/tips/${tipId}/assignees`, { token: tok['a:contact'] });
    expect(res.status).toBe(200);
    const byUser = Object.fromEntries(res.body.map((o: any) => [o.userId, o.roles]));
    expect(byUser).toEqual({
      [ids.a.userIds.contact]: ['contact'],
      [ids.a.userIds.committee]: ['committee'],
      [ids.a.userIds.principal]: ['principal'],
    });
  });

  it('is refused to those who may not handle the case, and hidden from another school', async () => {
    expect((await t.request('GET', `/tips/${tipId}/assignees`, { token: tok['a:teacher'] })).status).toBe(403);
    expect((await t.request('GET', `/tips/${tipId}/assignees`, { token: tok['a:admin'] })).status).toBe(403);
    expect((await t.request('GET', `/tips/${tipId}/assignees`, { token: tok['a:committee'] })).status).toBe(403); // not assigned yet
    expect((await t.request('GET', `/tips/${tipId}/assignees`, { token: tok['b:contact'] })).status).toBe(404);
  });

  it('the contact hands the case to a committee member, who can then open and handle it', async () => {
    const before = await t.request('GET', `/tips/${tipId}`, { token: tok['a:contact'] });
    const res = await t.request('PATCH', `/tips/${tipId}`, { token: tok['a:contact'], body: { version: before.body.version, assigneeUserId: ids.a.userIds.committee } });
    expect(res.status).toBe(200);
    expect(res.body.assignee.userId).toBe(ids.a.userIds.committee);
    expect((await t.request('GET', `/tips/${tipId}`, { token: tok['a:committee'] })).status).toBe(200);
    expect((await t.request('GET', `/tips/${tipId}/assignees`, { token: tok['a:committee'] })).status).toBe(200);
  });
});
