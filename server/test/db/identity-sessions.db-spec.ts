import { createHash } from 'node:crypto';
import { CHILD_DATA_CONSENT_VERSION, PRIVACY_GUIDE_VERSION } from '@anxin/shared';
import { BindingEntity } from '../../src/features/bindings/binding.entity';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { SessionEntity } from '../../src/features/identity/session.entity';
import { UserEntity } from '../../src/features/identity/user.entity';
import { SessionService } from '../../src/features/identity/session.service';
import { StaffRoleEntity } from '../../src/features/tenancy/staff-role.entity';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import { TeacherClassEntity } from '../../src/features/tenancy/teacher-class.entity';
import { statementLog } from '../support/statement-log';
import { TestApp } from '../support/test-app';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('sessions', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t?.stop());

  it('issues tokens of at least 128 random bits, different every time', async () => {
    const tokens = [await t.login('admin'), await t.login('admin'), await t.login('teacher')];
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    }
    expect(new Set(tokens).size).toBe(3);
  });

  it('stores only the SHA-256 of the token: the raw token appears nowhere in the database', async () => {
    const token = await t.login('principal');
    const hash = createHash('sha256').update(token).digest('hex');
    const rows = await t.ds.query('SELECT * FROM sessions');
    expect(rows.some((r: any) => r.token_hash === hash)).toBe(true);
    // every table, every column
    for (const meta of t.ds.entityMetadatas) {
      const dump = JSON.stringify(await t.ds.query(`SELECT * FROM ${meta.tableName}`));
      expect(dump).not.toContain(token);
    }
  });

  it('reads the sessions of requests arriving together together, each request answered by its own session', async () => {
    const roles = ['admin', 'teacher', 'principal', 'guardian', 'contact'] as const;
    const tokens = await Promise.all(roles.map((r) => t.login(r)));
    const revoked = await t.login('teacher');
    expect((await t.request('POST', '/auth/logout', { token: revoked })).status).toBeLessThan(300);
    const disabledUser = await t.ds.getRepository(UserEntity).findOneByOrFail({ id: ids.b.userIds.contact });
    const ofDisabled = await t.login('contact', 'b');
    const log = statementLog(t.ds);
    try {
      await t.ds.getRepository(UserEntity).update({ id: disabledUser.id }, { disabled: true });
      log.start();
      const at = await Promise.all([...tokens, ...tokens, revoked, ofDisabled].map((token) => t.request('GET', '/me', { token })));
      const seen = log.stop().filter((q) => /FROM\W+sessions/i.test(q));
      expect(at.map((r) => r.status)).toEqual([...Array(2 * roles.length).fill(200), 401, 401]);
      // Each request's caller is its own: /me names the user the token was issued to.
      const users = roles.map((r) => ids.a.userIds[r]);
      expect(at.slice(0, 2 * roles.length).map((r) => r.body.id)).toEqual([...users, ...users]);
      // Twelve requests, far fewer reads of the sessions table than one each.
      expect(seen.length).toBeLessThan(6);
    } finally {
      await t.ds.getRepository(UserEntity).update({ id: disabledUser.id }, { disabled: false });
    }
  });

  it('reads a staff member with several roles and classes in one statement: each role and each class once', async () => {
    const token = await t.login('teacher', 'a');
    const teacherId = ids.a.userIds.teacher;
    const others: string[] = (await t.ds.query('SELECT id FROM classes WHERE school_id = ? AND id <> ? ORDER BY id', [ids.a.schoolId, ids.a.teacherClassId]))
      .slice(0, 2).map((r: { id: string }) => r.id);
    expect(others).toHaveLength(2);
    const roles = t.ds.getRepository(StaffRoleEntity);
    const taught = t.ds.getRepository(TeacherClassEntity);
    // Two roles × three classes: six rows of the join, for one caller.
    const role = await roles.save(roles.create({ userId: teacherId, schoolId: ids.a.schoolId, districtId: null, role: 'contact', createdAt: new Date() }));
    const classes = await taught.save(others.map((classId) => taught.create({ userId: teacherId, classId, schoolId: ids.a.schoolId, isHead: false })));
    const log = statementLog(t.ds);
    try {
      log.start();
      const auth = await t.get(SessionService).resolve(token, { touch: false });
      expect(log.stop()).toHaveLength(1);
      expect(auth.userId).toBe(teacherId);
      expect(auth.roles).toHaveLength(2);
      expect(auth.roles).toEqual(expect.arrayContaining([
        { role: 'teacher', schoolId: ids.a.schoolId, districtId: null }, { role: 'contact', schoolId: ids.a.schoolId, districtId: null },
      ]));
      expect([...auth.teacherClassIds].sort()).toEqual([ids.a.teacherClassId, ...others].sort());
    } finally {
      await taught.remove(classes);
      await roles.remove(role);
    }
  });

  it('expires after the inactivity window, and activity slides it', async () => {
    // Idle time is counted in whole UTC days from the end of the last day of use (only days are stored).
    const idle = t.config.session.idleTtlHours * HOUR;
    const token = await t.login('teacher');
    t.clock.advance(idle - HOUR);
    expect((await t.request('GET', '/me', { token })).status).toBe(200); // activity moves the idle deadline
    t.clock.advance(idle - HOUR); // 2×idle−2h after login: alive only because of the activity
    expect((await t.request('GET', '/me', { token })).status).toBe(200);
    t.clock.advance(idle + DAY + 1000); // idle plus the rest of the last day of use
    const res = await t.request('GET', '/me', { token });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('SESSION_EXPIRED');
  });

  it('ends an idle session at 00:00 UTC once the idle days have passed after the last day of use', async () => {
    const idleDays = Math.ceil(t.config.session.idleTtlHours / 24);
    t.clock.set(new Date('2031-03-10T23:50:00.000Z'));
    const token = await t.login('teacher');
    t.clock.set(new Date(Date.parse('2031-03-11T00:00:00.000Z') + idleDays * DAY - 1000)); // the last second
    const alive = await t.request('GET', '/me', { token });
    expect(alive.status).toBe(200);
    // That use was on a new day: the idle deadline moved idleDays past the end of it.
    t.clock.set(new Date(Date.parse('2031-03-11T00:00:00.000Z') + (2 * idleDays) * DAY - 1000));
    expect((await t.request('GET', '/me', { token })).status).toBe(200);
    t.clock.set(new Date(Date.parse('2031-03-11T00:00:00.000Z') + (3 * idleDays) * DAY));
    expect((await t.request('GET', '/me', { token })).status).toBe(401);
  });

  it('keeps only days on the session row, and writes activity at most once a day', async () => {
    t.clock.set(new Date('2031-04-01T09:15:27.123Z'));
    const token = await t.login('principal');
    const hash = createHash('sha256').update(token).digest('hex');
    const row = await t.ds.getRepository(SessionEntity).findOneByOrFail({ tokenHash: hash });
    expect(row).toEqual(expect.objectContaining({
      createdOn: '2031-04-01', lastSeenOn: '2031-04-01', revokedOn: null,
      expiresOn: new Date(Date.parse('2031-04-01T00:00:00Z') + Math.floor(t.config.session.absoluteTtlHours / 24) * DAY).toISOString().slice(0, 10),
    }));
    t.clock.set(new Date('2031-04-01T22:00:00.000Z'));
    expect((await t.request('GET', '/me', { token })).status).toBe(200);
    expect((await t.ds.getRepository(SessionEntity).findOneByOrFail({ tokenHash: hash })).lastSeenOn).toBe('2031-04-01');
    t.clock.set(new Date('2031-04-03T00:00:01.000Z'));
    expect((await t.request('GET', '/me', { token })).status).toBe(200);
    expect((await t.ds.getRepository(SessionEntity).findOneByOrFail({ tokenHash: hash })).lastSeenOn).toBe('2031-04-03');
  });

  it('expires at the absolute limit even when used all the time', async () => {
    const { idleTtlHours, absoluteTtlHours } = t.config.session;
    expect(absoluteTtlHours).toBeGreaterThan(idleTtlHours);
    const token = await t.login('contact');
    const step = (idleTtlHours / 2) * HOUR;
    let elapsed = 0;
    while (elapsed + step < absoluteTtlHours * HOUR) {
      t.clock.advance(step);
      elapsed += step;
      expect((await t.request('GET', '/me', { token })).status).toBe(200);
    }
    t.clock.advance(absoluteTtlHours * HOUR - elapsed + 1000);
    const res = await t.request('GET', '/me', { token });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('SESSION_EXPIRED');
  });

  it('logout revokes that session only', async () => {
    const token = await t.login('admin');
    const other = await t.login('admin');
    const out = await t.request('POST', '/auth/logout', { token });
    expect(out.status).toBe(204);
    expect((await t.request('GET', '/me', { token })).status).toBe(401);
    expect((await t.request('POST', '/auth/logout', { token })).status).toBe(401);
    expect((await t.request('GET', '/me', { token: other })).status).toBe(200);
    const row = await t.ds.getRepository(SessionEntity).findOneByOrFail({ tokenHash: createHash('sha256').update(token).digest('hex') });
    expect(row.revokedOn).toBe(t.clock.now().toISOString().slice(0, 10));
  });

  it("a disabled user's token stops working at once", async () => {
    const token = await t.login('teacher', 'b');
    expect((await t.request('GET', '/me', { token })).status).toBe(200);
    await t.ds.getRepository(UserEntity).update({ id: ids.b.userIds.teacher }, { disabled: true });
    try {
      const res = await t.request('GET', '/me', { token });
      expect(res.status).toBe(401);
      const sessionsBefore = await t.ds.getRepository(SessionEntity).count({ where: { userId: ids.b.userIds.teacher } });
      const again = await t.request('POST', '/auth/dev', { body: { role: 'teacher', school: 'b' } });
      expect(again.status).toBe(401);
      expect(again.body.token).toBeUndefined();
      expect(await t.ds.getRepository(SessionEntity).count({ where: { userId: ids.b.userIds.teacher } })).toBe(sessionsBefore);
    } finally {
      await t.ds.getRepository(UserEntity).update({ id: ids.b.userIds.teacher }, { disabled: false });
    }
  });

  it.each([
    ['no header', undefined],
    ['a made-up token', 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a malformed header', 'Basic dXNlcjpwYXNz'],
    ['the hash instead of the token', 'hash'],
  ])('answers 401 with the error shape for %s', async (_, header) => {
    let authorization = header;
    if (header === 'hash') {
      const token = await t.login('admin');
      authorization = `Bearer ${createHash('sha256').update(token).digest('hex')}`;
    }
    const res = await t.request('GET', '/me', { headers: authorization ? { authorization } : {} });
    expect(res.status).toBe(401);
    expect(Object.keys(res.body).sort()).toEqual(['code', 'message']);
  });
});

describe('GET /me and consents', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
  });
  afterAll(() => t?.stop());

  it('shows a school role with its school', async () => {
    const res = await t.request('GET', '/me', { token: await t.login('admin') });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: ids.a.userIds.admin,
      displayName: '王主任',
      roles: [{ role: 'admin', schoolId: ids.a.schoolId, schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: [] }],
      schools: [{ id: ids.a.schoolId, name: '阳光实验小学' }],
      students: [],
      privacyGuideAcceptedVersion: null,
      isDemo: true,
    });
  });

  it("shows a teacher's classes and a district officer's district", async () => {
    const teacher = (await t.request('GET', '/me', { token: await t.login('teacher', 'b') })).body;
    expect(teacher.roles).toEqual([expect.objectContaining({ role: 'teacher', schoolId: ids.b.schoolId, classIds: [ids.b.teacherClassId] })]);
    const officer = (await t.request('GET', '/me', { token: await t.login('district') })).body;
    expect(officer.roles).toEqual([{ role: 'district_officer', schoolId: null, schoolName: null, districtId: ids.a.districtId, districtName: '示范区教育局', classIds: [] }]);
  });

  it("shows a guardian's bound children and never the session_key or openid", async () => {
    const student = await t.ds.getRepository(StudentEntity).findOneByOrFail({ classId: ids.a.teacherClassId, name: '王小明' });
    await t.ds.getRepository(BindingEntity).save({
      guardianUserId: ids.a.userIds.guardian, studentId: student.id, classId: ids.a.teacherClassId, schoolId: ids.a.schoolId,
      relation: 'mother', status: 'approved', autoApproved: true, decidedBy: null, decidedAt: new Date(), rejectReason: null, createdAt: new Date(),
    });
    await t.ds.getRepository(UserEntity).update({ id: ids.a.userIds.guardian }, { wxSessionKey: 'U0VDUkVULVNFU1NJT04tS0VZ' });
    const res = await t.request('GET', '/me', { token: await t.login('guardian') });
    expect(res.status).toBe(200);
    expect(res.body.roles).toEqual([]);
    expect(res.body.schools).toEqual([{ id: ids.a.schoolId, name: '阳光实验小学' }]);
    expect(res.body.students).toEqual([{
      bindingId: expect.any(String), studentId: student.id, studentName: '王小明', schoolId: ids.a.schoolId, schoolName: '阳光实验小学',
      classId: ids.a.teacherClassId, className: '三年级1班', relation: 'mother', status: 'approved', rejectReason: null,
    }]);
    const raw = res.raw.toString();
    expect(raw).not.toContain('U0VDUkVULVNFU1NJT04tS0VZ');
    expect(raw).not.toContain('demo:guardian');
    expect(raw).not.toMatch(/session_?key|openid/i);
  });

  it('records the privacy guide consent and shows its version', async () => {
    const token = await t.login('student');
    const res = await t.request('POST', '/me/consents', { token, body: { kind: 'privacy_guide', version: PRIVACY_GUIDE_VERSION } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), kind: 'privacy_guide', version: PRIVACY_GUIDE_VERSION, studentId: null, givenOn: t.clock.now().toISOString().slice(0, 10) });
    expect((await t.request('GET', '/me', { token })).body.privacyGuideAcceptedVersion).toBe(PRIVACY_GUIDE_VERSION);
  });

  it("records a guardian's consent for a bound child only", async () => {
    const token = await t.login('guardian');
    const me = (await t.request('GET', '/me', { token })).body;
    const bound = me.students[0].studentId;
    const ok = await t.request('POST', '/me/consents', { token, body: { kind: 'child_data', version: CHILD_DATA_CONSENT_VERSION, studentId: bound } });
    expect(ok.status).toBe(201);
    expect(ok.body.studentId).toBe(bound);

    const missing = await t.request('POST', '/me/consents', { token, body: { kind: 'child_data', version: CHILD_DATA_CONSENT_VERSION } });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');

    const other = await t.ds.getRepository(StudentEntity).findOneByOrFail({ classId: ids.b.teacherClassId, name: '郑晓东' });
    const notMine = await t.request('POST', '/me/consents', { token, body: { kind: 'child_data', version: CHILD_DATA_CONSENT_VERSION, studentId: other.id } });
    expect(notMine.status).toBe(404);

    const badKind = await t.request('POST', '/me/consents', { token, body: { kind: 'everything', version: 'x' } });
    expect(badKind.status).toBe(400);
    expect(badKind.body.details).toEqual([expect.objectContaining({ field: 'kind' })]);
  });
});
