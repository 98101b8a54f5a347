/**
 * Printable posters (GET /schools/{id}/poster.pdf, GET /invite-codes/{id}/poster.pdf) on the real database: the PDF
 * is real (pdftotext reads the Chinese back, pdftoppm renders page 1 and it is not blank), who may download it, and
 * the code it carries: a mini-program code from getwxacodeunlimit when WeChat is configured and answers, else a
 * plain QR code of the h5 link. Page 1 renders are saved to test/artifacts/poster-*.png (git-ignored) for a look.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { posterScene } from '@anxin/shared';
import { ciIsOn } from '../../../scripts/ci';
import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import { inTransaction } from '../../src/platform/database/transaction';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { SessionService } from '../../src/features/identity/session.service';
import { SchoolEntity } from '../../src/features/tenancy/school.entity';
import { InviteCodeEntity } from '../../src/features/tenancy/invite-code.entity';
import { TestApp } from '../support/test-app';

const ARTIFACTS = resolve(__dirname, '../../../test/artifacts');
const work = mkdtempSync(join(tmpdir(), 'anxin-posters-'));
let n = 0;

function pdfText(pdf: Buffer): string {
  const file = join(work, `p${++n}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
}

/** Page 1 at 50 dpi; returns the share of pixels that are not white, and saves the PNG as an artifact. */
async function renderPage1(pdf: Buffer, artifact: string): Promise<{ inked: number; pages: number }> {
  const file = join(work, `r${++n}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, join(work, `r${n}`)]);
  const png = readFileSync(join(work, `r${n}.png`));
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `poster-${artifact}.png`), png);
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let inked = 0;
  for (let i = 0; i < data.length; i += info.channels) if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) inked++;
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
  return { inked: inked / (info.width * info.height), pages };
}

/**
 * The PDFs are read back with poppler-utils (pdftotext, pdftoppm, pdfinfo). `.ci/run` installs it; on a machine
 * without it these suites are skipped with the install command, and under CI its absence is a failure.
 */
const POPPLER = !spawnSync('pdftotext', ['-v']).error;
if (!POPPLER) {
  const message = 'poppler-utils is missing: install it with `apt-get install -y poppler-utils` to run the poster tests.';
  if (ciIsOn()) throw new Error(`${message} (CI is on: they must run)`);
  console.warn(`SKIPPED poster tests — ${message}`);
}
const suite = POPPLER ? describe : describe.skip;

/** Lines without the spaces pdftotext puts between glyphs laid out apart. */
const squash = (s: string) => s.replace(/[ \u3000]+/g, '');

suite('posters: demo setup (no WeChat mini-program configured)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Record<string, string> = {};
  let inviteA: InviteCodeEntity;

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
    for (const s of ['a', 'b'] as const) for (const r of ['admin', 'principal', 'teacher', 'contact', 'guardian', 'district'] as const) tok[`${r}:${s}`] = await t.login(r, s);
    inviteA = await t.ds.getRepository(InviteCodeEntity).findOneByOrFail({ classId: ids.a.teacherClassId, code: 'DEMO3A01' });
  });
  afterAll(() => t?.stop());

  it('gives a school admin (who has no tip access) an A4 PDF with the contact, 110, 12355 and a QR of the h5 link', async () => {
    const res = await t.request('GET', `/schools/${ids.a.schoolId}/poster.pdf`, { token: tok['admin:a'] });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(res.raw.subarray(0, 5).toString()).toBe('%PDF-');
    const text = squash(pdfText(res.raw));
    for (const s of ['阳光实验小学', '学生欺凌倾诉信箱', '学校欺凌防治负责人', '张静', '010-62345678', '报警电话110', '青少年维权热线12355', '学校看不到你是谁', '用微信或手机相机扫码']) {
      expect(text).toContain(s);
    }
    // The fallback link is printed under the code: the h5 tip box of this school, on the server it came from.
    expect(text).toContain(`http://localhost:80/#/pages/tips/index?schoolId=${ids.a.schoolId}`);
    const page = await renderPage1(res.raw, 'school-link');
    expect(page.pages).toBe(1);
    expect(page.inked).toBeGreaterThan(0.1); // the header band, text and the code (a blank page is 0)
    expect(res.raw.length).toBeLessThan(200_000); // only the glyphs used are embedded, not the 10 MB font
  });

  it('is for the principal too; 403 for the contact, teacher, guardian and district officer; 404 for another school; 401 anonymous', async () => {
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/poster.pdf`, { token: tok['principal:a'] })).status).toBe(200);
    for (const r of ['contact', 'teacher', 'guardian'] as const) {
      const res = await t.request('GET', `/schools/${ids.a.schoolId}/poster.pdf`, { token: tok[`${r}:a`] });
      expect([r, res.status, res.body.code]).toEqual([r, 403, 'FORBIDDEN']);
    }
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/poster.pdf`, { token: tok['district:a'] })).status).toBe(403);
    const other = await t.request('GET', `/schools/${ids.a.schoolId}/poster.pdf`, { token: tok['admin:b'] });
    expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/poster.pdf`)).status).toBe(401);
  });

  it('is refused with POSTER_CONTACT_MISSING while the school has no designated contact', async () => {
    const school = await t.ds.getRepository(SchoolEntity).findOneByOrFail({ id: ids.b.schoolId });
    await inTransaction(t.ds, (m) => m.update(SchoolEntity, { id: school.id }, { contactUserId: null, contactName: null, contactPhone: null }));
    try {
      const res = await t.request('GET', `/schools/${ids.b.schoolId}/poster.pdf`, { token: tok['admin:b'] });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ code: 'POSTER_CONTACT_MISSING', message: expect.stringContaining('欺凌防治负责人') });
    } finally {
      await inTransaction(t.ds, (m) => m.update(SchoolEntity, { id: school.id }, { contactUserId: school.contactUserId, contactName: school.contactName, contactPhone: school.contactPhone }));
    }
  });

  it('prints a class invite poster for the class teacher with the code and a QR of the h5 binding link', async () => {
    const res = await t.request('GET', `/invite-codes/${inviteA.id}/poster.pdf`, { token: tok['teacher:a'] });
    expect(res.status).toBe(200);
    expect(res.raw.subarray(0, 5).toString()).toBe('%PDF-');
    const text = squash(pdfText(res.raw));
    for (const s of ['阳光实验小学', '三年级1班', '家长绑定孩子', '班级邀请码', 'DEMO3A01', '张静', '报警电话110', '青少年维权热线12355']) expect(text).toContain(s);
    expect(text).toContain('http://localhost:80/#/pages/bind/index?code=DEMO3A01');
    const page = await renderPage1(res.raw, 'invite-link');
    expect(page.pages).toBe(1);
    expect(page.inked).toBeGreaterThan(0.1);
  });

  it('invite posters: admins yes; a teacher of another class 403; another school 404; a revoked code 404', async () => {
    expect((await t.request('GET', `/invite-codes/${inviteA.id}/poster.pdf`, { token: tok['admin:a'] })).status).toBe(200);
    expect((await t.request('GET', `/invite-codes/${inviteA.id}/poster.pdf`, { token: tok['contact:a'] })).status).toBe(403);
    expect((await t.request('GET', `/invite-codes/${inviteA.id}/poster.pdf`, { token: tok['teacher:b'] })).status).toBe(404);
    expect((await t.request('GET', `/invite-codes/${inviteA.id}/poster.pdf`, { token: tok['admin:b'] })).status).toBe(404);
    const otherClass = ids.a.classIds.find((c) => c !== ids.a.teacherClassId)!;
    const created = await t.request('POST', `/classes/${otherClass}/invite-codes`, { token: tok['admin:a'] });
    expect(created.status).toBe(201);
    expect((await t.request('GET', `/invite-codes/${created.body.id}/poster.pdf`, { token: tok['teacher:a'] })).status).toBe(403);
    expect((await t.request('POST', `/invite-codes/${created.body.id}/revoke`, { token: tok['admin:a'] })).status).toBe(200);
    const revoked = await t.request('GET', `/invite-codes/${created.body.id}/poster.pdf`, { token: tok['admin:a'] });
    expect([revoked.status, revoked.body.code]).toEqual([404, 'INVITE_CODE_INVALID']);
    expect((await t.request('GET', '/invite-codes/00000000-0000-4000-8000-000000000000/poster.pdf', { token: tok['admin:a'] })).status).toBe(404);
  });
});

suite('posters: WeChat mini-program configured (fake WeChat)', () => {
  let t: TestApp;
  let fake: FakeWechat;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let admin = '';
  let teacher = '';
  let inviteA: InviteCodeEntity;

  beforeAll(async () => {
    fake = await startFakeWechat({ publishedPages: ['pages/tips/index', 'pages/bind/index'] });
    t = await TestApp.start({ env: { WECHAT_APPID: 'wx-poster-test', WECHAT_SECRET: 's', WECHAT_API_BASE: fake.url, WECHAT_TIMEOUT_MS: '5000' } });
    ids = await t.seedDemo();
    // The demo login does not exist once WECHAT_APPID is set: sessions for the demo staff directly.
    const sessions = t.get(SessionService);
    admin = (await inTransaction(t.ds, (m) => sessions.create(m, ids.a.userIds.admin))).token;
    teacher = (await inTransaction(t.ds, (m) => sessions.create(m, ids.a.userIds.teacher))).token;
    inviteA = await t.ds.getRepository(InviteCodeEntity).findOneByOrFail({ classId: ids.a.teacherClassId, code: 'DEMO3A01' });
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });
  beforeEach(() => {
    fake.clearFaults();
    fake.reset();
  });

  it('prints the mini-program code WeChat made for the tip box (scene = the school, page = the tip box)', async () => {
    const res = await t.request('GET', `/schools/${ids.a.schoolId}/poster.pdf`, { token: admin });
    expect(res.status).toBe(200);
    expect(fake.codesIssued()).toEqual([{ scene: posterScene({ kind: 'school', schoolId: ids.a.schoolId }), page: 'pages/tips/index', width: 640, envVersion: 'develop' }]);
    expect(fake.codesIssued()[0].scene).toBe(ids.a.schoolId.replace(/-/g, ''));
    const text = squash(pdfText(res.raw));
    expect(text).toContain('微信扫一扫，打开倾诉信箱');
    expect(text).not.toContain('http://'); // no fallback link under a mini-program code
    expect(text).toContain('张静');
    const page = await renderPage1(res.raw, 'school-wxacode');
    expect(page.inked).toBeGreaterThan(0.1);
  });

  it('prints the mini-program code for a class invite (scene i.<code>, page = the binding page)', async () => {
    const res = await t.request('GET', `/invite-codes/${inviteA.id}/poster.pdf`, { token: teacher });
    expect(res.status).toBe(200);
    expect(fake.codesIssued()).toEqual([{ scene: 'i.DEMO3A01', page: 'pages/bind/index', width: 640, envVersion: 'develop' }]);
    expect(squash(pdfText(res.raw))).toContain('家长用微信扫一扫');
  });

  it.each([
    [41030, 'page not published'],
    [45009, 'too many calls'],
    [40097, 'bad argument'],
  ])('falls back to a plain QR of the h5 link when WeChat answers %d (%s)', async (errcode) => {
    fake.injectFault({ endpoint: 'wxacode', fault: { type: 'errcode', errcode } });
    const res = await t.request('GET', `/schools/${ids.a.schoolId}/poster.pdf`, { token: admin });
    expect(res.status).toBe(200);
    expect(fake.codesIssued()).toEqual([]);
    const text = squash(pdfText(res.raw));
    expect(text).toContain('用微信或手机相机扫码');
    expect(text).toContain(`/#/pages/tips/index?schoolId=${ids.a.schoolId}`);
  });

  it('falls back when WeChat cannot be reached or answers HTTP 500', async () => {
    fake.injectFault({ endpoint: 'wxacode', fault: { type: 'http500' } });
    const five = await t.request('GET', `/invite-codes/${inviteA.id}/poster.pdf`, { token: teacher });
    expect(five.status).toBe(200);
    expect(squash(pdfText(five.raw))).toContain('/#/pages/bind/index?code=DEMO3A01');
    fake.injectFault({ endpoint: 'wxacode', fault: { type: 'drop' } });
    const dropped = await t.request('GET', `/schools/${ids.a.schoolId}/poster.pdf`, { token: admin });
    expect(dropped.status).toBe(200);
    expect(squash(pdfText(dropped.raw))).toContain('用微信或手机相机扫码');
  });

  it('refreshes a rejected access token once and still prints the mini-program code', async () => {
    fake.injectFault({ endpoint: 'wxacode', fault: { type: 'invalidate_token' } });
    const res = await t.request('GET', `/schools/${ids.a.schoolId}/poster.pdf`, { token: admin });
    expect(res.status).toBe(200);
    expect(fake.codesIssued()).toHaveLength(1);
    expect(squash(pdfText(res.raw))).toContain('微信扫一扫');
  });
});

suite('posters: released mini-program whose tip-box page is not published yet', () => {
  let t: TestApp;
  let fake: FakeWechat;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let admin = '';

  beforeAll(async () => {
    // WeChat checks the page only for release codes (check_path): here the fake knows only the home page.
    fake = await startFakeWechat({ publishedPages: ['pages/index/index'] });
    t = await TestApp.start({ env: { WECHAT_APPID: 'wx-poster-test', WECHAT_SECRET: 's', WECHAT_API_BASE: fake.url, WECHAT_MINIPROGRAM_STATE: 'formal' } });
    ids = await t.seedDemo();
    admin = (await inTransaction(t.ds, (m) => t.get(SessionService).create(m, ids.a.userIds.admin))).token;
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  it("prints the h5 QR code after WeChat's own 41030", async () => {
    const res = await t.request('GET', `/schools/${ids.a.schoolId}/poster.pdf`, { token: admin });
    expect(res.status).toBe(200);
    expect(fake.stats().wxacode).toBe(1); // asked once, refused, not retried
    expect(fake.codesIssued()).toEqual([]);
    expect(squash(pdfText(res.raw))).toContain(`/#/pages/tips/index?schoolId=${ids.a.schoolId}`);
  });
});
