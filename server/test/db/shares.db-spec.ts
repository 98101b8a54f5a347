import { FakeWechat, startFakeWechat } from '../../../test/fakes/wechat';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { BindingEntity } from '../../src/features/bindings/binding.entity';
import { CryptoService } from '../../src/platform/crypto/crypto.service';
import { inTransaction } from '../../src/platform/database/transaction';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { SessionService } from '../../src/features/identity/session.service';
import { InviteCodeEntity } from '../../src/features/tenancy/invite-code.entity';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import { TestApp } from '../support/test-app';

const APPID = 'wx-share-test';

/**
 * Share cards into WeChat groups: the group data is made by the fake exactly as WeChat would (AES-128-CBC under the
 * opener's current session_key), so decryption, the watermark checks and key rotation run on real ciphertexts.
 */
describe('share cards in WeChat groups', () => {
  let t: TestApp;
  let fake: FakeWechat;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Record<string, string> = {};
  let invite: InviteCodeEntity;
  const parentOpenid = FakeWechat.openidForCode('code-parent')!;
  const otherOpenid = FakeWechat.openidForCode('code-other')!;

  async function wechatLogin(code: string): Promise<string> {
    const res = await t.request('POST', '/auth/wechat', { body: { code } });
    expect(res.status).toBe(200);
    return res.body.token;
  }

  async function share(token: string, kind: string, subjectId: string) {
    return t.request('POST', '/shares', { token, body: { kind, subjectId } });
  }

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_APPID: APPID, WECHAT_SECRET: 's', WECHAT_API_BASE: fake.url, WECHAT_TIMEOUT_MS: '5000' } });
    ids = await t.seedDemo();
    // No demo login once WECHAT_APPID is set: sessions for the demo users directly.
    const sessions = t.get(SessionService);
    for (const school of ['a', 'b'] as const) {
      for (const role of ['admin', 'teacher', 'contact', 'guardian'] as const) {
        tok[`${role}:${school}`] = (await inTransaction(t.ds, (m) => sessions.create(m, ids[school].userIds[role]))).token;
      }
    }
    tok.parent = await wechatLogin('code-parent.1');
    tok.other = await wechatLogin('code-other.1');
    invite = await t.ds.getRepository(InviteCodeEntity).findOneByOrFail({ classId: ids.a.teacherClassId, code: 'DEMO3A01' });
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  it('keeps the session_key sealed at rest, never as WeChat gave it', async () => {
    const [row] = await t.ds.query('SELECT id, wx_session_key FROM users WHERE openid = ?', [parentOpenid]);
    expect(row.wx_session_key).toMatch(/^wsk1\.[0-9a-f]{12}\.[A-Za-z0-9+/=]+$/);
    // The sealed value opens to a 16-byte AES key only with the master key and this user's id.
    const crypto = t.get(CryptoService);
    expect(Buffer.from(crypto.openWechatSessionKey(row.id, row.wx_session_key)!, 'base64')).toHaveLength(16);
    expect(crypto.openWechatSessionKey(ids.a.userIds.admin, row.wx_session_key)).toBeNull();
  });

  it('gives one opaque share id per subject to staff who may hand it out and to guardians bound at the school', async () => {
    const byTeacher = await share(tok['teacher:a'], 'invite', invite.id);
    expect(byTeacher.status).toBe(201);
    expect(byTeacher.body).toEqual({ id: expect.any(String), kind: 'invite', subjectId: invite.id });
    expect(byTeacher.body.id).not.toContain(ids.a.schoolId);
    expect((await share(tok['admin:a'], 'invite', invite.id)).body.id).toBe(byTeacher.body.id);
    // Another school's staff: the invite does not exist for them; a guardian may not hand out a class invite.
    expect((await share(tok['teacher:b'], 'invite', invite.id)).status).toBe(404);
    expect((await share(tok['guardian:a'], 'invite', invite.id)).status).toBe(404);
    expect((await share(tok['contact:a'], 'invite', invite.id)).status).toBe(403);
    // The tip-box card: any staff member of the school, and a guardian once bound there.
    expect((await share(tok['contact:a'], 'school', ids.a.schoolId)).status).toBe(201);
    expect((await share(tok['guardian:a'], 'school', ids.a.schoolId)).status).toBe(404);
    const student = await t.ds.getRepository(StudentEntity).findOneByOrFail({ classId: ids.a.teacherClassId, name: '王小明' });
    await t.ds.getRepository(BindingEntity).save({
      guardianUserId: ids.a.userIds.guardian, studentId: student.id, classId: ids.a.teacherClassId, schoolId: ids.a.schoolId,
      relation: 'mother', status: 'approved', autoApproved: true, decidedBy: null, decidedAt: new Date(), rejectReason: null, createdAt: new Date(),
    });
    const byGuardian = await share(tok['guardian:a'], 'school', ids.a.schoolId);
    expect(byGuardian.status).toBe(201);
    expect(byGuardian.body.id).toBe((await share(tok['admin:a'], 'school', ids.a.schoolId)).body.id);
    expect((await share(tok['admin:b'], 'school', ids.a.schoolId)).status).toBe(404);
    expect((await share(tok['admin:a'], 'nonsense', ids.a.schoolId)).status).toBe(400);
  });

  it('counts openings per group from real WeChat data, once a day per user, and outside groups separately', async () => {
    const id = (await share(tok['teacher:a'], 'invite', invite.id)).body.id;
    const open = (token: string, body?: object) => t.request('POST', `/shares/${id}/opens`, { token, body: body ?? {} });
    const g1 = fake.groupEnterInfo(parentOpenid, 'G-class-3-1');
    expect((await open(tok.parent, g1)).body).toEqual({ counted: true, fromGroup: true });
    // The same user from the same group again today: not counted twice (fresh ciphertext, same group).
    expect((await open(tok.parent, fake.groupEnterInfo(parentOpenid, 'G-class-3-1'))).body).toEqual({ counted: false, fromGroup: true });
    expect((await open(tok.other, fake.groupEnterInfo(otherOpenid, 'G-class-3-1'))).body).toEqual({ counted: true, fromGroup: true });
    expect((await open(tok.other, fake.groupEnterInfo(otherOpenid, 'G-grade-3', { timestamp: Math.floor(Date.now() / 1000) - 3600 }))).body)
      .toEqual({ counted: true, fromGroup: true });
    // Outside a group: no data at all (h5, a single chat without a ticket), or a one-to-one chat's data.
    expect((await open(tok.parent)).body).toEqual({ counted: true, fromGroup: false });
    expect((await open(tok.other, fake.groupEnterInfo(otherOpenid, null))).body).toEqual({ counted: true, fromGroup: false });

    const stats = await t.request('GET', `/shares/${id}/stats`, { token: tok['teacher:a'] });
    expect(stats.status).toBe(200);
    expect(stats.body).toEqual({
      shareId: id, schoolId: ids.a.schoolId, kind: 'invite', subjectId: invite.id, notFromGroup: 2, total: 5,
      groups: [{ groupId: expect.any(String), name: null, opens: 2 }, { groupId: expect.any(String), name: null, opens: 1 }],
    });
    // What is stored: share, group and day; no user id, openid or time of day.
    const rows = await t.ds.query('SELECT * FROM share_opens');
    expect(rows).toHaveLength(5);
    const raw = JSON.stringify(rows);
    for (const secret of [parentOpenid, otherOpenid, ids.a.userIds.guardian]) expect(raw).not.toContain(secret);
    expect(Object.keys(rows[0]).sort()).toEqual(['dedupe_key', 'group_id', 'opened_on', 'share_id']);
  });

  it('lets a teacher name a group once for the whole school, and shows the name in the figures', async () => {
    const id = (await share(tok['admin:a'], 'school', ids.a.schoolId)).body.id;
    await t.request('POST', `/shares/${id}/opens`, { token: tok.parent, body: fake.groupEnterInfo(parentOpenid, 'G-parents-3-1') });
    const before = await t.request('GET', `/shares/${id}/stats`, { token: tok['contact:a'] });
    const groupId = before.body.groups[0].groupId;
    expect(before.body.groups).toEqual([{ groupId, name: null, opens: 1 }]);

    const url = `/schools/${ids.a.schoolId}/groups/${groupId}`;
    const named = await t.request('PUT', url, { token: tok['teacher:a'], body: { name: ' 三年级1班家长群 ' } });
    expect([named.status, named.body]).toEqual([200, { id: groupId, name: '三年级1班家长群' }]);
    expect((await t.request('GET', `/shares/${id}/stats`, { token: tok['admin:a'] })).body.groups).toEqual([{ groupId, name: '三年级1班家长群', opens: 1 }]);
    const audit = await t.ds.getRepository(AuditEntryEntity).findOneByOrFail({ action: 'share_group.named', targetId: groupId });
    expect(audit.actorUserId).toBe(ids.a.userIds.teacher);

    // Another school: 404; a role without invite rights: 403; no name: 400; an unknown group: 404.
    expect((await t.request('PUT', `/schools/${ids.b.schoolId}/groups/${groupId}`, { token: tok['admin:b'], body: { name: 'x' } })).status).toBe(404);
    expect((await t.request('PUT', url, { token: tok['admin:b'], body: { name: 'x' } })).status).toBe(404);
    expect((await t.request('PUT', url, { token: tok['contact:a'], body: { name: 'x' } })).status).toBe(403);
    expect((await t.request('PUT', url, { token: tok['teacher:a'], body: { name: '   ' } })).status).toBe(400);
    expect((await t.request('PUT', url, { token: tok['teacher:a'], body: { name: '一'.repeat(31) } })).status).toBe(400);
    expect((await t.request('PUT', `/schools/${ids.a.schoolId}/groups/00000000-0000-4000-8000-000000000000`, { token: tok['teacher:a'], body: { name: 'x' } })).status).toBe(404);
    // Figures: staff of the school only.
    expect((await t.request('GET', `/shares/${id}/stats`, { token: tok['admin:b'] })).status).toBe(404);
    expect((await t.request('GET', `/shares/${id}/stats`, { token: tok.parent })).status).toBe(403);
  });

  describe('refuses group data that does not check out with a clear 400', () => {
    let id = '';
    beforeAll(async () => {
      id = (await share(tok['admin:a'], 'school', ids.a.schoolId)).body.id;
    });
    const open = (token: string, body: object) => t.request('POST', `/shares/${id}/opens`, { token, body });

    it('tampered data', async () => {
      const good = fake.groupEnterInfo(otherOpenid, 'G-tamper');
      const bytes = Buffer.from(good.encryptedData, 'base64');
      bytes[bytes.length - 1] ^= 0x5a;
      const res = await open(tok.other, { ...good, encryptedData: bytes.toString('base64') });
      expect([res.status, res.body.code]).toEqual([400, 'SHARE_INFO_INVALID']);
      const wrongIv = await open(tok.other, { ...good, iv: Buffer.alloc(16, 7).toString('base64') });
      expect([wrongIv.status, wrongIv.body.code]).toEqual([400, 'SHARE_INFO_INVALID']);
    });

    it('another user\'s data (their session key, not ours)', async () => {
      const res = await open(tok.parent, fake.groupEnterInfo(otherOpenid, 'G-someone-else'));
      expect([res.status, res.body.code]).toEqual([400, 'SHARE_INFO_INVALID']);
    });

    it('a stale watermark, or one from the future', async () => {
      const now = Math.floor(Date.now() / 1000);
      const stale = await open(tok.other, fake.groupEnterInfo(otherOpenid, 'G-old', { timestamp: now - 25 * 3600 }));
      expect([stale.status, stale.body.code]).toEqual([400, 'SHARE_INFO_EXPIRED']);
      const future = await open(tok.other, fake.groupEnterInfo(otherOpenid, 'G-old', { timestamp: now + 3600 }));
      expect([future.status, future.body.code]).toEqual([400, 'SHARE_INFO_EXPIRED']);
    });

    it('another app\'s data', async () => {
      const res = await open(tok.other, fake.groupEnterInfo(otherOpenid, 'G-app', { appid: 'wx-someone-else' }));
      expect([res.status, res.body.code]).toEqual([400, 'SHARE_INFO_WRONG_APP']);
    });

    it('data from before a new login (WeChat rotated the session key)', async () => {
      const old = fake.groupEnterInfo(parentOpenid, 'G-rotate');
      tok.parent = await wechatLogin('code-parent.2');
      const res = await open(tok.parent, old);
      expect([res.status, res.body.code]).toEqual([400, 'SHARE_INFO_INVALID']);
      expect((await open(tok.parent, fake.groupEnterInfo(parentOpenid, 'G-rotate'))).status).toBe(200);
    });

    it('half the data, data that is not base64, and data from a user with no WeChat login', async () => {
      const good = fake.groupEnterInfo(otherOpenid, 'G-half');
      expect((await open(tok.other, { encryptedData: good.encryptedData })).status).toBe(400);
      expect((await open(tok.other, { ...good, iv: '!'.repeat(24) })).status).toBe(400);
      const demo = await open(tok['teacher:a'], good);
      expect([demo.status, demo.body.code]).toEqual([400, 'SHARE_INFO_INVALID']);
      expect((await t.request('POST', '/shares/00000000-0000-4000-8000-000000000000/opens', { token: tok.other, body: {} })).status).toBe(404);
      // Nothing above was counted: the school card's figures hold the named group's opening (earlier test) and
      // G-rotate's, after the new login.
      const stats = await t.request('GET', `/shares/${id}/stats`, { token: tok['admin:a'] });
      expect(stats.body.groups.map((g: any) => [g.name, g.opens])).toEqual([['三年级1班家长群', 1], [null, 1]]);
      expect([stats.body.notFromGroup, stats.body.total]).toEqual([0, 2]);
    });
  });
});
