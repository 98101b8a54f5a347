/**
 * Signing in on a desktop browser by scanning a code (扫码登录), on the real database, with the mini-program
 * configured against the fake WeChat server (so there is no demo login, as in production): the code and its one-time
 * scene, the lifecycle pending → scanned → confirmed → collected once, expiry with a moved clock, the poll token,
 * staff only, cancelling, ending a browser session from the phone, the browser session's shorter life, the long poll,
 * and a browser and a phone served by two app instances on one database.
 */
import { createHash } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as QRCode from 'qrcode';
import { BROWSER_SESSION_HOURS, QR_LOGIN, QR_SCENE_PATTERN, qrLoginH5Path } from '@anxin/shared';
import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import { createApp } from '../../src/app.factory';
import { createLogger } from '../../src/platform/common/logging/logger';
import { inTransaction } from '../../src/platform/database/transaction';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { SessionService } from '../../src/features/identity/session.service';
import { QrLoginCodeService } from '../../src/features/browser-login/qr-login-code';
import { QR_CODES_PER_WINDOW, QrLoginService } from '../../src/features/browser-login/qr-login.service';
import { QrLoginStatusService } from '../../src/features/browser-login/qr-login-status.service';
import { TestApp } from '../support/test-app';
import { pinClockToFreshWindow } from './tips-helpers';

const CHROME_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Code { ticket: string; pollToken: string; expiresAt: string; image: string; imageKind: string; scene: string }
interface Answer { status: number; body: any }

/** fastify's inject on any of the app instances (the second one has no TestApp around it). */
async function inject(app: NestFastifyApplication, method: string, url: string, opts: { token?: string; ua?: string; address?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'user-agent': opts.ua ?? CHROME_ON_WINDOWS };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await app.getHttpAdapter().getInstance().inject({ method: method as any, url: `/api/v1${url}`, headers, ...(opts.address ? { remoteAddress: opts.address } : {}) });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
}

describe('signing in on a browser by scanning a code', () => {
  let t: TestApp;
  let fake: FakeWechat;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const phone: Record<string, string> = {};

  beforeAll(async () => {
    fake = await startFakeWechat({ publishedPages: [QR_LOGIN.page] });
    t = await TestApp.start({ env: { WECHAT_APPID: 'wx-qr-login-test', WECHAT_SECRET: 's', WECHAT_API_BASE: fake.url, WECHAT_TIMEOUT_MS: '5000' } });
    ids = await t.seedDemo();
    // No demo login once WECHAT_APPID is set: the principal logs in on the phone through WeChat, the others directly.
    fake.mapCode('code-principal-phone', 'demo:principal');
    const login = await t.request('POST', '/auth/wechat', { body: { code: 'code-principal-phone' } });
    expect(login.status).toBe(200);
    phone.principal = login.body.token;
    const sessions = t.get(SessionService);
    for (const [who, userId] of [['teacher', ids.a.userIds.teacher], ['guardian', ids.a.userIds.guardian], ['student', ids.a.userIds.student], ['adminB', ids.b.userIds.admin]] as const) {
      phone[who] = (await inTransaction(t.ds, (m) => sessions.create(m, userId))).token;
    }
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });
  afterEach(() => {
    t.clock.reset();
    fake.clearFaults();
  });

  /** A code as the browser asks for it, and the scene the mini-program code carries (as the fake WeChat made it). */
  async function newCode(app: NestFastifyApplication = t.app, address?: string): Promise<Code> {
    const before = fake.codesIssued().length;
    const res = await inject(app, 'POST', '/auth/qr', { address });
    expect(res.status).toBe(201);
    const issued = fake.codesIssued();
    expect(issued).toHaveLength(before + 1);
    return { ...res.body, scene: issued[before].scene };
  }
  const look = (code: Code, query = '', app: NestFastifyApplication = t.app) => inject(app, 'GET', `/auth/qr/${code.ticket}?poll=${code.pollToken}${query}`);
  const onPhone = (step: 'scan' | 'confirm' | 'cancel', code: Code, token: string, app: NestFastifyApplication = t.app) => inject(app, 'POST', `/auth/qr/${code.scene}/${step}`, { token });
  const events = async (userId: string) => Object.fromEntries((await t.ds.query('SELECT event, count FROM security_events WHERE user_id = ?', [userId]))
    .map((r: { event: string; count: number }) => [r.event, Number(r.count)]));

  /** The whole sign-in: a code, scanned and confirmed on the principal's phone, collected by the browser. */
  async function signIn(phoneToken = phone.principal): Promise<{ code: Code; token: string; body: any }> {
    const code = await newCode();
    expect((await onPhone('scan', code, phoneToken)).status).toBe(200);
    expect((await onPhone('confirm', code, phoneToken)).status).toBe(204);
    const res = await look(code);
    expect(res.body.status).toBe('confirmed');
    return { code, token: res.body.login.token, body: res.body };
  }

  it('gives the browser a mini-program code with a one-time scene for the confirm page, and keeps only hashes', async () => {
    const code = await newCode();
    expect(code.imageKind).toBe('wxacode');
    expect(code.image).toMatch(/^data:image\/png;base64,/);
    expect(Buffer.from(code.image.split(',')[1], 'base64').readUInt32BE(0)).toBe(0x89504e47);
    expect(fake.codesIssued().at(-1)).toEqual({ scene: code.scene, page: QR_LOGIN.page, width: 430, envVersion: 'develop' });
    expect(code.scene).toMatch(QR_SCENE_PATTERN);
    expect(Date.parse(code.expiresAt) - t.clock.now().getTime()).toBeGreaterThan((QR_LOGIN.ttlSeconds - 5) * 1000);
    expect(Date.parse(code.expiresAt) - t.clock.now().getTime()).toBeLessThanOrEqual(QR_LOGIN.ttlSeconds * 1000);
    const [row] = await t.ds.query('SELECT * FROM qr_logins WHERE id = ?', [code.ticket]);
    expect(row).toMatchObject({ scene_hash: sha256(code.scene), poll_hash: sha256(code.pollToken), status: 'pending', user_id: null, browser: 'Chrome · Windows', location: '本机' });
    for (const meta of t.ds.entityMetadatas) {
      const dump = JSON.stringify(await t.ds.query(`SELECT * FROM ${meta.tableName}`));
      expect(dump).not.toContain(code.scene);
      expect(dump).not.toContain(code.pollToken);
    }
    expect((await newCode()).scene).not.toBe(code.scene);
    expect((await look(code)).body).toEqual({ status: 'pending', expiresAt: code.expiresAt, refusal: null, login: null });
  });

  it('falls back to a plain QR code of the h5 confirm link when WeChat cannot make a mini-program code', async () => {
    fake.injectFault({ endpoint: 'wxacode', fault: { type: 'errcode', errcode: 45009 } });
    const res = await t.request('POST', '/auth/qr');
    expect(res.status).toBe(201);
    expect(res.body.imageKind).toBe('link');
    expect(Buffer.from(res.body.image.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('utf8')).toMatch(/^<svg /);
    // The picture is exactly the QR code of the link to the confirm page with the scene.
    const scene = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
    const svg = await QRCode.toString(`https://anxin.example.edu.cn/#/${qrLoginH5Path(scene)}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    fake.injectFault({ endpoint: 'wxacode', fault: { type: 'drop' } });
    expect(await t.get(QrLoginCodeService).imageFor(scene, 'https://anxin.example.edu.cn'))
      .toEqual({ imageKind: 'link', image: `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}` });
    // WeChat answering again: the mini-program code again.
    expect((await t.get(QrLoginCodeService).imageFor(scene, 'https://anxin.example.edu.cn')).imageKind).toBe('wxacode');
  });

  it('pending → scanned (the phone sees the browser, where and when) → confirmed: the browser collects its session once', async () => {
    const code = await newCode();
    const scan = await onPhone('scan', code, phone.principal);
    expect(scan.status).toBe(200);
    expect(scan.body).toEqual({
      browser: 'Chrome · Windows', location: '本机', expiresAt: code.expiresAt,
      requestedAt: new Date(Date.parse(code.expiresAt) - QR_LOGIN.ttlSeconds * 1000).toISOString(),
    });
    expect((await look(code)).body.status).toBe('scanned');
    expect((await onPhone('scan', code, phone.principal)).status).toBe(200); // the page opened again
    const before = await events(ids.a.userIds.principal);
    expect((await onPhone('confirm', code, phone.principal)).status).toBe(204);
    expect((await onPhone('confirm', code, phone.principal)).status).toBe(204); // a second tap changes nothing

    const collected = await look(code);
    expect(collected.status).toBe(200);
    expect(collected.body).toMatchObject({ status: 'confirmed', refusal: null, login: { token: expect.any(String), user: { id: ids.a.userIds.principal } } });
    const token: string = collected.body.login.token;
    expect((await inject(t.app, 'GET', '/me', { token })).body.id).toBe(ids.a.userIds.principal);
    // Delivered once: the next look finds a used code.
    expect((await look(code)).body).toEqual({ status: 'expired', expiresAt: code.expiresAt, refusal: null, login: null });
    expect((await onPhone('confirm', code, phone.principal)).status).toBe(410);

    // A browser session, listed on the phone with its browser and days (no time of day anywhere on it).
    const [row] = await t.ds.query('SELECT * FROM sessions WHERE token_hash = ?', [sha256(token)]);
    expect(row).toMatchObject({ kind: 'browser', client: 'Chrome · Windows', user_id: ids.a.userIds.principal });
    const list = await inject(t.app, 'GET', '/me/browser-sessions', { token: phone.principal });
    expect(list.body).toContainEqual({ id: row.id, browser: 'Chrome · Windows', signedInOn: t.clock.now().toISOString().slice(0, 10), lastUsedOn: t.clock.now().toISOString().slice(0, 10), current: false });
    expect((await inject(t.app, 'GET', '/me/browser-sessions', { token })).body.find((s: any) => s.id === row.id).current).toBe(true);
    // Nobody is named on the code any more, and the security log has the day's counts.
    expect((await t.ds.query('SELECT user_id, status FROM qr_logins WHERE id = ?', [code.ticket]))[0]).toEqual({ user_id: null, status: 'collected' });
    const after = await events(ids.a.userIds.principal);
    expect(after['qr_login.confirmed']).toBe((before['qr_login.confirmed'] ?? 0) + 1);
    expect(after['staff.browser_login']).toBe((before['staff.browser_login'] ?? 0) + 1);
  });

  it('needs the poll token to read the code or collect the session: a look with the scene or another token gets nothing', async () => {
    const code = await newCode();
    const other = await newCode();
    expect((await onPhone('confirm', code, phone.principal)).status).toBe(204);
    expect((await t.request('GET', `/auth/qr/${code.ticket}`)).status).toBe(400);
    expect((await inject(t.app, 'GET', `/auth/qr/${code.ticket}?poll=${other.pollToken}`)).status).toBe(404);
    expect((await inject(t.app, 'GET', `/auth/qr/${other.ticket}?poll=${code.pollToken}`)).status).toBe(404);
    expect((await inject(t.app, 'GET', `/auth/qr/${code.ticket}?poll=${code.scene}`)).status).toBe(400);
    // Still there for the browser that has the token.
    expect((await look(code)).body.status).toBe('confirmed');
  });

  it('a code expires after two minutes (moved clock): scanning answers 410, and a confirmed code not collected in time is never handed out', async () => {
    const late = await newCode();
    t.clock.advance(QR_LOGIN.ttlSeconds * 1000 + 1);
    const scan = await onPhone('scan', late, phone.principal);
    expect([scan.status, scan.body.code]).toEqual([410, 'QR_LOGIN_EXPIRED']);
    expect((await look(late)).body.status).toBe('expired');
    t.clock.reset();

    const code = await newCode();
    expect((await onPhone('scan', code, phone.teacher)).status).toBe(200);
    expect((await onPhone('confirm', code, phone.teacher)).status).toBe(204);
    const before = await events(ids.a.userIds.teacher);
    t.clock.advance(QR_LOGIN.ttlSeconds * 1000);
    expect((await look(code)).body).toEqual({ status: 'expired', expiresAt: code.expiresAt, refusal: null, login: null });
    expect((await look(code)).body.status).toBe('expired');
    // The browser's late attempt is in the teacher's security log once, and the code names nobody any more.
    expect((await events(ids.a.userIds.teacher))['qr_login.expired']).toBe((before['qr_login.expired'] ?? 0) + 1);
    expect((await t.ds.query('SELECT user_id, status FROM qr_logins WHERE id = ?', [code.ticket]))[0]).toEqual({ user_id: null, status: 'expired' });
    expect(await t.ds.query('SELECT id FROM sessions WHERE user_id = ? AND kind = ?', [ids.a.userIds.teacher, 'browser'])).toEqual([]);
  });

  it('is single use: once a phone scanned it, another cannot scan, confirm or cancel it', async () => {
    const code = await newCode();
    expect((await onPhone('scan', code, phone.principal)).status).toBe(200);
    for (const step of ['scan', 'confirm', 'cancel'] as const) {
      const res = await onPhone(step, code, phone.teacher);
      expect({ step, status: res.status, code: res.body.code }).toEqual({ step, status: 410, code: 'QR_LOGIN_EXPIRED' });
    }
    expect((await onPhone('confirm', code, phone.principal)).status).toBe(204);
    expect((await look(code)).body.login.user.id).toBe(ids.a.userIds.principal);
    expect((await onPhone('scan', code, phone.principal)).status).toBe(410);
    expect((await onPhone('scan', code, phone.adminB)).status).toBe(410);
  });

  it('refuses guardians and students clearly, and the browser is told it was refused', async () => {
    const code = await newCode();
    const before = await events(ids.a.userIds.guardian);
    const scan = await onPhone('scan', code, phone.guardian);
    expect([scan.status, scan.body.code]).toEqual([403, 'QR_LOGIN_NOT_STAFF']);
    expect(scan.body.message).toContain('只有学校和教育局的工作人员');
    expect((await look(code)).body).toMatchObject({ status: 'refused', refusal: 'not_staff', login: null });
    expect((await events(ids.a.userIds.guardian))['qr_login.refused']).toBe((before['qr_login.refused'] ?? 0) + 1);
    expect((await onPhone('confirm', code, phone.principal)).status).toBe(410);

    const other = await newCode();
    const confirm = await onPhone('confirm', other, phone.student);
    expect([confirm.status, confirm.body.code]).toEqual([403, 'QR_LOGIN_NOT_STAFF']);
    expect((await look(other)).body.status).toBe('refused');
    expect(await t.ds.query('SELECT id FROM sessions WHERE user_id IN (?, ?) AND kind = ?', [ids.a.userIds.guardian, ids.a.userIds.student, 'browser'])).toEqual([]);
  });

  it('取消 on the phone: the browser is told, and the code cannot be confirmed after', async () => {
    const code = await newCode();
    expect((await onPhone('scan', code, phone.principal)).status).toBe(200);
    expect((await onPhone('cancel', code, phone.principal)).status).toBe(204);
    expect((await look(code)).body).toMatchObject({ status: 'refused', refusal: 'cancelled', login: null });
    expect((await onPhone('confirm', code, phone.principal)).status).toBe(410);
    expect((await events(ids.a.userIds.principal))['qr_login.cancelled']).toBeGreaterThanOrEqual(1);
  });

  it('a browser session cannot sign in another browser, and an unknown scene is 404', async () => {
    const { token } = await signIn();
    const code = await newCode();
    const res = await onPhone('scan', code, token);
    expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await look(code)).body.status).toBe('pending');
    expect((await inject(t.app, 'POST', `/auth/qr/${'x'.repeat(32)}/scan`, { token: phone.principal })).status).toBe(404);
  });

  it('退出 on the phone ends the browser session: its next request is 401; nobody else can end it', async () => {
    const { token } = await signIn();
    const [row] = await t.ds.query('SELECT id FROM sessions WHERE token_hash = ?', [sha256(token)]);
    expect((await inject(t.app, 'GET', '/me', { token })).status).toBe(200);
    for (const other of [phone.teacher, phone.adminB, phone.guardian]) {
      expect((await inject(t.app, 'DELETE', `/me/browser-sessions/${row.id}`, { token: other })).status).toBe(404);
    }
    const [phoneRow] = await t.ds.query('SELECT id FROM sessions WHERE token_hash = ?', [sha256(phone.principal)]);
    expect((await inject(t.app, 'DELETE', `/me/browser-sessions/${phoneRow.id}`, { token: phone.principal })).status).toBe(404); // not a browser
    expect((await inject(t.app, 'DELETE', `/me/browser-sessions/${row.id}`, { token: phone.principal })).status).toBe(204);
    const next = await inject(t.app, 'GET', '/me', { token });
    expect([next.status, next.body.code]).toEqual([401, 'SESSION_EXPIRED']);
    expect((await inject(t.app, 'GET', '/me/browser-sessions', { token: phone.principal })).body.map((s: any) => s.id)).not.toContain(row.id);
    expect((await inject(t.app, 'DELETE', `/me/browser-sessions/${row.id}`, { token: phone.principal })).status).toBe(404);
    expect((await inject(t.app, 'GET', '/me', { token: phone.principal })).status).toBe(200);
  });

  it('a browser session lives shorter than a phone session: a day unused, or a week at most', async () => {
    t.clock.set(new Date('2031-06-02T10:00:00.000Z'));
    // A phone session of that day (the suite's own were made today and have long ended by then).
    const phoneToken = (await inTransaction(t.ds, (m) => t.get(SessionService).create(m, ids.a.userIds.principal))).token;
    const idle = await signIn(phoneToken);
    const [row] = await t.ds.query('SELECT created_on, last_seen_on, expires_on FROM sessions WHERE token_hash = ?', [sha256(idle.token)]);
    const day = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);
    expect([day(row.created_on), day(row.last_seen_on), day(row.expires_on)]).toEqual(['2031-06-02', '2031-06-02', '2031-06-09']);
    expect(idle.body.login.expiresAt).toBe('2031-06-04T00:00:00.000Z'); // idle: a full day after the day of use
    t.clock.set(new Date('2031-06-03T23:59:00.000Z'));
    expect((await inject(t.app, 'GET', '/me', { token: idle.token })).status).toBe(200); // used on the 3rd: lives to the 5th
    t.clock.set(new Date('2031-06-05T00:00:00.000Z'));
    expect((await inject(t.app, 'GET', '/me', { token: idle.token })).status).toBe(401);
    expect((await inject(t.app, 'GET', '/me', { token: phoneToken })).status).toBe(200);

    // Used every day, it still ends BROWSER_SESSION_HOURS.max after the day it signed in.
    t.clock.set(new Date('2031-06-10T09:00:00.000Z'));
    const busy = await signIn(phoneToken);
    for (let d = 1; d < BROWSER_SESSION_HOURS.max / 24; d++) {
      t.clock.set(new Date(Date.parse('2031-06-10T09:00:00.000Z') + d * DAY));
      expect({ d, status: (await inject(t.app, 'GET', '/me', { token: busy.token })).status }).toEqual({ d, status: 200 });
    }
    t.clock.set(new Date(Date.parse('2031-06-10T00:00:00.000Z') + (BROWSER_SESSION_HOURS.max / 24) * DAY));
    expect((await inject(t.app, 'GET', '/me', { token: busy.token })).status).toBe(401);
  });

  it('long polling: a waiting look answers as soon as the phone scans, and again when it confirms', async () => {
    const code = await newCode();
    const started = Date.now();
    const waiting = look(code, '&wait=25&seen=pending');
    await sleep(300);
    expect((await onPhone('scan', code, phone.principal)).status).toBe(200);
    const scanned = await waiting;
    expect(scanned.body.status).toBe('scanned');
    expect(Date.now() - started).toBeLessThan(5000);
    const next = look(code, '&wait=25&seen=scanned');
    await sleep(300);
    expect((await onPhone('confirm', code, phone.principal)).status).toBe(204);
    expect((await next).body).toMatchObject({ status: 'confirmed', login: { token: expect.any(String) } });
    expect(Date.now() - started).toBeLessThan(10_000);
    // Without a change it answers when the wait is over; a wait longer than the maximum is refused.
    const quiet = await newCode();
    const t0 = Date.now();
    expect((await look(quiet, '&wait=1')).body.status).toBe('pending');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect((await look(quiet, `&wait=${QR_LOGIN.maxWaitSeconds + 1}`)).status).toBe(400);
  });

  it('limits the codes one client address may ask for, counted in the database', async () => {
    // Counted in fixed ten-minute windows: the requests start at the beginning of one, so they cannot straddle two.
    pinClockToFreshWindow(t);
    const address = '203.0.113.77';
    for (let i = 0; i < QR_CODES_PER_WINDOW; i++) expect((await inject(t.app, 'POST', '/auth/qr', { address })).status).toBe(201);
    const refused = await inject(t.app, 'POST', '/auth/qr', { address });
    expect([refused.status, refused.body.code]).toEqual([429, 'RATE_LIMITED']);
    // Another address is not affected, and the phone sees the coarse network of the browser, never its address.
    const code = await newCode(t.app, '198.51.100.23');
    const scan = await onPhone('scan', code, phone.principal);
    expect(scan.body.location).toBe('网络 198.51.*.*');
    expect(JSON.stringify(await t.ds.query('SELECT * FROM qr_logins'))).not.toContain('198.51.100.23');
    expect(JSON.stringify(await t.ds.query('SELECT * FROM attempt_counters'))).not.toContain(address);
  });

  it('forgets who scanned a code a minute after it expired unseen, and deletes it a few minutes after', async () => {
    const code = await newCode();
    expect((await onPhone('scan', code, phone.teacher)).status).toBe(200);
    const row = async () => (await t.ds.query('SELECT user_id FROM qr_logins WHERE id = ?', [code.ticket]))[0];
    await t.get(QrLoginStatusService).purgeEnded();
    expect(await row()).toEqual({ user_id: ids.a.userIds.teacher });
    t.clock.advance(QR_LOGIN.ttlSeconds * 1000 + 60_000 + 1000);
    await t.get(QrLoginStatusService).purgeEnded();
    expect(await row()).toEqual({ user_id: null });
    t.clock.advance(4 * 60_000);
    await t.get(QrLoginStatusService).purgeEnded();
    expect(await row()).toBeUndefined();
    expect((await look(code)).status).toBe(404);
  });

  describe('two app instances on one database', () => {
    let second: NestFastifyApplication;
    let closed = false;

    beforeAll(async () => {
      second = (await createApp(t.config, { logger: createLogger('silent'), docsUi: false })).app;
      await second.init();
      await second.getHttpAdapter().getInstance().ready();
    });
    afterAll(async () => {
      if (!closed) await second?.close();
    });

    it('the browser waits on one instance while the phone scans and confirms on the other', async () => {
      const code = await newCode(t.app);
      const waiting = look(code, '&wait=25&seen=pending', t.app);
      await sleep(300);
      expect((await onPhone('scan', code, phone.principal, second)).status).toBe(200);
      expect((await waiting).body.status).toBe('scanned');
      const next = look(code, '&wait=25&seen=scanned', t.app);
      await sleep(300);
      expect((await onPhone('confirm', code, phone.principal, second)).status).toBe(204);
      const done = await next;
      expect(done.body.status).toBe('confirmed');
      // Collected once across both: the other instance finds it used; the session works on both.
      expect((await look(code, '', second)).body.status).toBe('expired');
      expect((await inject(second, 'GET', '/me', { token: done.body.login.token })).status).toBe(200);
      expect((await inject(t.app, 'GET', '/me', { token: done.body.login.token })).status).toBe(200);
    });

    it('a code made on one instance is collected on the other; a stopping instance ends its waits at once', async () => {
      const code = await newCode(second);
      expect((await onPhone('confirm', code, phone.teacher, t.app)).status).toBe(204);
      expect((await look(code, '', second)).body.login.user.id).toBe(ids.a.userIds.teacher);

      const quiet = await newCode(t.app);
      const started = Date.now();
      const waiting = look(quiet, '&wait=25', second);
      await sleep(300);
      closed = true;
      const closing = second.close();
      expect((await waiting).body.status).toBe('pending');
      await closing;
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });

  it('issue() keeps the browser summary and the coarse network of whoever asked', async () => {
    const issued = await t.get(QrLoginService).issue({ address: '2001:db8:1:2::5', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15' });
    const [row] = await t.ds.query('SELECT browser, location FROM qr_logins WHERE id = ?', [issued.ticket]);
    expect(row).toEqual({ browser: 'Safari · macOS', location: '网络 2001:db8::/32' });
  });
});
