import { formatDate, schoolYearLabel } from '@anxin/shared';
import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { inTransaction } from '../../src/platform/database/transaction';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import { TestApp } from '../support/test-app';
import { districtWithOfficer, wechatLogin } from './onboarding-helpers';
import { openRequest } from './pledges-helpers';

/**
 * The district console and a school's set-up checklist: a district officer adds schools (name, 学段, address,
 * 学校标识码 unique within the district) and sees which have finished setting up; a school's administrator and
 * principal see the checklist, whose rows turn done as the school does each thing (and the poster row undone again
 * when the contact it printed is replaced). Another district's officer gets 404; school staff cannot add schools.
 */
describe('district console and school set-up checklist', () => {
  let t: TestApp;
  let fake: FakeWechat;
  let a: { districtId: string; token: string; userId: string };
  let b: { districtId: string; token: string; userId: string };

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_APPID: 'wx-onboarding-test', WECHAT_SECRET: 's', WECHAT_API_BASE: fake.url } });
    a = await districtWithOfficer(t, { name: '成都市武侯区教育局', code: '510107', officer: 'officer-wuhou', officerName: '刘芳' });
    b = await districtWithOfficer(t, { name: '成都市锦江区教育局', code: '510104', officer: 'officer-jinjiang', officerName: '赵磊' });
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  const createSchool = (token: string, districtId: string, body: Record<string, unknown>) => t.request('POST', `/districts/${districtId}/schools`, { token, body });
  const setup = async (token: string, schoolId: string) => {
    const res = await t.request('GET', `/schools/${schoolId}/setup`, { token });
    if (res.status !== 200) throw new Error(`GET setup: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { done: number; total: number; complete: boolean; items: { key: string; status: string; detail: string; at: string | null }[] };
  };
  const statusOf = (s: { items: { key: string; status: string }[] }) => Object.fromEntries(s.items.map((i) => [i.key, i.status]));

  it('a district officer adds schools with 学段, address and 学校标识码, unique within the district; recorded in both chains', async () => {
    const res = await createSchool(a.token, a.districtId, { name: ' 武侯实验中学 ', stage: 'junior', address: '成都市武侯区玉林路 1 号', nationalCode: '2151010701' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '武侯实验中学', districtId: a.districtId, stage: 'junior', address: '成都市武侯区玉林路 1 号', nationalCode: '2151010701' });
    const bare = await createSchool(a.token, a.districtId, { name: '武侯小学', stage: 'primary' });
    expect(bare.body).toMatchObject({ stage: 'primary', address: null, nationalCode: null });
    expect((await createSchool(a.token, a.districtId, { name: '武侯二小', stage: 'primary', address: '' })).body.address).toBeNull();

    const sameCode = await createSchool(a.token, a.districtId, { name: '另一所学校', stage: 'primary', nationalCode: '2151010701' });
    expect(sameCode.status).toBe(409);
    expect(sameCode.body.message).toContain('2151010701');
    // another district may hold the same code: it does not learn of the first
    expect((await createSchool(b.token, b.districtId, { name: '锦江中学', stage: 'senior', nationalCode: '2151010701' })).status).toBe(201);

    for (const body of [{ name: '缺学段' }, { name: '错学段', stage: 'college' }, { name: '错代码', stage: 'primary', nationalCode: '12345' }, { name: '空', stage: 'primary', nationalCode: null }]) {
      const bad = await createSchool(a.token, a.districtId, body);
      expect({ body, status: bad.status, code: bad.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }

    const districtChain = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: a.districtId, action: 'school.created' } });
    expect(districtChain.map((e) => e.targetId)).toEqual(expect.arrayContaining([res.body.id, bare.body.id]));
    expect(await t.ds.getRepository(AuditEntryEntity).count({ where: { schoolId: res.body.id, action: 'school.created' } })).toBe(1);
  });

  it('another district\'s officer sees and adds nothing in this district (404); school staff add no schools (403)', async () => {
    expect((await createSchool(b.token, a.districtId, { name: '越权学校', stage: 'primary' })).status).toBe(404);
    expect((await t.request('GET', `/districts/${a.districtId}/setup`, { token: b.token })).status).toBe(404);
    expect((await t.request('GET', `/districts/${a.districtId}/schools`, { token: b.token })).status).toBe(404);

    const school = (await createSchool(a.token, a.districtId, { name: '权限测试小学', stage: 'primary' })).body.id;
    expect((await t.request('GET', `/schools/${school}/setup`, { token: b.token })).status).toBe(403); // an officer holds no school.manage
    const principalInvite = await t.request('POST', `/schools/${school}/principal-invites`, { token: a.token });
    const principal = await wechatLogin(t, 'principal-perm');
    expect((await t.request('POST', '/onboarding/redeem', { token: principal.token, body: { code: principalInvite.body.code } })).status).toBe(200);
    const refused = await createSchool(principal.token, a.districtId, { name: '校长建的学校', stage: 'primary' });
    expect(refused.status).toBe(403);
    expect((await t.request('GET', `/districts/${a.districtId}/setup`, { token: principal.token })).status).toBe(403);
  });

  it('the checklist turns done row by row as the school sets up, up to the first letter home and a test tip the contact acknowledged; the pledge is shown, never counted', async () => {
    const schoolId = (await createSchool(a.token, a.districtId, { name: '清单小学', stage: 'primary' })).body.id;
    const adminInvite = (await t.request('POST', `/schools/${schoolId}/admin-invites`, { token: a.token })).body;
    const admin = await wechatLogin(t, 'admin-checklist');
    expect((await t.request('POST', '/onboarding/redeem', { token: admin.token, body: { code: adminInvite.code, name: '何老师' } })).status).toBe(200);

    let s = await setup(admin.token, schoolId);
    expect(s.items.map((i) => i.key)).toEqual(['contact', 'contact_alerts', 'committee', 'roster', 'class_teachers', 'poster', 'letter_home', 'tip_test', 'pledge']);
    expect(s).toMatchObject({ done: 0, total: 9, complete: false });
    expect(statusOf(s)).toMatchObject({ letter_home: 'todo', tip_test: 'todo', pledge: 'todo' });
    expect(s.items[0].detail).toContain('还没有校长');

    // the principal, from the district
    const principal = await wechatLogin(t, 'principal-checklist');
    const pInvite = (await t.request('POST', `/schools/${schoolId}/principal-invites`, { token: a.token })).body;
    expect((await t.request('POST', '/onboarding/redeem', { token: principal.token, body: { code: pInvite.code, name: '马校长' } })).status).toBe(200);
    expect((await setup(principal.token, schoolId)).items[0].detail).toContain('由校长');

    // a class (the roster's work) and its teacher
    const grade = (await t.request('POST', `/schools/${schoolId}/grades`, { token: admin.token, body: { name: '三年级' } })).body;
    const cls = (await t.request('POST', `/schools/${schoolId}/classes`, { token: admin.token, body: { gradeId: grade.id, name: '1班' } })).body;
    s = await setup(admin.token, schoolId);
    expect(statusOf(s)).toMatchObject({ roster: 'todo', class_teachers: 'todo' });
    expect(s.items.find((i) => i.key === 'class_teachers')!.detail).toContain('1 个班级中还有 1 个没有教师');
    const teacherInvite = (await t.request('POST', `/schools/${schoolId}/staff-invites`, { token: admin.token, body: { role: 'teacher', classIds: [cls.id] } })).body;
    const teacher = await wechatLogin(t, 'teacher-checklist');
    expect((await t.request('POST', '/onboarding/redeem', { token: teacher.token, body: { code: teacherInvite.code, name: '黄老师' } })).status).toBe(200);
    await inTransaction(t.ds, (m) => m.save(m.create(StudentEntity, [
      { schoolId, classId: cls.id, name: '张小明', studentNo: 'G5101070001', gender: 'M', createdAt: new Date(), updatedAt: new Date() },
      { schoolId, classId: cls.id, name: '李小红', studentNo: 'G5101070002', gender: 'F', createdAt: new Date(), updatedAt: new Date() },
    ])));
    s = await setup(admin.token, schoolId);
    expect(statusOf(s)).toMatchObject({ roster: 'done', class_teachers: 'done', contact: 'todo', committee: 'todo' });
    expect(s.items.find((i) => i.key === 'roster')!.detail).toBe('已导入 2 名学生');
    // a teacher does not see the checklist; another district's officer does not see the school
    expect((await t.request('GET', `/schools/${schoolId}/setup`, { token: teacher.token })).status).toBe(403);

    // the contact, named by the principal, and their WeChat alerts
    expect((await t.request('PUT', `/schools/${schoolId}/contact`, { token: principal.token, body: { userId: teacher.userId, name: '黄老师', phone: '028-85550000' } })).status).toBe(200);
    s = await setup(admin.token, schoolId);
    expect(statusOf(s)).toMatchObject({ contact: 'done', contact_alerts: 'todo', poster: 'todo' });
    expect(s.items[0].detail).toBe('黄老师 · 028-85550000');
    expect((await t.request('POST', '/me/subscriptions', { token: teacher.token, body: { results: [{ templateId: 'dev-tip-new', result: 'accept' }] } })).status).toBe(201);
    expect(statusOf(await setup(admin.token, schoolId)).contact_alerts).toBe('done');

    // a committee member, invited by the principal
    const committeeInvite = (await t.request('POST', `/schools/${schoolId}/staff-invites`, { token: principal.token, body: { role: 'committee' } })).body;
    const member = await wechatLogin(t, 'committee-checklist');
    expect((await t.request('POST', '/onboarding/redeem', { token: member.token, body: { code: committeeInvite.code } })).status).toBe(200);

    // the tip-box poster: done once downloaded, undone when the contact it printed changes
    const poster = await t.request('GET', `/schools/${schoolId}/poster.pdf`, { token: admin.token });
    expect(poster.status).toBe(200);
    s = await setup(principal.token, schoolId);
    expect(s).toMatchObject({ done: 6, total: 9, complete: false });
    expect(s.items.find((i) => i.key === 'poster')!.at).toEqual(expect.any(String));

    // the first letter home: a draft does not count, a published letter does
    const letter = await t.request('POST', `/schools/${schoolId}/notices`, {
      token: principal.token,
      body: { kind: 'letter', title: '致家长的一封信', body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '各位家长：本学期学校开展防范校园欺凌教育。' }] }] }, confirmMode: 'confirm', audience: { scope: 'school' } },
    });
    expect(letter.status).toBe(201);
    expect(statusOf(await setup(principal.token, schoolId)).letter_home).toBe('todo');
    expect((await t.request('POST', `/notices/${letter.body.id}/publish`, { token: principal.token, body: {} })).status).toBe(200);
    s = await setup(principal.token, schoolId);
    expect(s).toMatchObject({ done: 7, total: 9, complete: false });
    expect(s.items.find((i) => i.key === 'letter_home')).toMatchObject({ status: 'done', at: expect.any(String) });

    // the tip box tested: a test tip sent by the admin is todo until the designated contact acknowledges it
    const sent = await t.request('POST', `/schools/${schoolId}/test-tips`, { token: admin.token });
    expect(sent.status).toBe(201);
    s = await setup(principal.token, schoolId);
    expect(s.items.find((i) => i.key === 'tip_test')).toMatchObject({ status: 'todo', detail: '测试举报已发出，等负责人在倾诉信箱中受理', at: null });
    expect((await t.request('POST', `/tips/${sent.body.tipId}/ack`, { token: teacher.token, body: {} })).status).toBe(200);
    s = await setup(principal.token, schoolId);
    expect(s).toMatchObject({ done: 8, total: 9, complete: false });
    expect(s.items.find((i) => i.key === 'tip_test')).toMatchObject({ status: 'done', at: expect.any(String), detail: expect.stringContaining('负责人已受理测试举报') });

    // this school year's pledge: next year's does not count, this year's does
    const thisYear = schoolYearLabel(formatDate(t.clock.now()));
    const nextYear = schoolYearLabel(formatDate(new Date(t.clock.now().getTime() + 366 * 86_400_000)));
    const deadline = formatDate(new Date(t.clock.now().getTime() + 14 * 86_400_000));
    expect((await t.request('POST', `/schools/${schoolId}/pledges`, { token: principal.token, body: openRequest({ schoolYear: nextYear, deadline }) })).status).toBe(201);
    expect(statusOf(await setup(principal.token, schoolId)).pledge).toBe('todo');
    expect((await t.request('POST', `/schools/${schoolId}/pledges`, { token: principal.token, body: openRequest({ schoolYear: thisYear, deadline }) })).status).toBe(201);
    s = await setup(principal.token, schoolId);
    expect(s).toMatchObject({ done: 9, total: 9, complete: true });
    expect(s.items.find((i) => i.key === 'pledge')).toMatchObject({ status: 'done', at: expect.any(String), detail: `已开启 ${thisYear} 学年的承诺书` });

    const console1 = await t.request('GET', `/districts/${a.districtId}/setup`, { token: a.token });
    expect(console1.status).toBe(200);
    const row = console1.body.schools.find((x: { id: string }) => x.id === schoolId);
    expect(row).toMatchObject({ name: '清单小学', stage: 'primary', hasAdmin: true, hasPrincipal: true, done: 9, total: 9, complete: true });
    // schools still setting up come first
    const order = console1.body.schools.map((x: { complete: boolean }) => x.complete);
    expect(order).toEqual([...order].sort((x: boolean, y: boolean) => Number(x) - Number(y)));
    expect(console1.body.schoolsComplete).toBe(1);
    expect(console1.body.district).toEqual({ id: a.districtId, name: '成都市武侯区教育局', code: '510107' });
    expect(console1.body.officers).toEqual([{ displayName: '刘芳' }]);
    // counts, names of staff: no student, no user id, no phone of anyone but the published contact
    const text = JSON.stringify(console1.body);
    for (const secret of ['张小明', '李小红', teacher.userId, admin.userId]) expect(text).not.toContain(secret);

    expect((await t.request('PUT', `/schools/${schoolId}/contact`, { token: principal.token, body: { userId: teacher.userId, name: '黄老师', phone: '028-85551111' } })).status).toBe(200);
    s = await setup(admin.token, schoolId);
    expect(statusOf(s).poster).toBe('todo');
    expect(s.items.find((i) => i.key === 'poster')!.detail).toContain('已更换');
    expect(s.complete).toBe(false);
  });
});
