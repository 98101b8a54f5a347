import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import { run as auditVerify } from '../../src/cli/audit-verify';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { inTransaction } from '../../src/platform/database/transaction';
import { OnboardingInviteEntity } from '../../src/features/onboarding/onboarding-invite.entity';
import { DistrictEntity } from '../../src/features/tenancy/district.entity';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TestApp } from '../support/test-app';
import { adminCli, adminCliWith, cliEnv, printedCode, wechatLogin } from './onboarding-helpers';

/**
 * `npm run admin` (server/src/cli/admin.ts), run in-process against the test database: creating a district and its
 * officer invite, more officer invites, the list, what it refuses, and the district's own audit chain, which
 * `npm run audit:verify` checks like a school's.
 */
describe('npm run admin: districts and their officers', () => {
  let t: TestApp;
  let fake: FakeWechat;
  const chain = (districtId: string) => t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: districtId }, order: { seq: 'ASC' } });

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_APPID: 'wx-onboarding-test', WECHAT_SECRET: 's', WECHAT_API_BASE: fake.url } });
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  it('create-district makes the district and prints a one-time officer invite (72 h, stored hashed), both audited in the district chain', async () => {
    const before = t.clock.now().getTime();
    const res = await adminCli(t, 'create-district', '--name', '北京市海淀区教育委员会', '--region-code', '110108');
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const district = await t.ds.getRepository(DistrictEntity).findOneOrFail({ where: { code: '110108' } });
    expect(district.name).toBe('北京市海淀区教育委员会');
    expect(res.out).toContain(`id ${district.id}`);
    const code = printedCode(res.out);
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);
    expect(res.out).toContain(`subpackages/onboarding/invite/index?code=${code}`);
    expect(res.out).toMatch(/[▀▄█]/); // the QR code, drawn in the terminal

    const [invite] = await t.ds.getRepository(OnboardingInviteEntity).find({ where: { districtId: district.id } });
    expect(invite).toMatchObject({ kind: 'district_officer', schoolId: null, createdBy: null, redeemedAt: null });
    expect(invite.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(invite)).not.toContain(code);
    const ttl = new Date(invite.expiresAt).getTime() - before;
    expect(ttl).toBeGreaterThanOrEqual(72 * 3600_000 - 1000);
    expect(ttl).toBeLessThanOrEqual(72 * 3600_000 + 60_000);

    const entries = await chain(district.id);
    expect(entries.map((e) => e.action)).toEqual(['district.created', 'onboarding_invite.created']);
    expect(entries[0]).toMatchObject({ actorUserId: null, actorRole: 'operator', targetId: district.id });
    expect(entries[0].details).toMatchObject({ name: '北京市海淀区教育委员会', code: '110108', via: 'admin-cli', operator: expect.any(String) });
    expect(entries[1].details).toMatchObject({ kind: 'district_officer', via: 'admin-cli' });
    expect(JSON.stringify(entries)).not.toContain(code);
  });

  it('the invite makes its redeemer the district officer; grant-officer prints another; list names districts, schools and officers', async () => {
    const made = await adminCli(t, 'create-district', '--name', '上海市徐汇区教育局', '--region-code', '310104');
    const districtId = /id ([0-9a-f-]{36})\)/.exec(made.out)![1];
    const first = await wechatLogin(t, 'officer-xuhui');
    const redeemed = await t.request('POST', '/onboarding/redeem', { token: first.token, body: { code: printedCode(made.out), name: '王建国' } });
    expect(redeemed.status).toBe(200);
    expect(redeemed.body).toEqual({ role: 'district_officer', districtId, districtName: '上海市徐汇区教育局', schoolId: null, schoolName: null });
    const me = await t.request('GET', '/me', { token: first.token });
    expect(me.body.displayName).toBe('王建国');
    expect(me.body.roles).toEqual([expect.objectContaining({ role: 'district_officer', districtId, districtName: '上海市徐汇区教育局', schoolId: null })]);

    const school = await t.request('POST', `/districts/${districtId}/schools`, { token: first.token, body: { name: '徐汇实验小学', stage: 'primary', nationalCode: '2131000001' } });
    expect(school.status).toBe(201);

    // by region code and by id
    const again = await adminCli(t, 'grant-officer', '--district', '310104');
    expect(again.code).toBe(0);
    const byId = await adminCli(t, 'grant-officer', '--district', districtId);
    expect(byId.code).toBe(0);
    expect(printedCode(byId.out)).not.toBe(printedCode(again.out));
    const second = await wechatLogin(t, 'officer-xuhui-2');
    expect((await t.request('POST', '/onboarding/redeem', { token: second.token, body: { code: printedCode(again.out), name: '李红' } })).status).toBe(200);

    const listed = await adminCli(t, 'list');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('上海市徐汇区教育局 (region code 310104');
    expect(listed.out).toMatch(/officers: 王建国、李红 \(1 officer invite\(s\) not yet used\)/);
    expect(listed.out).toContain('徐汇实验小学 · 小学 · 2131000001');
    // staff display names only: no openid, no user id
    expect(listed.out).not.toContain(first.userId);

    expect((await chain(districtId)).map((e) => e.action)).toEqual([
      'district.created', 'onboarding_invite.created', 'role.granted', 'school.created', 'onboarding_invite.created', 'onboarding_invite.created', 'role.granted',
    ]);
  });

  it('refuses a taken region code, bad arguments, an unknown district and a database with pending migrations', async () => {
    const taken = await adminCli(t, 'create-district', '--name', '重复', '--region-code', '110108');
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('region code 110108 already belongs to 北京市海淀区教育委员会');
    expect(taken.err).toContain('grant-officer --district 110108');

    for (const argv of [
      [], ['create-district', '--name', '某区'], ['create-district', '--name', '某区', '--region-code', '1101'],
      ['create-district', '--name', '  ', '--region-code', '110109'], ['make-district'], ['grant-officer'], ['list', '--all'],
    ]) {
      const res = await adminCli(t, ...argv);
      expect({ argv, code: res.code }).toEqual({ argv, code: 2 });
      expect(res.err).toMatch(/usage: npm run admin|--name must be 1 to 100 characters|--region-code must be the 6-digit administrative region code/);
    }
    expect((await t.ds.getRepository(DistrictEntity).count({ where: { code: '110109' } }))).toBe(0);

    const unknown = await adminCli(t, 'grant-officer', '--district', '999999');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no district with region code or id "999999"');

    const empty: TestDatabase = await createTestDatabase(t.db.engine);
    try {
      const res = await adminCliWith({ NODE_ENV: 'test', DATABASE_URL: empty.url, ANXIN_DATA_DIR: empty.dataDir }, undefined, 'create-district', '--name', '某区', '--region-code', '110105');
      expect(res.code).toBe(1);
      expect(res.err).toContain('pending migration');
      expect(res.err).toContain('npm run migrate');
    } finally {
      await empty.drop();
    }
  });

  it('no HTTP route creates a district', async () => {
    const doc = (await t.request('GET', '/api/docs-json')).body;
    const writes = Object.entries<Record<string, unknown>>(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).filter((m) => ['post', 'put', 'patch'].includes(m)).map((m) => `${m.toUpperCase()} ${path}`));
    expect(writes.filter((w) => /\/districts(\/\{id\})?$/.test(w))).toEqual([]);
  });

  it('audit:verify walks a district chain like a school chain, and names an edited district entry', async () => {
    const district = await t.ds.getRepository(DistrictEntity).findOneOrFail({ where: { code: '110108' } });
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    expect(await auditVerify(['--school', district.id], cliEnv(t), io)).toBe(0);
    expect(out.join('\n')).toMatch(new RegExp(`OK +district ${district.id}: 2 entries`));

    const [created] = await chain(district.id);
    await inTransaction(t.ds, (m) => m.update(AuditEntryEntity, { id: created.id }, { details: { ...created.details, name: '改过的名字' } }));
    out.length = 0;
    expect(await auditVerify([], cliEnv(t), io)).toBe(1);
    expect(out.join('\n')).toMatch(new RegExp(`BROKEN +district ${district.id}: first broken entry seq 1`));
  });
});
