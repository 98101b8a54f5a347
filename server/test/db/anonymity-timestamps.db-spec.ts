import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PRIVACY_GUIDE_VERSION } from '@anxin/shared';
import { inTransaction } from '../../src/platform/database/transaction';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { InboxItemEntity } from '../../src/platform/inbox/inbox-item.entity';
import { NoticeContentCheck } from '../../src/features/notices/notice-content-check';
import { SealJob } from '../../src/platform/audit/seal/seal-job';
import { TestApp } from '../support/test-app';
import { bind, draft, fanOut, signaturePng, student } from './notices-helpers';
import { submitTip, tipBody } from './tips-helpers';
import { signBody } from './pledges-helpers';

const MINUTE = 60_000;
const WINDOW = 10 * MINUTE;

/**
 * Anonymity against timestamps: a reporter logs in, the app opens the way it does (privacy consent, GET /me, the
 * unread count, the school card, a teacher's staff pages), and they file an ANONYMOUS tip. Afterwards no row that
 * names them (any table, raw) and no audit entry other than the tip's own carries a time within 10 minutes of the
 * tip. Days (DATE columns) carry no time of day and are allowed; datetimes, ISO strings inside text/JSON and epoch
 * numbers are all checked. Covered: a first-time WeChat user just after 00:00 UTC, a returning student at midday,
 * a teacher who logs in before midnight and files just after it, a guardian who reads, answers, confirms and
 * signs letters home a minute before filing (receipts keep days; nothing of it reaches the audit chain one by one, and
 * the day's seal of the receipts, written after the day is over, names no one and holds no time near it), and a guardian
 * who signs the year's anti-bullying pledge a minute before filing (a signature keeps its day; it is sealed in the
 * day's batch, never audited with a time).
 */
describe('anonymity against timestamps (every row naming the reporter, and the audit log)', () => {
  let t: TestApp;
  let fake: { server: Server; base: string };
  let ids: Record<'a' | 'b', DemoSchoolIds>;

  beforeAll(async () => {
    fake = await fakeCode2Session({
      'code-first-timer': 'o-first-timer-openid',
      'code-student': 'demo:student',
      'code-teacher': 'demo:teacher',
      'code-admin': 'demo:admin',
      'code-guardian': 'demo:guardian',
    });
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.base } });
    // The schools, staff and pupils exist long before the morning in question.
    t.clock.set(new Date('2031-04-20T08:00:00.000Z'));
    ids = await t.seedDemo();
  });
  afterAll(async () => {
    await t?.stop();
    fake?.server.close();
  });

  /** What the app does from launch to 提交: login, consent, /me, unread count, school card (+ staff pages). */
  async function openAppAndFileTip(code: string, tipAt: Date, loginAt: Date, staff: boolean, readMessage?: string, beforeTip?: (token: string) => Promise<void>) {
    t.clock.set(loginAt);
    const login = await t.request('POST', '/auth/wechat', { body: { code } });
    expect(login.status).toBe(200);
    const token: string = login.body.token;
    const userId: string = login.body.user.id;
    t.clock.advance(15_000);
    expect((await t.request('POST', '/me/consents', { token, body: { kind: 'privacy_guide', version: PRIVACY_GUIDE_VERSION } })).status).toBe(201);
    const schoolId = ids.a.schoolId;
    const calls = ['/me', '/me/inbox/unread-count', `/schools/${schoolId}/public`, ...(staff ? [`/schools/${schoolId}`, `/schools/${schoolId}/classes`, '/me'] : ['/me'])];
    for (const url of calls) {
      t.clock.advance(10_000);
      expect({ url, status: (await t.request('GET', url, { token })).status }).toEqual({ url, status: 200 });
    }
    if (readMessage) {
      // …and the user taps a message in 消息 on the way.
      expect((await t.request('GET', '/me/inbox', { token })).body.items.map((i: any) => i.id)).toContain(readMessage);
      t.clock.advance(10_000);
      expect((await t.request('POST', `/me/inbox/${readMessage}/read`, { token })).status).toBeLessThan(300);
    }
    if (beforeTip) await beforeTip(token);
    t.clock.set(tipAt);
    const res = await submitTip(t, tipBody(schoolId), { token });
    expect(res.status).toBe(201);
    const [tip] = await t.ds.query('SELECT id FROM tips WHERE school_id = ? ORDER BY submitted_at DESC LIMIT 1', [schoolId]);
    return { userId, tipId: tip.id as string, schoolId };
  }

  /** `records`: ids of the user's own records (e.g. notice receipts) whose rows count as naming the user. */
  async function expectNoTimeNear(who: { userId: string; openid: string; tipId: string; schoolId: string; records?: string[] }, tipAt: Date) {
    const near = (d: Date) => Math.abs(d.getTime() - tipAt.getTime()) <= WINDOW;
    const rows = await readAllRows(t);
    const naming = rows.filter((r) => r.text.includes(who.userId) || r.text.includes(who.openid) || (who.records ?? []).some((id) => r.text.includes(id)));
    const found = naming.flatMap((r) => r.times.filter((x) => near(x.at)).map((x) => `${r.table}.${x.column} = ${x.at.toISOString()}`));
    expect(found).toEqual([]);
    // Positive controls: the reporter's identity rows are there and were read, with their days.
    expect([...new Set(naming.map((r) => r.table))]).toEqual(expect.arrayContaining(['users', 'sessions', 'consents']));
    expect(naming.filter((r) => r.table === 'sessions').every((r) => r.days.length >= 3)).toBe(true);
    // The school's audit chain: near the tip there is only the tip's own entry, with no actor.
    const audit = rows.filter((r) => r.table === 'audit_entries' && r.row.school_id === who.schoolId);
    expect(audit.length).toBeGreaterThan(0);
    const nearAudit = audit.filter((r) => r.times.some((x) => near(x.at)));
    expect(nearAudit.map((r) => ({ action: r.row.action, target: r.row.target_id, actor: r.row.actor_user_id })))
      .toEqual([{ action: 'tip.received', target: who.tipId, actor: null }]);
    // And what the school admin reads through the API says the same.
    const admin = (await t.request('POST', '/auth/wechat', { body: { code: 'code-admin' } })).body.token;
    const page = await t.request('GET', `/schools/${who.schoolId}/audit`, { token: admin });
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.body)).not.toContain(who.userId);
  }

  it('a first-time WeChat user: user, session and consent rows are created minutes before a tip filed just after 00:00 UTC', async () => {
    const tipAt = new Date('2031-05-02T00:04:00.000Z');
    const r = await openAppAndFileTip('code-first-timer', tipAt, new Date('2031-05-02T00:00:30.000Z'), false);
    await expectNoTimeNear({ ...r, openid: 'o-first-timer-openid' }, tipAt);
  });

  it('a returning student opening the app at midday and reading a message first', async () => {
    const tipAt = new Date('2031-05-03T10:17:42.318Z');
    const message = await inTransaction(t.ds, (m) => m.save(m.create(InboxItemEntity, {
      userId: ids.a.userIds.student, schoolId: ids.a.schoolId, outboxId: null, dedupeKey: 'anonymity-test', template: 'test',
      title: '学校通知', body: '下周一升旗仪式', page: null, createdAt: new Date('2031-04-28T02:00:00.000Z'), readAt: null,
    })));
    const r = await openAppAndFileTip('code-student', tipAt, new Date('2031-05-03T10:13:05.000Z'), false, message.id);
    const [read] = await t.ds.query('SELECT * FROM inbox_items WHERE id = ?', [message.id]);
    expect(read.read_on).not.toBeNull(); // control: the tap was recorded (as a day)
    await expectNoTimeNear({ ...r, openid: 'demo:student' }, tipAt);
  });

  it('a teacher who logs in before midnight, opens the staff pages and files an anonymous tip just after 00:00 UTC', async () => {
    const tipAt = new Date('2031-05-05T00:02:00.000Z');
    const r = await openAppAndFileTip('code-teacher', tipAt, new Date('2031-05-04T23:57:40.000Z'), true);
    await expectNoTimeNear({ ...r, openid: 'demo:teacher' }, tipAt);
    // The login is kept, as a day and a count, in the operators' security log: not a time, not in the chain.
    const [event] = await t.ds.query('SELECT * FROM security_events WHERE user_id = ?', [r.userId]);
    expect(event).toEqual(expect.objectContaining({ event: 'staff.login', count: 1 }));
  });

  it('a guardian reads, answers and confirms a letter and signs another one minute before filing an anonymous tip', async () => {
    // The guardian's child has been in 三年级1班 for weeks; the principal published two letters to the class at 09:00.
    t.clock.set(new Date('2031-04-21T02:00:00.000Z'));
    await bind(t, ids.a.userIds.guardian, await student(t, ids.a.teacherClassId, '陈浩然'), 'mother');
    t.clock.set(new Date('2031-05-07T01:00:00.000Z'));
    const principal = await t.login('principal', 'a');
    const audience = { scope: 'classes' as const, ids: [ids.a.teacherClassId] };
    const question = { kind: 'single' as const, prompt: '您是否参加家长会？', options: ['参加', '不参加'] };
    const check = jest.spyOn(t.get(NoticeContentCheck), 'check').mockResolvedValue({ suggest: 'pass', label: 100 });
    const publish = async (body: unknown) => {
      const created = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, { token: principal, body });
      expect((await t.request('POST', `/notices/${created.body.id}/publish`, { token: principal, body: {} })).status).toBe(200);
      return created.body.id as string;
    };
    const letter = await publish(draft({ kind: 'letter', confirmMode: 'confirm', question, audience }));
    const pledge = await publish(draft({ title: '请签字确认：校园安全告家长书', confirmMode: 'sign', audience }));
    check.mockRestore();
    await fanOut(t);

    // 11:29 Shanghai: the guardian opens the app, reads and confirms the letter, signs the other; 11:30 the tip.
    const tipAt = new Date('2031-05-07T03:30:00.000Z');
    const r = await openAppAndFileTip('code-guardian', tipAt, new Date('2031-05-07T03:26:10.000Z'), false, undefined, async (token) => {
      t.clock.set(new Date(tipAt.getTime() - 60_000));
      expect((await t.request('GET', '/me/notices', { token })).body.unread).toBe(2);
      expect((await t.request('GET', `/me/notices/${letter}`, { token })).status).toBe(200);
      t.clock.advance(10_000);
      expect((await t.request('POST', `/notices/${letter}/ack`, { token, body: { answer: { choices: [0] }, confirm: true } })).status).toBe(200);
      t.clock.advance(15_000);
      expect((await t.request('GET', `/me/notices/${pledge}`, { token })).status).toBe(200);
      const signed = await t.request('POST', `/notices/${pledge}/ack`, { token, body: { signature: (await signaturePng()).toString('base64') } });
      expect(signed.status).toBe(200);
      expect(signed.body.receipt).toMatchObject({ readOn: '2031-05-07', signedOn: '2031-05-07', acknowledgedOn: '2031-05-07' });
    });
    expect(r.userId).toBe(ids.a.userIds.guardian);
    const receipts: { id: string; read_on: unknown; confirmed_on: unknown; answered_on: unknown; signed_on: unknown }[] = await t.ds.query(
      'SELECT * FROM notice_receipts WHERE guardian_user_id = ? ORDER BY confirmed_on', [r.userId]);
    // Controls: everything was recorded (as days), and the signature row exists beside its receipt.
    expect(receipts).toHaveLength(2);
    expect(receipts.every((x) => x.read_on !== null)).toBe(true);
    expect(receipts.filter((x) => x.confirmed_on !== null && x.answered_on !== null)).toHaveLength(1);
    expect(receipts.filter((x) => x.signed_on !== null)).toHaveLength(1);
    expect(await t.ds.query('SELECT receipt_id FROM notice_signatures WHERE receipt_id IN (?, ?)', receipts.map((x) => x.id))).toHaveLength(1);
    await expectNoTimeNear({ ...r, openid: 'demo:guardian', records: receipts.map((x) => x.id) }, tipAt);

    // The receipts' leaves are sealed into the chain once the day is over (00:30 the next day in Shanghai): the leaf
    // rows keep the day, and the batch's entry is the system's, after the day, naming no one. Still nothing near the tip.
    t.clock.set(new Date('2031-05-07T16:30:00.000Z'));
    const sealed = (await t.get(SealJob).sealDue()).sealed.filter((b) => b.schoolId === r.schoolId);
    expect(sealed.map((b) => b.day)).toEqual(['2031-05-07']);
    const leaves: { batch_id: string | null }[] = await t.ds.query('SELECT batch_id FROM audit_seal_leaves WHERE record_id IN (?, ?)', receipts.map((x) => x.id));
    expect(leaves.map((l) => l.batch_id)).toEqual([sealed[0].batchId, sealed[0].batchId]); // control: both receipts are sealed
    await expectNoTimeNear({ ...r, openid: 'demo:guardian', records: receipts.map((x) => x.id) }, tipAt);
  });

  it('a guardian signs the year\'s pledge for their child (with the child\'s signature and the consent) one minute before filing an anonymous tip', async () => {
    // The demo school's pledge of this school year was opened weeks before (the demo seed); the guardian's child
    // (陈浩然, 三年级1班) signs too, and signing records the guardian's consent for the child's data.
    const child = await student(t, ids.a.teacherClassId, '陈浩然');
    if (!(await t.ds.query('SELECT id FROM bindings WHERE guardian_user_id = ? AND student_id = ?', [ids.a.userIds.guardian, child.id])).length) {
      t.clock.set(new Date('2031-04-21T02:00:00.000Z'));
      await bind(t, ids.a.userIds.guardian, child, 'mother');
    }
    const tipAt = new Date('2031-05-08T03:30:00.000Z');
    let signatureId = '';
    const r = await openAppAndFileTip('code-guardian', tipAt, new Date('2031-05-08T03:26:10.000Z'), false, undefined, async (token) => {
      t.clock.set(new Date(tipAt.getTime() - 60_000));
      const [item] = (await t.request('GET', '/me/pledges', { token })).body.items;
      expect(item).toMatchObject({ status: 'to_sign', studentPartRequired: true });
      const detail = await t.request('GET', `/me/pledges/${item.pledgeId}?studentId=${item.student.id}`, { token });
      expect(detail.body.childConsentNeeded).toBe(true);
      t.clock.advance(20_000);
      const signed = await t.request('POST', `/pledges/${item.pledgeId}/signatures`, { token, body: await signBody(item.student.id, detail.body.versionNumber) });
      expect(signed.status).toBe(201);
      expect(signed.body.signedOn).toBe('2031-05-08');
      signatureId = signed.body.id;
      t.clock.advance(10_000);
      expect((await t.request('GET', `/me/pledges/${item.pledgeId}/signatures/${signatureId}`, { token })).status).toBe(200);
    });
    // Controls: the signature, its two images, its seal leaf and the consent are there (as days).
    const [row] = await t.ds.query('SELECT * FROM pledge_signatures WHERE id = ?', [signatureId]);
    expect(row.guardian_user_id).toBe(r.userId);
    expect(await t.ds.query('SELECT part FROM pledge_signature_images WHERE signature_id = ?', [signatureId])).toHaveLength(2);
    expect(await t.ds.query('SELECT day FROM audit_seal_leaves WHERE record_id = ?', [signatureId])).toHaveLength(1);
    expect(await t.ds.query("SELECT id FROM consents WHERE user_id = ? AND kind = 'child_data'", [r.userId])).not.toHaveLength(0);
    await expectNoTimeNear({ ...r, openid: 'demo:guardian', records: [signatureId] }, tipAt);
  });

  it('no API response offers staff a user\'s last activity or login time', async () => {
    const doc = (await t.request('GET', '/api/docs-json')).body;
    // The schemas allowed such days, each answered only to the user about themself: their own browser sessions
    // (我的 → 已登录的电脑: signed in and last used, as UTC days), and their own data (我的数据: every session, as the
    // law's right to see one's data asks). Each is used by no other route.
    const OWN: Record<string, string[]> = {
      BrowserSessionDto: ['/api/v1/me/browser-sessions'],
      MyDataDto: ['/api/v1/me/data'],
      MyDataSessionDto: [],
    };
    for (const [schemaName, paths] of Object.entries(OWN)) {
      const usedBy = Object.entries<any>(doc.paths).filter(([, item]) => JSON.stringify(item).includes(`"#/components/schemas/${schemaName}"`)).map(([path]) => path);
      expect({ schemaName, usedBy }).toEqual({ schemaName, usedBy: paths });
    }
    const names = new Set<string>();
    for (const [schemaName, schema] of Object.entries<any>(doc.components?.schemas ?? {})) {
      if (schemaName in OWN) continue;
      for (const p of Object.keys(schema.properties ?? {})) names.add(p);
    }
    expect(names.size).toBeGreaterThan(20); // control: the document was read
    expect([...names].filter((n) => /last.?(seen|active|login|used)|logged.?in|session/i.test(n))).toEqual([]);
  });
});

interface TimeValue { column: string; at: Date }
interface RawRow { table: string; row: Record<string, any>; text: string; times: TimeValue[]; days: string[] }

const ISO_IN_TEXT = /(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)Z?/g;

/** Every row of every table, raw, with every time it holds: datetime columns, ISO strings in text, epoch numbers. */
async function readAllRows(t: TestApp): Promise<RawRow[]> {
  const sqlite = t.db.engine === 'sqlite';
  const tables: string[] = sqlite
    ? (await t.ds.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)).map((r: any) => r.name)
    : (await t.ds.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()')).map((r: any) => r.name ?? r.NAME ?? r.TABLE_NAME);
  const out: RawRow[] = [];
  for (const table of tables) {
    const types = new Map<string, string>(sqlite
      ? (await t.ds.query(`PRAGMA table_info("${table}")`)).map((c: any) => [c.name, String(c.type).toLowerCase()])
      : (await t.ds.query('SELECT COLUMN_NAME AS c, DATA_TYPE AS d FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?', [table]))
        .map((c: any) => [c.c ?? c.C ?? c.COLUMN_NAME, String(c.d ?? c.D ?? c.DATA_TYPE).toLowerCase()]));
    for (const row of await t.ds.query(`SELECT * FROM ${sqlite ? `"${table}"` : `\`${table}\``}`)) {
      const times: TimeValue[] = [];
      const days: string[] = [];
      const parts: string[] = [];
      for (const [column, v] of Object.entries<any>(row)) {
        if (v === null || v === undefined) continue;
        const type = types.get(column) ?? '';
        const text = Buffer.isBuffer(v) ? v.toString('latin1') : v instanceof Date ? v.toISOString() : String(v);
        parts.push(text);
        if (type === 'date') {
          days.push(text.slice(0, 10));
          continue;
        }
        if (type.startsWith('datetime') || type.startsWith('timestamp')) {
          times.push({ column, at: v instanceof Date ? v : new Date(`${text.replace(' ', 'T')}${text.endsWith('Z') ? '' : 'Z'}`) });
          continue;
        }
        for (const m of text.matchAll(ISO_IN_TEXT)) times.push({ column, at: new Date(`${m[1]}T${m[2]}Z`) });
        for (const m of text.matchAll(/\b\d{10}(\d{3})?\b/g)) times.push({ column, at: new Date(m[1] ? Number(m[0]) : Number(m[0]) * 1000) });
      }
      out.push({ table, row, text: parts.join('\u0001'), times, days });
    }
  }
  return out;
}

function fakeCode2Session(openids: Record<string, string>): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const openid = openids[url.searchParams.get('js_code') ?? ''];
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(url.pathname === '/sns/jscode2session' && openid ? { openid, session_key: 'c2Vzc2lvbi1rZXk=' } : { errcode: 40029, errmsg: 'invalid code' }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}
