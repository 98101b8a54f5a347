import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { inTransaction } from '../../src/platform/database/transaction';
import { OnboardingInviteEntity } from '../../src/features/onboarding/onboarding-invite.entity';
import { StaffRoleEntity } from '../../src/features/tenancy/staff-role.entity';
import { TestApp } from '../support/test-app';
import { adminCli, districtWithOfficer, printedCode, wechatLogin } from './onboarding-helpers';
import { pinClockToFreshWindow } from './tips-helpers';

const HOUR = 3600_000;

/**
 * Redeeming onboarding invites (`POST /onboarding/redeem`): a district officer's from the command line, a school's
 * first administrator's from a district officer (`POST /schools/{id}/admin-invites`). Expiry by the server's clock,
 * single use, the wrong district, who may make an administrator invite, the shared attempt limit, and ordinary staff
 * invites through the same route.
 */
describe('onboarding invites', () => {
  let t: TestApp;
  let fake: FakeWechat;
  let a: { districtId: string; token: string; userId: string };
  let b: { districtId: string; token: string; userId: string };
  let schoolA: string;
  let schoolB: string;

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_APPID: 'wx-onboarding-test', WECHAT_SECRET: 's', WECHAT_API_BASE: fake.url } });
    a = await districtWithOfficer(t, { name: '杭州市西湖区教育局', code: '330106', officer: 'officer-xihu', officerName: '周敏' });
    b = await districtWithOfficer(t, { name: '宁波市鄞州区教育局', code: '330212', officer: 'officer-yinzhou', officerName: '吴刚' });
    schoolA = (await t.request('POST', `/districts/${a.districtId}/schools`, { token: a.token, body: { name: '西湖小学', stage: 'primary' } })).body.id;
    schoolB = (await t.request('POST', `/districts/${b.districtId}/schools`, { token: b.token, body: { name: '鄞州中学', stage: 'senior' } })).body.id;
  });
  afterEach(() => t.clock.reset());
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  const redeem = (token: string, code: string, name?: string) => t.request('POST', '/onboarding/redeem', { token, body: { code, ...(name ? { name } : {}) } });

  it('an officer invite works once: the same person again gets the same answer, anyone else 409; a wrong code 404', async () => {
    const code = printedCode((await adminCli(t, 'grant-officer', '--district', '330106')).out);
    const first = await wechatLogin(t, 'officer-a2');
    const ok = await redeem(first.token, code.toLowerCase().replace(/(.{4})/g, '$1-'), '郑洁'); // typed in lower case, with dashes
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ role: 'district_officer', districtId: a.districtId, districtName: '杭州市西湖区教育局' });
    expect((await redeem(first.token, code)).status).toBe(200); // a retried request
    expect(await t.ds.getRepository(StaffRoleEntity).count({ where: { userId: first.userId, role: 'district_officer' } })).toBe(1);

    const other = await wechatLogin(t, 'someone-else');
    const used = await redeem(other.token, code);
    expect(used.status).toBe(409);
    expect(used.body).toMatchObject({ code: 'ONBOARDING_INVITE_USED', message: expect.stringContaining('已经被使用过') });
    expect((await t.request('GET', '/me', { token: other.token })).body.roles).toEqual([]);

    const wrong = await redeem(other.token, 'ABCDEFGHJKMN');
    expect(wrong.status).toBe(404);
    expect(wrong.body.message).toMatch(/邀请码/);
  });

  it('expires 72 hours after it was made, by the server clock', async () => {
    const fresh = printedCode((await adminCli(t, 'grant-officer', '--district', '330106')).out);
    const stale = printedCode((await adminCli(t, 'grant-officer', '--district', '330106')).out);
    t.clock.advance(72 * HOUR - 60_000);
    const early = await wechatLogin(t, 'officer-in-time');
    expect((await redeem(early.token, fresh)).status).toBe(200);
    t.clock.advance(2 * 60_000);
    const late = await wechatLogin(t, 'officer-too-late');
    const expired = await redeem(late.token, stale);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ code: 'ONBOARDING_INVITE_EXPIRED', message: expect.stringContaining('已过期') });
    expect((await t.request('GET', '/me', { token: late.token })).body.roles).toEqual([]);
  });

  it('a district officer invites the first administrator of a school of their own district only; others are refused', async () => {
    const made = await t.request('POST', `/schools/${schoolA}/admin-invites`, { token: a.token });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ kind: 'school_admin', districtId: a.districtId, schoolId: schoolA, code: expect.stringMatching(/^[2-9A-HJ-NP-Z]{12}$/) });
    expect(made.body.qrPayload).toBe(`anxin://invite?code=${made.body.code}`);
    expect(made.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    // another district's officer: the school does not exist for them
    expect((await t.request('POST', `/schools/${schoolA}/admin-invites`, { token: b.token })).status).toBe(404);

    // the officer may not use it themselves
    const self = await redeem(a.token, made.body.code);
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('SELF_GRANT_FORBIDDEN');

    const admin = await wechatLogin(t, 'admin-xihu');
    const ok = await redeem(admin.token, made.body.code, '陈老师');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ role: 'admin', districtId: a.districtId, districtName: '杭州市西湖区教育局', schoolId: schoolA, schoolName: '西湖小学' });
    const granted = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: schoolA, action: 'role.granted' } });
    expect(granted.map((e) => e.details)).toEqual([expect.objectContaining({ userId: admin.userId, role: 'admin', via: 'onboarding_invite', invitedBy: a.userId })]);

    // the school has an administrator now: more come from the school itself
    const again = await t.request('POST', `/schools/${schoolA}/admin-invites`, { token: a.token });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SCHOOL_HAS_ADMIN');
    // neither the administrator nor a principal makes these
    expect((await t.request('POST', `/schools/${schoolA}/admin-invites`, { token: admin.token })).status).toBe(403);

    // the district chain and the school chain both record the invite
    const districtChain = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: a.districtId, action: 'onboarding_invite.created' } });
    expect(districtChain.some((e) => e.details.kind === 'school_admin' && e.details.schoolId === schoolA)).toBe(true);
    expect(await t.ds.getRepository(AuditEntryEntity).count({ where: { schoolId: schoolA, action: 'onboarding_invite.created' } })).toBe(1);
  });

  it('an administrator invite stops working when the officer who made it no longer holds the role', async () => {
    const officer = await districtWithOfficer(t, { name: '温州市鹿城区教育局', code: '330302', officer: 'officer-lucheng', officerName: '林峰' });
    const school = (await t.request('POST', `/districts/${officer.districtId}/schools`, { token: officer.token, body: { name: '鹿城实验小学', stage: 'primary' } })).body.id;
    const invite = (await t.request('POST', `/schools/${school}/admin-invites`, { token: officer.token })).body;
    await inTransaction(t.ds, (m) => m.delete(StaffRoleEntity, { userId: officer.userId, role: 'district_officer' }));
    const admin = await wechatLogin(t, 'admin-lucheng');
    const res = await redeem(admin.token, invite.code);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_GRANT_FORBIDDEN');
    expect(await t.ds.getRepository(OnboardingInviteEntity).count({ where: { id: invite.id, redeemedBy: admin.userId } })).toBe(0);
  });

  it('takes ordinary staff invites too: the district officer appoints the principal through the same route', async () => {
    const principalInvite = await t.request('POST', `/schools/${schoolB}/principal-invites`, { token: b.token });
    expect(principalInvite.status).toBe(201);
    expect(principalInvite.body.qrPayload).toBe(`anxin://invite?code=${principalInvite.body.code}`);
    const principal = await wechatLogin(t, 'principal-yinzhou');
    const res = await redeem(principal.token, principalInvite.body.code, '孙校长');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ role: 'principal', districtId: b.districtId, districtName: '宁波市鄞州区教育局', schoolId: schoolB, schoolName: '鄞州中学' });
    expect((await t.request('GET', '/me', { token: principal.token })).body.displayName).toBe('孙校长');
  });

  it('counts failed attempts against the per-user limit shared with staff invites: the 21st in ten minutes is 429', async () => {
    pinClockToFreshWindow(t);
    const guesser = await wechatLogin(t, 'guesser');
    const code = printedCode((await adminCli(t, 'grant-officer', '--district', '330212')).out);
    for (let i = 0; i < 20; i++) expect((await redeem(guesser.token, `WRONG${String(i).padStart(7, '2')}`)).status).toBe(404);
    const limited = await redeem(guesser.token, code);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect((await t.request('POST', '/staff-invites/redeem', { token: guesser.token, body: { code: 'ANYTHING2345' } })).status).toBe(429);
    t.clock.advance(11 * 60_000);
    expect((await redeem(guesser.token, code)).status).toBe(200);
  });

  it('refuses a name that is blank or too long, and a code that is not one', async () => {
    const someone = await wechatLogin(t, 'validation');
    expect((await redeem(someone.token, 'ABCDEFGHJKMN', '   ')).status).toBe(400);
    expect((await redeem(someone.token, 'ABCDEFGHJKMN', '很'.repeat(51))).status).toBe(400);
    expect((await t.request('POST', '/onboarding/redeem', { token: someone.token, body: { code: 'AB' } })).status).toBe(400);
    expect((await t.request('POST', '/onboarding/redeem', { body: { code: 'ABCDEFGHJKMN' } })).status).toBe(401);
  });
});
