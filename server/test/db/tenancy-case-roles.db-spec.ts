import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { AuditService } from '../../src/platform/audit/audit.service';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { inTransaction } from '../../src/platform/database/transaction';
import { StaffInviteEntity } from '../../src/features/tenancy/staff-invite.entity';
import { StaffRoleEntity } from '../../src/features/tenancy/staff-role.entity';
import { hashInviteCode } from '../../src/features/tenancy/staff.service';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { TestApp } from '../support/test-app';
import { submitTip, tipBody } from './tips-helpers';

/**
 * Roles that read tip content (designated contact, committee member) and the principal role are never obtained by
 * oneself: every path to them — naming the contact, staff invites and their redemption, the district's principal
 * invite, revocation — against a real database. Sessions are made once and kept: access follows the roles held now.
 */
describe('tenancy: who may grant the roles that read tips (real database)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Record<string, string> = {};
  const roles = ['guardian', 'student', 'teacher', 'contact', 'committee', 'principal', 'admin', 'district'] as const;
  const actions = (action: string) => t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: ids.a.schoolId, action }, order: { seq: 'ASC' } });
  const outboxTo = (userId: string, template: string) => t.ds.getRepository(OutboxEntity).find({ where: { recipientUserId: userId, template } });
  const rolesOf = async (userId: string) =>
    (await t.ds.getRepository(StaffRoleEntity).find({ where: { userId, schoolId: ids.a.schoolId } })).map((r) => r.role).sort();
  const tipIds = async () => new Set((await t.ds.getRepository(TipEntity).find({ where: { schoolId: ids.a.schoolId }, select: { id: true } })).map((x) => x.id));
  const newTip = async (addr: string) => {
    const before = await tipIds();
    const res = await submitTip(t, tipBody(ids.a.schoolId), { remoteAddress: addr });
    expect(res.status).toBe(201);
    return [...(await tipIds())].find((id) => !before.has(id))!;
  };
  const invite = (token: string, role: string) => t.request('POST', `/schools/${ids.a.schoolId}/staff-invites`, { token, body: { role } });
  const redeem = (token: string, code: string) => t.request('POST', '/staff-invites/redeem', { token, body: { code } });
  const setContact = (token: string, userId: string, name = '某老师', phone = '010-60000001') =>
    t.request('PUT', `/schools/${ids.a.schoolId}/contact`, { token, body: { userId, name, phone } });

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
    for (const school of ['a', 'b'] as const) for (const r of roles) tok[`${school}:${r}`] = await t.login(r, school);
  });
  afterAll(() => t?.stop());

  describe('naming the designated contact', () => {
    it('a school admin cannot name anyone, themselves included (403), and nothing changes', async () => {
      const self = await setContact(tok['a:admin'], ids.a.userIds.admin);
      expect(self.status).toBe(403);
      expect((await setContact(tok['a:admin'], ids.a.userIds.teacher)).status).toBe(403);
      expect(await rolesOf(ids.a.userIds.admin)).toEqual(['admin']);
      expect((await t.request('GET', `/schools/${ids.a.schoolId}/public`)).body.contact).toEqual({ name: '张静', phone: '010-62345678' });
      expect(await actions('contact.changed')).toHaveLength(0);
    });

    it('the principal cannot name themselves (403 SELF_GRANT_FORBIDDEN)', async () => {
      const res = await setContact(tok['a:principal'], ids.a.userIds.principal);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('SELF_GRANT_FORBIDDEN');
      expect(await rolesOf(ids.a.userIds.principal)).toEqual(['principal']);
    });

    it('a district officer, a teacher and the contact cannot name one either', async () => {
      expect((await setContact(tok['a:district'], ids.a.userIds.teacher)).status).toBe(403);
      expect((await setContact(tok['a:teacher'], ids.a.userIds.teacher)).status).toBe(403);
      expect((await setContact(tok['a:contact'], ids.a.userIds.teacher)).status).toBe(403);
      expect((await setContact(tok['b:principal'], ids.a.userIds.teacher)).status).toBe(404);
    });
  });

  describe('staff invites', () => {
    it('a school admin cannot invite a contact, a committee member or a principal', async () => {
      for (const role of ['contact', 'committee', 'principal']) {
        const res = await invite(tok['a:admin'], role);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('ROLE_GRANT_FORBIDDEN');
      }
      expect(await t.ds.getRepository(StaffInviteEntity).count({ where: { schoolId: ids.a.schoolId } })).toBe(0);
    });

    it('the contact is named, never invited, even by the principal (422); the principal cannot invite a principal', async () => {
      const contact = await invite(tok['a:principal'], 'contact');
      expect(contact.status).toBe(422);
      expect(contact.body.code).toBe('CONTACT_NOT_INVITABLE');
      expect((await invite(tok['a:principal'], 'principal')).status).toBe(403);
    });

    it('an admin\'s contact or committee invite made before this rule, redeemed by the admin or anyone else, gives nothing', async () => {
      // rows as the earlier code wrote them: created by the admin
      const codes = { contact: 'LEGACYCONTA2', committee: 'LEGACYCOMMI2' } as const;
      await inTransaction(t.ds, async (m) => {
        for (const [role, code] of Object.entries(codes)) {
          await m.save(m.create(StaffInviteEntity, {
            codeHash: hashInviteCode(code), schoolId: ids.a.schoolId, role: role as 'contact' | 'committee', classIds: [], createdBy: ids.a.userIds.admin,
            createdAt: t.clock.now(), expiresAt: new Date(t.clock.now().getTime() + 24 * 3600_000), redeemedBy: null, redeemedAt: null,
          }));
        }
      });
      const ownContact = await redeem(tok['a:admin'], codes.contact);
      expect(ownContact.status).toBe(403);
      expect(ownContact.body.code).toBe('SELF_GRANT_FORBIDDEN');
      expect((await redeem(tok['a:admin'], codes.committee)).status).toBe(403);
      expect((await redeem(tok['a:guardian'], codes.contact)).status).toBe(422);
      const other = await redeem(tok['a:guardian'], codes.committee);
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('ROLE_GRANT_FORBIDDEN');
      expect(await rolesOf(ids.a.userIds.admin)).toEqual(['admin']);
      expect(await rolesOf(ids.a.userIds.guardian)).toEqual([]);
      // the admin still cannot read a tip
      const tipId = await newTip('10.61.0.1');
      expect((await t.request('GET', `/tips/${tipId}`, { token: tok['a:admin'] })).status).toBe(403);
    });

    it('the principal cannot redeem their own committee invite; someone else can, the officers are told, it is audited', async () => {
      const inv = await invite(tok['a:principal'], 'committee');
      expect(inv.status).toBe(201);
      const own = await redeem(tok['a:principal'], inv.body.code);
      expect(own.status).toBe(403);
      expect(own.body.code).toBe('SELF_GRANT_FORBIDDEN');
      expect(await rolesOf(ids.a.userIds.principal)).toEqual(['principal']);
      // the refusal did not use the code up
      const res = await redeem(tok['a:guardian'], inv.body.code);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ role: 'committee', userId: ids.a.userIds.guardian });
      const granted = (await actions('role.granted')).at(-1)!;
      expect(granted.details).toMatchObject({ userId: ids.a.userIds.guardian, role: 'committee', via: 'staff_invite', invitedBy: ids.a.userIds.principal });
      const told = await outboxTo(ids.a.userIds.district, 'staff.case_role');
      expect(told.map((o) => o.title)).toContain('欺凌处置委员会新增成员');
      expect(told.find((o) => o.title === '欺凌处置委员会新增成员')!.body).toContain('阳光实验小学');
    });

    it('an invite whose creator has since lost the right to grant it gives nothing', async () => {
      const inv = await invite(tok['a:principal'], 'committee');
      expect(inv.status).toBe(201);
      // the principal steps down (the demo principal holds no other role): the district appoints principals
      const principalRole = await t.ds.getRepository(StaffRoleEntity).findOneByOrFail({ userId: ids.a.userIds.principal, role: 'principal' });
      await inTransaction(t.ds, (m) => m.delete(StaffRoleEntity, { id: principalRole.id }));
      try {
        const res = await redeem(tok['a:student'], inv.body.code);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('ROLE_GRANT_FORBIDDEN');
        expect(await rolesOf(ids.a.userIds.student)).toEqual([]);
      } finally {
        await inTransaction(t.ds, (m) => m.save(m.create(StaffRoleEntity, { ...principalRole })));
      }
    });
  });

  describe('the principal is appointed by the district', () => {
    it('a district officer invites a principal; the officer cannot redeem it; another district sees no school', async () => {
      expect((await t.request('POST', `/schools/${ids.a.schoolId}/principal-invites`, { token: tok['a:admin'] })).status).toBe(403);
      expect((await t.request('POST', `/schools/${ids.a.schoolId}/principal-invites`, { token: tok['b:district'] })).status).toBe(404);
      const inv = await t.request('POST', `/schools/${ids.a.schoolId}/principal-invites`, { token: tok['a:district'] });
      expect(inv.status).toBe(201);
      expect(inv.body.role).toBe('principal');
      const own = await redeem(tok['a:district'], inv.body.code);
      expect(own.status).toBe(403);
      expect(own.body.code).toBe('SELF_GRANT_FORBIDDEN');
      const res = await redeem(tok['b:guardian'], inv.body.code);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ role: 'principal', schoolId: ids.a.schoolId });
      const granted = (await actions('role.granted')).at(-1)!;
      expect(granted.details).toMatchObject({ role: 'principal', invitedBy: ids.a.userIds.district });
    });
  });

  describe('the principal names a new contact', () => {
    it('the new contact reads the tips at once; the old contact\'s open session cannot open a tip it read a moment ago', async () => {
      const tipId = await newTip('10.61.0.2');
      expect((await t.request('GET', `/tips/${tipId}`, { token: tok['a:contact'] })).status).toBe(200);
      expect((await t.request('GET', `/tips/${tipId}`, { token: tok['a:teacher'] })).status).toBe(403);

      const res = await setContact(tok['a:principal'], ids.a.userIds.teacher, '陈老师', '010-60000000');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ contactUserId: ids.a.userIds.teacher, contactName: '陈老师' });

      // the new contact: the list and the detail, with the same session as before
      const list = await t.request('GET', `/schools/${ids.a.schoolId}/tips`, { token: tok['a:teacher'] });
      expect(list.status).toBe(200);
      expect(list.body.items.map((x: any) => x.id)).toContain(tipId);
      expect((await t.request('GET', `/tips/${tipId}`, { token: tok['a:teacher'] })).status).toBe(200);
      // the old contact held no other role: with no role left, no tip route is open to their session
      expect(await rolesOf(ids.a.userIds.contact)).toEqual([]);
      expect((await t.request('GET', `/tips/${tipId}`, { token: tok['a:contact'] })).status).toBe(403);
      expect((await t.request('GET', `/schools/${ids.a.schoolId}/tips`, { token: tok['a:contact'] })).status).toBe(403);

      // the public card shows the new contact
      expect((await t.request('GET', `/schools/${ids.a.schoolId}/public`)).body.contact).toEqual({ name: '陈老师', phone: '010-60000000' });
      // audited: the change, the grant, the revocation
      const [changed] = await actions('contact.changed');
      expect(changed.actorUserId).toBe(ids.a.userIds.principal);
      expect(changed.details).toMatchObject({ old: { userId: ids.a.userIds.contact }, new: { userId: ids.a.userIds.teacher } });
      expect((await actions('role.granted')).some((e) => e.details.userId === ids.a.userIds.teacher && e.details.role === 'contact')).toBe(true);
      const revoked = (await actions('role.revoked')).find((e) => e.details.userId === ids.a.userIds.contact);
      expect(revoked!.details).toMatchObject({ role: 'contact', reason: 'contact_replaced' });
      // the district officers and the previous contact are told
      expect((await outboxTo(ids.a.userIds.district, 'staff.case_role')).map((o) => o.title)).toContain('欺凌防治负责人变更');
      expect((await outboxTo(ids.a.userIds.contact, 'staff.case_role')).map((o) => o.title)).toEqual(['你已不再担任欺凌防治负责人']);
      // the next tip goes to the new contact
      const next = await newTip('10.61.0.3');
      const [message] = await t.ds.getRepository(OutboxEntity).find({ where: { dedupeKey: `tip.new:${next}` } });
      expect(message.recipientUserId).toBe(ids.a.userIds.teacher);
    });
  });

  describe('committee members and assignees lose their cases with the role', () => {
    it('a revoked committee member who stays a teacher cannot open the case any more; the case is handed back', async () => {
      // the committee member also teaches
      const teach = await invite(tok['a:principal'], 'teacher');
      expect((await redeem(tok['a:committee'], teach.body.code)).status).toBe(200);
      const tipId = await newTip('10.61.0.4');
      const contact = tok['a:teacher']; // named contact since the test above
      const before = await t.request('GET', `/tips/${tipId}`, { token: contact });
      const assigned = await t.request('PATCH', `/tips/${tipId}`, { token: contact, body: { version: before.body.version, assigneeUserId: ids.a.userIds.committee } });
      expect(assigned.status).toBe(200);
      expect((await t.request('GET', `/tips/${tipId}`, { token: tok['a:committee'] })).status).toBe(200);

      const staff = (await t.request('GET', `/schools/${ids.a.schoolId}/staff`, { token: tok['a:principal'] })).body;
      const committeeRole = staff.find((r: any) => r.userId === ids.a.userIds.committee && r.role === 'committee');
      // only the principal may take it away
      const byAdmin = await t.request('DELETE', `/schools/${ids.a.schoolId}/staff/${committeeRole.id}`, { token: tok['a:admin'] });
      expect(byAdmin.status).toBe(403);
      expect(byAdmin.body.code).toBe('ROLE_GRANT_FORBIDDEN');
      expect((await t.request('DELETE', `/schools/${ids.a.schoolId}/staff/${committeeRole.id}`, { token: tok['a:principal'] })).status).toBe(204);

      expect(await rolesOf(ids.a.userIds.committee)).toEqual(['teacher']);
      expect((await t.request('GET', `/tips/${tipId}`, { token: tok['a:committee'] })).status).toBe(403);
      const list = await t.request('GET', `/schools/${ids.a.schoolId}/tips`, { token: tok['a:committee'] });
      expect(list.body.items.map((x: any) => x.id)).not.toContain(tipId);
      const tip = await t.ds.getRepository(TipEntity).findOneByOrFail({ id: tipId });
      expect(tip.assigneeUserId).toBeNull();
      const released = (await t.ds.getRepository(AuditEntryEntity).find({ where: { targetId: tipId, action: 'tip.assigned' }, order: { seq: 'ASC' } })).at(-1)!;
      expect(released.details).toEqual({ from: ids.a.userIds.committee, to: null, reason: 'case_role_ended' });
    });

    it('a committee member the case is taken from loses it at once', async () => {
      const tipId = await newTip('10.61.0.5');
      const contact = tok['a:teacher'];
      const detail = await t.request('GET', `/tips/${tipId}`, { token: contact });
      const toGuardian = await t.request('PATCH', `/tips/${tipId}`, { token: contact, body: { version: detail.body.version, assigneeUserId: ids.a.userIds.guardian } });
      expect(toGuardian.status).toBe(200); // the guardian redeemed the principal's committee invite above
      expect((await t.request('GET', `/tips/${tipId}`, { token: tok['a:guardian'] })).status).toBe(200);
      const back = await t.request('PATCH', `/tips/${tipId}`, { token: contact, body: { version: toGuardian.body.version, assigneeUserId: ids.a.userIds.principal } });
      expect(back.status).toBe(200);
      expect((await t.request('GET', `/tips/${tipId}`, { token: tok['a:guardian'] })).status).toBe(403);
      expect((await t.request('GET', `/tips/${tipId}`, { token: tok['a:principal'] })).status).toBe(200);
    });
  });

  it('leaves the chain verifiable', async () => {
    expect((await t.get<AuditService>(AuditService).verifyChain(ids.a.schoolId)).ok).toBe(true);
  });
});
