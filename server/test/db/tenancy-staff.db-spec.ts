import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { AuditService } from '../../src/platform/audit/audit.service';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { StaffInviteEntity } from '../../src/features/tenancy/staff-invite.entity';
import { TestApp } from '../support/test-app';
import { pinClockToFreshWindow } from './tips-helpers';

describe('tenancy: staff invitations and class invite codes (real database)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tokens: Record<string, string> = {};
  const tok = (role: 'guardian' | 'student' | 'teacher' | 'contact' | 'principal' | 'admin' | 'district', school: 'a' | 'b' = 'a') => tokens[`${role}:${school}`];
  const actions = async (schoolId: string, action: string) =>
    t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId, action }, order: { seq: 'ASC' } });
  let otherClassId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
    for (const school of ['a', 'b'] as const) {
      for (const role of ['guardian', 'student', 'teacher', 'contact', 'principal', 'admin', 'district'] as const) tokens[`${role}:${school}`] = await t.login(role, school);
    }
    otherClassId = ids.a.classIds.find((c) => c !== ids.a.teacherClassId)!;
  });
  afterAll(() => t?.stop());

  describe('staff', () => {
    it('lists the staff of the school for admins only', async () => {
      const res = await t.request('GET', `/schools/${ids.a.schoolId}/staff`, { token: tok('admin') });
      expect(res.status).toBe(200);
      const teacher = res.body.find((r: any) => r.role === 'teacher');
      expect(teacher).toMatchObject({ userId: ids.a.userIds.teacher, userName: '陈老师', classIds: [ids.a.teacherClassId] });
      expect(res.body.map((r: any) => r.role).sort()).toEqual(['admin', 'committee', 'contact', 'principal', 'teacher']);
      expect((await t.request('GET', `/schools/${ids.a.schoolId}/staff`, { token: tok('teacher') })).status).toBe(403);
      expect((await t.request('GET', `/schools/${ids.a.schoolId}/staff`, { token: tok('admin', 'b') })).status).toBe(404);
    });

    it('an invitation makes a WeChat user a teacher of the given classes; it works once; revoking ends the rights', async () => {
      // before: the guardian user has no staff rights
      expect((await t.request('GET', `/classes/${otherClassId}/students`, { token: tok('guardian') })).status).toBe(403);

      const invite = await t.request('POST', `/schools/${ids.a.schoolId}/staff-invites`, { token: tok('principal'), body: { role: 'teacher', classIds: [otherClassId] } });
      expect(invite.status).toBe(201);
      expect(invite.body.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$/);
      expect(invite.body).toMatchObject({ role: 'teacher', classIds: [otherClassId], schoolId: ids.a.schoolId });
      // only a hash is stored
      const stored = await t.ds.getRepository(StaffInviteEntity).findOneByOrFail({ id: invite.body.id });
      expect(JSON.stringify(stored)).not.toContain(invite.body.code);

      const redeemed = await t.request('POST', '/staff-invites/redeem', { token: tok('guardian'), body: { code: invite.body.code.toLowerCase() } });
      expect(redeemed.status).toBe(200);
      expect(redeemed.body).toMatchObject({ userId: ids.a.userIds.guardian, role: 'teacher', schoolId: ids.a.schoolId, classIds: [otherClassId] });
      expect((await t.request('GET', `/classes/${otherClassId}/students`, { token: tok('guardian') })).status).toBe(200);
      expect((await t.request('GET', `/classes/${ids.a.teacherClassId}/students`, { token: tok('guardian') })).status).toBe(403);
      const me = await t.request('GET', '/me', { token: tok('guardian') });
      expect(me.body.roles).toEqual([expect.objectContaining({ role: 'teacher', schoolId: ids.a.schoolId, classIds: [otherClassId] })]);

      const again = await t.request('POST', '/staff-invites/redeem', { token: tok('student'), body: { code: invite.body.code } });
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('STAFF_INVITE_INVALID');

      const granted = await actions(ids.a.schoolId, 'role.granted');
      expect(granted.at(-1)!.details).toMatchObject({ userId: ids.a.userIds.guardian, role: 'teacher', classIds: [otherClassId], via: 'staff_invite', invitedBy: ids.a.userIds.principal });

      // revoke: another school's admin cannot, this school's admin can
      const roleId = redeemed.body.id;
      expect((await t.request('DELETE', `/schools/${ids.a.schoolId}/staff/${roleId}`, { token: tok('admin', 'b') })).status).toBe(404);
      expect((await t.request('DELETE', `/schools/${ids.b.schoolId}/staff/${roleId}`, { token: tok('admin', 'b') })).status).toBe(404);
      expect((await t.request('DELETE', `/schools/${ids.a.schoolId}/staff/${roleId}`, { token: tok('admin') })).status).toBe(204);
      expect((await t.request('GET', `/classes/${otherClassId}/students`, { token: tok('guardian') })).status).toBe(403);
      const [revoked] = await actions(ids.a.schoolId, 'role.revoked');
      expect(revoked.details).toMatchObject({ userId: ids.a.userIds.guardian, role: 'teacher', classIds: [otherClassId] });
      expect((await t.request('DELETE', `/schools/${ids.a.schoolId}/staff/${roleId}`, { token: tok('admin') })).status).toBe(404);
    });

    it('refuses invitations for another school, foreign classes, class lists on non-teacher roles, and expired codes', async () => {
      expect((await t.request('POST', `/schools/${ids.a.schoolId}/staff-invites`, { token: tok('admin', 'b'), body: { role: 'teacher' } })).status).toBe(404);
      expect((await t.request('POST', `/schools/${ids.a.schoolId}/staff-invites`, { token: tok('teacher'), body: { role: 'teacher' } })).status).toBe(403);
      expect((await t.request('POST', `/schools/${ids.a.schoolId}/staff-invites`, { token: tok('admin'), body: { role: 'teacher', classIds: [ids.b.teacherClassId] } })).status).toBe(404);
      expect((await t.request('POST', `/schools/${ids.a.schoolId}/staff-invites`, { token: tok('admin'), body: { role: 'admin', classIds: [otherClassId] } })).status).toBe(400);
      expect((await t.request('POST', `/schools/${ids.a.schoolId}/staff-invites`, { token: tok('admin'), body: { role: 'district_officer' } })).status).toBe(400);

      const invite = await t.request('POST', `/schools/${ids.a.schoolId}/staff-invites`, { token: tok('admin'), body: { role: 'teacher' } });
      expect(invite.status).toBe(201);
      t.clock.advance(8 * 24 * 3600_000);
      try {
        const late = await t.request('POST', '/staff-invites/redeem', { token: tok('student'), body: { code: invite.body.code } });
        expect(late.status).toBe(404);
      } finally {
        t.clock.reset();
      }
    });

    it('will not revoke the contact role of the designated contact', async () => {
      const staff = (await t.request('GET', `/schools/${ids.a.schoolId}/staff`, { token: tok('admin') })).body;
      const contactRole = staff.find((r: any) => r.role === 'contact' && r.userId === ids.a.userIds.contact);
      // the admin may not revoke a role that reads tips at all; the principal must first name a new contact
      expect((await t.request('DELETE', `/schools/${ids.a.schoolId}/staff/${contactRole.id}`, { token: tok('admin') })).status).toBe(403);
      const res = await t.request('DELETE', `/schools/${ids.a.schoolId}/staff/${contactRole.id}`, { token: tok('principal') });
      expect(res.status).toBe(409);
    });
  });

  describe('class invite codes', () => {
    it('a teacher creates, lists and revokes codes for their own class, with a QR code', async () => {
      const created = await t.request('POST', `/classes/${ids.a.teacherClassId}/invite-codes`, { token: tok('teacher') });
      expect(created.status).toBe(201);
      expect(created.body.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
      expect(created.body.qrPayload).toBe(`anxin://bind?code=${created.body.code}`);
      expect(created.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
      const png = Buffer.from(created.body.qrDataUrl.split(',')[1], 'base64');
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(created.body.className).toBe('三年级1班');

      const list = await t.request('GET', `/classes/${ids.a.teacherClassId}/invite-codes`, { token: tok('teacher') });
      expect(list.body.map((c: any) => c.code)).toEqual(expect.arrayContaining([created.body.code, 'DEMO3A01']));

      const lookup = await t.request('GET', `/invite-codes/${created.body.code}/lookup`, { token: tok('student') });
      expect(lookup.status).toBe(200);

      expect((await t.request('POST', `/invite-codes/${created.body.id}/revoke`, { token: tok('teacher', 'b') })).status).toBe(404);
      const revoked = await t.request('POST', `/invite-codes/${created.body.id}/revoke`, { token: tok('teacher') });
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).not.toBeNull();
      expect(revoked.body.qrDataUrl).toBe('');
      const gone = await t.request('GET', `/invite-codes/${created.body.code}/lookup`, { token: tok('student') });
      expect(gone.status).toBe(404);
      expect(gone.body.code).toBe('INVITE_CODE_INVALID');
      expect((await actions(ids.a.schoolId, 'invite_code.revoked')).length).toBe(1);
    });

    it('a teacher of another class gets 403, another school 404, a guardian 403', async () => {
      expect((await t.request('POST', `/classes/${otherClassId}/invite-codes`, { token: tok('teacher') })).status).toBe(403);
      expect((await t.request('GET', `/classes/${otherClassId}/invite-codes`, { token: tok('teacher') })).status).toBe(403);
      expect((await t.request('POST', `/classes/${otherClassId}/invite-codes`, { token: tok('principal') })).status).toBe(201);
      expect((await t.request('POST', `/classes/${ids.a.teacherClassId}/invite-codes`, { token: tok('teacher', 'b') })).status).toBe(404);
      expect((await t.request('GET', `/classes/${ids.a.teacherClassId}/invite-codes`, { token: tok('admin', 'b') })).status).toBe(404);
      expect((await t.request('POST', `/classes/${ids.a.teacherClassId}/invite-codes`, { token: tok('guardian', 'b') })).status).toBe(403);
    });

    it('shows the class with masked names to anyone with the code', async () => {
      const res = await t.request('GET', '/invite-codes/demo-3a01/lookup', { token: tok('guardian', 'b') });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ schoolId: ids.a.schoolId, schoolName: '阳光实验小学', classId: ids.a.teacherClassId, className: '三年级1班' });
      expect(res.body.students).toHaveLength(8);
      expect(res.body.students.map((s: any) => s.maskedName)).toContain('王*明');
      expect(JSON.stringify(res.body)).not.toContain('王小明');
      expect(res.body.students[0]).toEqual({ id: expect.any(String), maskedName: expect.any(String) });
    });

    it('answers 429 after 20 wrong codes from one user within 10 minutes', async () => {
      // The limit counts in fixed ten-minute windows of the clock: the tries start at the beginning of one, so they
      // cannot straddle two (which split the count and let the 21st through when a run crossed hh:m0).
      pinClockToFreshWindow(t);
      try {
        for (let i = 0; i < 20; i++) {
          const res = await t.request('GET', `/invite-codes/WRONG${String(i).padStart(3, '0')}/lookup`, { token: tok('district', 'b') });
          expect(res.status).toBe(404);
        }
        const blocked = await t.request('GET', '/invite-codes/DEMO3A01/lookup', { token: tok('district', 'b') });
        expect(blocked.status).toBe(429);
        expect(blocked.body.code).toBe('RATE_LIMITED');
        // other users are not affected
        expect((await t.request('GET', '/invite-codes/DEMO3A01/lookup', { token: tok('contact', 'b') })).status).toBe(200);
        t.clock.advance(10 * 60_000 + 1000);
        expect((await t.request('GET', '/invite-codes/DEMO3A01/lookup', { token: tok('district', 'b') })).status).toBe(200);
      } finally {
        t.clock.reset();
      }
    });
  });

  it('leaves the chains verifiable', async () => {
    const audit = t.get<AuditService>(AuditService);
    for (const s of [ids.a.schoolId, ids.b.schoolId]) expect((await audit.verifyChain(s)).ok).toBe(true);
  });
});
