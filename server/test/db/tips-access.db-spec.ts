import { TipEntity } from '../../src/features/tips/tip.entity';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { TestApp } from '../support/test-app';
import { submitTip, tipBody } from './tips-helpers';

/** who sees what of a tip, record by record. */
describe('tip access rules per role (real database)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Record<string, string> = {};
  let named: string;

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
    for (const s of ['a', 'b'] as const) for (const r of ['guardian', 'student', 'teacher', 'contact', 'principal', 'admin', 'district'] as const) tok[`${s}:${r}`] = await t.login(r, s);
    const res = await submitTip(t, tipBody(ids.a.schoolId, { named: { name: '李妈妈', contact: '13800000000' }, reporterRole: 'parent' }), { remoteAddress: '10.40.0.1' });
    expect(res.status).toBe(201);
    named = (await t.ds.getRepository(TipEntity).findOneOrFail({ where: { schoolId: ids.a.schoolId } })).id;
  });
  afterAll(() => t?.stop());

  const get = (who: string, url: string) => t.request('GET', url, { token: tok[who] });

  it('a fresh tip: content and the named reporter for the designated contact only; counts for admin, principal and district', async () => {
    const c = await get('a:contact', `/tips/${named}`);
    expect(c.status).toBe(200);
    expect(c.body.named).toEqual({ name: '李妈妈', contact: '13800000000' });
    for (const who of ['a:principal', 'a:admin', 'a:teacher', 'a:district']) {
      expect({ who, status: (await get(who, `/tips/${named}`)).status }).toEqual({ who, status: 403 });
    }
    for (const who of ['a:guardian', 'a:student']) expect((await get(who, `/tips/${named}`)).status).toBe(403); // no staff permission at all
    for (const who of ['b:contact', 'b:principal', 'b:district', 'b:teacher']) {
      expect({ who, status: (await get(who, `/tips/${named}`)).status }).toEqual({ who, status: 404 });
    }
    for (const who of ['a:admin', 'a:principal', 'a:district', 'a:contact']) {
      const s = await get(who, `/schools/${ids.a.schoolId}/tips/stats`);
      expect(s.status).toBe(200);
      // exact for the school's case handlers; one tip is '<3' for the admin and the district (small-counts.ts)
      expect({ who, total: s.body.total }).toEqual({ who, total: who === 'a:admin' || who === 'a:district' ? '<3' : 1 });
    }
    expect((await get('b:district', `/schools/${ids.a.schoolId}/tips/stats`)).status).toBe(404);
    expect((await get('b:contact', `/schools/${ids.a.schoolId}/tips`)).status).toBe(404);
    expect((await get('a:teacher', `/schools/${ids.a.schoolId}/tips/stats`)).status).toBe(403);
    expect((await get('a:admin', `/schools/${ids.a.schoolId}/tips`)).status).toBe(403);
    expect((await get('a:principal', `/schools/${ids.a.schoolId}/tips`)).body.total).toBe(0);
    expect((await get('a:district', `/schools/${ids.a.schoolId}/tips`)).body.total).toBe(0);
    expect((await get('a:contact', `/schools/${ids.a.schoolId}/tips`)).body.total).toBe(1);
  });

  it('assigned to the principal: they see and handle it, but a named reporter stays with the contact and the assignee', async () => {
    let cur = (await get('a:contact', `/tips/${named}`)).body;
    expect((await t.request('POST', `/tips/${named}/ack`, { token: tok['a:contact'], body: {} })).status).toBe(200);
    cur = (await get('a:contact', `/tips/${named}`)).body;
    // Only staff of the school with a case role can be assigned.
    const bad = await t.request('PATCH', `/tips/${named}`, { token: tok['a:contact'], body: { version: cur.version, assigneeUserId: ids.a.userIds.teacher } });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('TIP_ASSIGNEE_INVALID');
    const other = await t.request('PATCH', `/tips/${named}`, { token: tok['a:contact'], body: { version: cur.version, assigneeUserId: ids.b.userIds.principal } });
    expect(other.status).toBe(422);
    const ok = await t.request('PATCH', `/tips/${named}`, { token: tok['a:contact'], body: { version: cur.version, assigneeUserId: ids.a.userIds.principal } });
    expect(ok.status).toBe(200);
    const p = await get('a:principal', `/tips/${named}`);
    expect(p.status).toBe(200);
    expect(p.body.named).toEqual({ name: '李妈妈', contact: '13800000000' }); // the assignee
    expect((await get('a:principal', `/schools/${ids.a.schoolId}/tips`)).body.total).toBe(1);
    expect((await t.request('POST', `/tips/${named}/messages`, { token: tok['a:principal'], body: { body: '您好，我是李校长' } })).status).toBe(201);
    // Hand it back: the principal (not escalated, not assigned) loses it again.
    cur = (await get('a:contact', `/tips/${named}`)).body;
    expect((await t.request('PATCH', `/tips/${named}`, { token: tok['a:contact'], body: { version: cur.version, assigneeUserId: ids.a.userIds.contact } })).status).toBe(200);
    expect((await get('a:principal', `/tips/${named}`)).status).toBe(403);
  });

  it('escalated: the principal sees the content but not the named reporter; district officers only once it reaches them', async () => {
    const res = await submitTip(t, tipBody(ids.a.schoolId, { named: { name: '王同学', contact: '微信 wang' } }), { remoteAddress: '10.40.0.2' });
    expect(res.status).toBe(201);
    const tip = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { schoolId: ids.a.schoolId, status: 'new' } });
    await t.ds.query(`UPDATE tips SET escalation_level = 'principal' WHERE id = ?`, [tip.id]);
    const p = await get('a:principal', `/tips/${tip.id}`);
    expect(p.status).toBe(200);
    expect(p.body.named).toBeNull();
    expect(p.body.source).toBe('named');
    expect((await get('a:district', `/tips/${tip.id}`)).status).toBe(403);
    await t.ds.query(`UPDATE tips SET escalation_level = 'district' WHERE id = ?`, [tip.id]);
    const d = await get('a:district', `/tips/${tip.id}`);
    expect(d.status).toBe(200);
    expect(d.body.named).toBeNull();
    expect((await get('a:district', `/schools/${ids.a.schoolId}/tips`)).body.items.map((i: any) => i.id)).toEqual([tip.id]);
    expect((await get('b:district', `/tips/${tip.id}`)).status).toBe(404);
    // Every one of these reads is in the audit chain, with who read it.
    const views = await t.ds.query(`SELECT actor_user_id AS actor, details FROM audit_entries WHERE action = 'tip.viewed' AND target_id = ?`, [tip.id]);
    expect(views.map((v: any) => v.actor).sort()).toEqual([ids.a.userIds.district, ids.a.userIds.principal].sort());
  });

  it('the ledger is for the contact and the principal; it holds the rows they may read', async () => {
    const c = await t.request('GET', `/schools/${ids.a.schoolId}/tips.xlsx`, { token: tok['a:contact'] });
    expect(c.status).toBe(200);
    expect(String(c.headers['content-type'])).toContain('spreadsheetml');
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/tips.xlsx`, { token: tok['a:admin'] })).status).toBe(403);
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/tips.xlsx`, { token: tok['b:contact'] })).status).toBe(404);
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/tips.xlsx`, { token: tok['a:principal'] })).status).toBe(200);
  });
});
