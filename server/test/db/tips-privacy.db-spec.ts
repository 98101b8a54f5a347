import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { TestApp } from '../support/test-app';
import { dumpAllTables, followupToken, submitTip, tipBody } from './tips-helpers';

/**
 * a tip filed while logged in leaves no trace of who filed it — not the openid, not
 * the user id, not the client address, not the user agent — in any table or in the logs; its content, the
 * named reporter's details, messages, reports, outcome and photo bytes exist only encrypted; the receipt is in
 * no table. Checked with raw SELECT * of every table (both engines) and the SQLite file bytes.
 */
describe('tip anonymity and encryption at rest (raw database dump + logs)', () => {
  let t: TestApp;
  const lines: string[] = [];
  const CANARY = 'CANARY-7f3a9c-欺凌金丝雀';
  const CLIENT_IP = '203.0.113.77';
  const FORWARDED_IP = '198.51.100.23';
  const USER_AGENT = 'CanaryPhone/9.9 device-DEV-1234';

  beforeAll(async () => {
    t = await TestApp.start({
      env: { LOG_LEVEL: 'debug' },
      logDestination: { write: (s: string) => void lines.push(...s.split('\n').filter(Boolean)) },
    });
  });
  afterAll(() => t?.stop());

  it('a logged-in student files a tip with a photo and replies; no table and no log line can tie it to them; content only ciphertext', async () => {
    const ids = await t.seedDemo();
    const schoolId = ids.a.schoolId;
    const student = await t.login('student');
    const me = (await t.request('GET', '/me', { token: student })).body;
    const openid = 'demo:student';
    const contact = await t.login('contact');
    const identityBefore = await dumpIdentity(t);
    lines.length = 0;

    const headers = { 'x-forwarded-for': FORWARDED_IP, 'user-agent': USER_AGENT, 'x-real-ip': FORWARDED_IP };
    // A photo whose original bytes carry the canary (after the JPEG end marker, where viewers ignore it).
    const jpeg = Buffer.concat([await sharp({ create: { width: 32, height: 32, channels: 3, background: '#c33' } }).jpeg().toBuffer(), Buffer.from(CANARY)]);
    const boundary = '----anxinprivacy';
    const multipart = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="schoolId"\r\n\r\n${schoolId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${CANARY}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      jpeg, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await t.app.getHttpAdapter().getInstance().inject({
      method: 'POST', url: '/api/v1/tips/attachments', payload: multipart, remoteAddress: CLIENT_IP,
      headers: { ...headers, authorization: `Bearer ${student}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(up.statusCode).toBe(201);
    const attachmentId = JSON.parse(up.body).attachmentId;

    const res = await submitTip(t, tipBody(schoolId, {
      description: `他们在厕所打我 ${CANARY}`, placeDetail: `二楼 ${CANARY}`, peopleInvolved: `高个子 ${CANARY}`, when: `昨天 ${CANARY}`,
      named: { name: `实名 ${CANARY}`, contact: `电话 ${CANARY}` }, attachmentIds: [attachmentId],
    }), { token: student, remoteAddress: CLIENT_IP, headers });
    expect(res.status).toBe(201);
    const receipt: string = res.body.receipt;

    const token = await followupToken(t, schoolId, receipt, CLIENT_IP);
    expect((await t.request('POST', '/tips/followup/messages', { headers: { 'x-followup-token': token }, body: { body: `回复 ${CANARY}` } })).status).toBe(201);
    const list = (await t.request('GET', `/schools/${schoolId}/tips`, { token: contact })).body;
    const tipId = list.items[0].id;
    expect((await t.request('POST', `/tips/${tipId}/ack`, { token: contact, body: { message: `老师 ${CANARY}` } })).status).toBe(200);
    expect((await t.request('POST', `/tips/${tipId}/reports`, { token: contact, body: { recipient: '区教育局', content: `续报 ${CANARY}` } })).status).toBe(201);
    const detail = (await t.request('GET', `/tips/${tipId}`, { token: contact })).body;
    expect(detail.description).toContain(CANARY);
    expect(detail.named).toEqual({ name: `实名 ${CANARY}`, contact: `电话 ${CANARY}` });
    expect(detail.source).toBe('named');
    expect(detail.filedBy).toBeNull();

    // Every table, raw.
    const dump = await dumpAllTables(t);
    expect(Object.keys(dump)).toEqual(expect.arrayContaining(['tips', 'tip_messages', 'tip_attachments', 'tip_attachment_chunks', 'tip_reports', 'tip_submissions', 'tip_rate_counters', 'school_keys', 'audit_entries', 'outbox', 'scheduled_actions']));
    // Positive controls: the dump does read rows (the student's own user row; the tip's ciphertext envelopes).
    expect(dump.users).toContain(openid);
    expect(dump.tips).toContain('enc1.');
    expect(dump.tip_attachment_chunks.length).toBeGreaterThan(jpeg.length);
    const identityTables = new Set(['users', 'sessions']);
    for (const [table, text] of Object.entries(dump)) {
      for (const needle of [CANARY, '金丝雀', receipt, CLIENT_IP, FORWARDED_IP, USER_AGENT, 'DEV-1234']) {
        expect({ table, needle, found: text.includes(needle) }).toEqual({ table, needle, found: false });
      }
      if (identityTables.has(table)) continue;
      for (const needle of [openid, me.id]) {
        expect({ table, needle, found: text.includes(needle) }).toEqual({ table, needle, found: false });
      }
    }
    // The identity tables hold the student, as before: filing the tip changed none of their rows.
    expect(await dumpIdentity(t)).toEqual(identityBefore);

    // The tip path logged none of it either.
    const log = lines.join('\n');
    for (const needle of [openid, me.id, CLIENT_IP, FORWARDED_IP, USER_AGENT, receipt, CANARY, '金丝雀', token, student]) {
      expect({ needle, found: log.includes(needle) }).toEqual({ needle, found: false });
    }
    expect(lines.some((l) => l.includes('/api/v1/tips'))).toBe(true); // the request log did run

    if (t.db.engine === 'sqlite') {
      await t.ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
      const files = readdirSync(t.db.dataDir).filter((x) => x.startsWith('test.db'));
      expect(Buffer.concat(files.map((f) => readFileSync(join(t.db.dataDir, f)))).includes(Buffer.from(openid))).toBe(true); // control
      for (const f of files) {
        const bytes = readFileSync(join(t.db.dataDir, f));
        expect({ f, found: bytes.includes(Buffer.from(CANARY)) || bytes.includes(Buffer.from('金丝雀')) }).toEqual({ f, found: false });
        expect({ f, found: bytes.includes(Buffer.from(receipt)) }).toEqual({ f, found: false });
      }
    }
  });
});

async function dumpIdentity(t: TestApp): Promise<string> {
  const d = await dumpAllTables(t);
  return `${d.users}\n${d.sessions}`;
}
