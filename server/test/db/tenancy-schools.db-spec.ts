import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { AuditService } from '../../src/platform/audit/audit.service';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { StaffRoleEntity } from '../../src/features/tenancy/staff-role.entity';
import { TestApp } from '../support/test-app';

describe('tenancy: schools, districts, grades, classes, students (real database)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tokens: Record<string, string> = {};
  const tok = (role: 'guardian' | 'teacher' | 'contact' | 'principal' | 'admin' | 'district', school: 'a' | 'b' = 'a') => tokens[`${role}:${school}`];
  const actions = async (schoolId: string, action: string) =>
    t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId, action }, order: { seq: 'ASC' } });

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
    for (const school of ['a', 'b'] as const) {
      for (const role of ['guardian', 'teacher', 'contact', 'principal', 'admin', 'district'] as const) tokens[`${role}:${school}`] = await t.login(role, school);
    }
  });
  afterAll(() => t?.stop());

  describe('public card', () => {
    it('shows name, designated contact and the emergency numbers without a login', async () => {
      const res = await t.request('GET', `/schools/${ids.a.schoolId}/public`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: ids.a.schoolId, name: '阳光实验小学', contact: { name: '张静', phone: '010-62345678' },
        emergencyNumbers: [{ name: '报警电话', number: '110' }, { name: '青少年维权热线', number: '12355' }],
      });
    });
    it('is 404 for an unknown school and 400 for a malformed id', async () => {
      expect((await t.request('GET', '/schools/00000000-0000-4000-8000-000000000000/public')).status).toBe(404);
      expect((await t.request('GET', '/schools/not-a-uuid/public')).status).toBe(400);
    });
  });

  describe('school record', () => {
    it('is readable by its own staff and district, 404 for another school, 403 for a guardian', async () => {
      expect((await t.request('GET', `/schools/${ids.a.schoolId}`, { token: tok('teacher') })).body.name).toBe('阳光实验小学');
      expect((await t.request('GET', `/schools/${ids.a.schoolId}`, { token: tok('district') })).status).toBe(200);
      const other = await t.request('GET', `/schools/${ids.a.schoolId}`, { token: tok('admin', 'b') });
      expect(other.status).toBe(404);
      expect(other.body.code).toBe('NOT_FOUND');
      expect((await t.request('GET', `/schools/${ids.a.schoolId}`, { token: tok('district', 'b') })).status).toBe(404);
      expect((await t.request('GET', `/schools/${ids.a.schoolId}`, { token: tok('guardian') })).status).toBe(403);
    });

    it('is renamed by the principal (audited), not by a teacher or another school', async () => {
      expect((await t.request('PATCH', `/schools/${ids.a.schoolId}`, { token: tok('teacher'), body: { name: 'x' } })).status).toBe(403);
      expect((await t.request('PATCH', `/schools/${ids.a.schoolId}`, { token: tok('principal', 'b'), body: { name: 'x' } })).status).toBe(404);
      expect((await t.request('PATCH', `/schools/${ids.a.schoolId}`, { token: tok('principal'), body: { name: '  ' } })).status).toBe(400);
      const res = await t.request('PATCH', `/schools/${ids.a.schoolId}`, { token: tok('principal'), body: { name: '阳光实验小学（本部）' } });
      expect(res.status).toBe(200);
      expect(res.body.name).toBe('阳光实验小学（本部）');
      const [entry] = await actions(ids.a.schoolId, 'school.updated');
      expect(entry.details).toEqual({ old: { name: '阳光实验小学' }, new: { name: '阳光实验小学（本部）' } });
      await t.request('PATCH', `/schools/${ids.a.schoolId}`, { token: tok('principal'), body: { name: '阳光实验小学' } });
    });
  });

  describe('designated contact', () => {
    it('must be a staff user of the school', async () => {
      const res = await t.request('PUT', `/schools/${ids.a.schoolId}/contact`, {
        token: tok('principal'), body: { userId: ids.a.userIds.guardian, name: '刘女士', phone: '13800000009' },
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CONTACT_NOT_STAFF');
      const otherSchoolStaff = await t.request('PUT', `/schools/${ids.a.schoolId}/contact`, {
        token: tok('principal'), body: { userId: ids.b.userIds.teacher, name: '吴老师', phone: '13800000009' },
      });
      expect(otherSchoolStaff.status).toBe(422);
    });

    it('is changed by the principal: the contact role moves, the public card follows, old and new are audited', async () => {
      const res = await t.request('PUT', `/schools/${ids.a.schoolId}/contact`, {
        token: tok('principal'), body: { userId: ids.a.userIds.teacher, name: '陈老师', phone: '010-60000000' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ contactUserId: ids.a.userIds.teacher, contactName: '陈老师', contactPhone: '010-60000000' });
      expect((await t.request('GET', `/schools/${ids.a.schoolId}/public`)).body.contact).toEqual({ name: '陈老师', phone: '010-60000000' });
      const roles = await t.ds.getRepository(StaffRoleEntity).find({ where: { userId: ids.a.userIds.teacher, schoolId: ids.a.schoolId } });
      expect(roles.map((r) => r.role).sort()).toEqual(['contact', 'teacher']);
      const [changed] = await actions(ids.a.schoolId, 'contact.changed');
      expect(changed.details).toEqual({
        old: { userId: ids.a.userIds.contact, name: '张静', phone: '010-62345678' },
        new: { userId: ids.a.userIds.teacher, name: '陈老师', phone: '010-60000000' },
      });
      const granted = await actions(ids.a.schoolId, 'role.granted');
      expect(granted.some((e) => e.details.userId === ids.a.userIds.teacher && e.details.role === 'contact')).toBe(true);
      // the previous contact lost the role with it
      const oldRoles = await t.ds.getRepository(StaffRoleEntity).find({ where: { userId: ids.a.userIds.contact, schoolId: ids.a.schoolId } });
      expect(oldRoles).toEqual([]);
      // an admin or a teacher may not change it; another school's principal does not see the school
      expect((await t.request('PUT', `/schools/${ids.a.schoolId}/contact`, { token: tok('admin'), body: { userId: ids.a.userIds.teacher, name: '陈老师', phone: '010-62345678' } })).status).toBe(403);
      expect((await t.request('PUT', `/schools/${ids.a.schoolId}/contact`, { token: tok('teacher'), body: { userId: ids.a.userIds.teacher, name: '张静', phone: '010-62345678' } })).status).toBe(403);
      expect((await t.request('PUT', `/schools/${ids.a.schoolId}/contact`, { token: tok('principal', 'b'), body: { userId: ids.a.userIds.teacher, name: '张静', phone: '010-62345678' } })).status).toBe(404);
      // back to the demo contact: they join the staff again (a teacher invite), then the principal names them
      const invite = await t.request('POST', `/schools/${ids.a.schoolId}/staff-invites`, { token: tok('principal'), body: { role: 'teacher' } });
      expect((await t.request('POST', '/staff-invites/redeem', { token: tok('contact'), body: { code: invite.body.code } })).status).toBe(200);
      expect((await t.request('PUT', `/schools/${ids.a.schoolId}/contact`, { token: tok('principal'), body: { userId: ids.a.userIds.contact, name: '张静', phone: '010-62345678' } })).status).toBe(200);
    });
  });

  describe('districts', () => {
    it('district officers list and add schools of their own district only', async () => {
      const list = await t.request('GET', `/districts/${ids.a.districtId}/schools`, { token: tok('district') });
      expect(list.status).toBe(200);
      expect(list.body.map((s: any) => s.id)).toEqual([ids.a.schoolId]);
      expect((await t.request('GET', `/districts/${ids.a.districtId}/schools`, { token: tok('district', 'b') })).status).toBe(404);
      expect((await t.request('GET', `/districts/${ids.a.districtId}/schools`, { token: tok('admin') })).status).toBe(403);

      const created = await t.request('POST', `/districts/${ids.a.districtId}/schools`, { token: tok('district'), body: { name: '阳光第二小学', stage: 'primary' } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ districtId: ids.a.districtId, name: '阳光第二小学', contactName: null });
      expect((await actions(created.body.id, 'school.created')).length).toBe(1);
      expect((await t.request('POST', `/districts/${ids.a.districtId}/schools`, { token: tok('district'), body: { name: '阳光第二小学', stage: 'primary' } })).status).toBe(409);
      expect((await t.request('POST', `/districts/${ids.a.districtId}/schools`, { token: tok('district', 'b'), body: { name: '越权学校', stage: 'primary' } })).status).toBe(404);
      expect((await t.request('POST', `/districts/${ids.a.districtId}/schools`, { token: tok('principal'), body: { name: '越权学校', stage: 'primary' } })).status).toBe(403);
      // the district officer can now read the new school (district tie), its public card has no contact yet
      expect((await t.request('GET', `/schools/${created.body.id}`, { token: tok('district') })).status).toBe(200);
      expect((await t.request('GET', `/schools/${created.body.id}/public`)).body.contact).toBeNull();
    });
  });

  describe('grades and classes', () => {
    it('creates grades and classes with normalised names, refuses duplicates and other schools', async () => {
      const grade = await t.request('POST', `/schools/${ids.a.schoolId}/grades`, { token: tok('admin'), body: { name: '5年级' } });
      expect(grade.status).toBe(201);
      expect(grade.body).toMatchObject({ name: '五年级', sort: 5, schoolId: ids.a.schoolId });
      expect((await t.request('POST', `/schools/${ids.a.schoolId}/grades`, { token: tok('admin'), body: { name: '五年级' } })).status).toBe(409);
      expect((await t.request('POST', `/schools/${ids.a.schoolId}/grades`, { token: tok('teacher'), body: { name: '六年级' } })).status).toBe(403);
      expect((await t.request('POST', `/schools/${ids.a.schoolId}/grades`, { token: tok('admin', 'b'), body: { name: '六年级' } })).status).toBe(404);

      const cls = await t.request('POST', `/schools/${ids.a.schoolId}/classes`, { token: tok('admin'), body: { gradeId: grade.body.id, name: '（2）班' } });
      expect(cls.status).toBe(201);
      expect(cls.body).toMatchObject({ name: '2班', gradeId: grade.body.id, gradeName: '五年级' });
      expect((await t.request('POST', `/schools/${ids.a.schoolId}/classes`, { token: tok('admin'), body: { gradeId: grade.body.id, name: '2班' } })).status).toBe(409);
      const gradeB = (await t.request('GET', `/schools/${ids.b.schoolId}/grades`, { token: tok('admin', 'b') })).body[0];
      expect((await t.request('POST', `/schools/${ids.a.schoolId}/classes`, { token: tok('admin'), body: { gradeId: gradeB.id, name: '3班' } })).status).toBe(404);

      const grades = await t.request('GET', `/schools/${ids.a.schoolId}/grades`, { token: tok('teacher') });
      expect(grades.body.map((g: any) => g.name)).toEqual(['三年级', '四年级', '五年级']);
      const classes = await t.request('GET', `/schools/${ids.a.schoolId}/classes`, { token: tok('teacher') });
      expect(classes.body.map((c: any) => `${c.gradeName}${c.name}`)).toEqual(['三年级1班', '三年级2班', '四年级1班', '五年级2班']);
      expect((await t.request('GET', `/schools/${ids.a.schoolId}/classes`, { token: tok('teacher', 'b') })).status).toBe(404);
    });
  });

  describe('class roster', () => {
    it('a teacher reads their own class only; school B gets 404; guardians 403', async () => {
      const own = await t.request('GET', `/classes/${ids.a.teacherClassId}/students`, { token: tok('teacher') });
      expect(own.status).toBe(200);
      expect(own.body).toHaveLength(8);
      expect(own.body.map((s: any) => s.name)).toContain('王小明');
      const otherClass = ids.a.classIds.find((c) => c !== ids.a.teacherClassId)!;
      expect((await t.request('GET', `/classes/${otherClass}/students`, { token: tok('teacher') })).status).toBe(403);
      expect((await t.request('GET', `/classes/${otherClass}/students`, { token: tok('principal') })).status).toBe(200);
      expect((await t.request('GET', `/classes/${ids.a.teacherClassId}/students`, { token: tok('teacher', 'b') })).status).toBe(404);
      expect((await t.request('GET', `/classes/${ids.a.teacherClassId}/students`, { token: tok('principal', 'b') })).status).toBe(404);
      expect((await t.request('GET', `/classes/${ids.a.teacherClassId}/students`, { token: tok('guardian') })).status).toBe(403);
    });
  });

  it('leaves every school chain verifiable', async () => {
    const audit = t.get<AuditService>(AuditService);
    for (const s of [ids.a.schoolId, ids.b.schoolId]) expect((await audit.verifyChain(s)).ok).toBe(true);
  });
});
