import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import type { LedgerDutyRow, LedgerResponse } from '@anxin/shared';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { LedgerExportMaker } from '../../src/features/ledger/ledger-export-maker';
import { LedgerReminders, LEDGER_REMINDER_TEMPLATE } from '../../src/features/ledger/ledger-reminders';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { ClassEntity } from '../../src/features/tenancy/class.entity';
import { FakeWechat, startFakeWechat } from '../../../test/fakes/wechat';
import { TestApp } from '../support/test-app';
import { draft, multipart, PDF } from './notices-helpers';
import { sh } from './oversight-helpers';

type Role = Parameters<TestApp['login']>[0];

function inTemp<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pdfText = (pdf: Buffer) => inTemp((dir) => {
  writeFileSync(join(dir, 'l.pdf'), pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'l.pdf'), '-'], { encoding: 'utf8' });
});

/** Each page of the PDF as PNG (pdftoppm). */
const pdfPages = (pdf: Buffer) => inTemp((dir) => {
  writeFileSync(join(dir, 'l.pdf'), pdf);
  execFileSync('pdftoppm', ['-r', '40', '-png', join(dir, 'l.pdf'), join(dir, 'p')]);
  return readdirSync(dir).filter((f) => f.endsWith('.png')).sort().map((f) => readFileSync(join(dir, f)));
});

/** A JPEG photo with EXIF (a camera's make and a GPS-like comment), as a phone sends it. */
const photoWithExif = () => sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 120, g: 180, b: 90 } } })
  .withExif({ IFD0: { Make: 'TestPhone', Copyright: 'GPS 30.27N 120.15E' } }).jpeg().toBuffer();

/**
 * The work ledger on a real database: the demo school's two semesters; recording by role (a class teacher only their
 * classes, another school 404); photos without EXIF and PDFs by their bytes; a letter home published appearing by
 * itself; due → overdue as the clock moves to the next semester; the district's catalogue and side-by-side view;
 * the inspection export (PDF pages rendered, section titles in its text, the xlsx index); reminders once per duty.
 */
describe('work ledger', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let fake: FakeWechat;
  /** A second class of school B, which B's demo teacher does not teach. */
  let otherB: string;
  const as = (role: Role, school: 'a' | 'b' = 'a') => t.login(role, school);
  const ledger = async (role: Role, school: 'a' | 'b', semester?: string): Promise<LedgerResponse> => {
    const res = await t.request('GET', `/schools/${ids[school].schoolId}/ledger${semester ? `?semester=${semester}` : ''}`, { token: await as(role, school) });
    expect(res.status).toBe(200);
    return res.body;
  };
  const duty = (l: LedgerResponse, key: string): LedgerDutyRow => l.duties.find((d) => d.key === key)!;
  const record = async (role: Role, school: 'a' | 'b', body: Record<string, unknown>) =>
    t.request('POST', `/schools/${ids[school].schoolId}/ledger/activities`, { token: await as(role, school), body });
  const meeting = (classIds: string[], over: Record<string, unknown> = {}) => ({
    dutyKey: 'class_meeting', heldOn: '2026-09-08', leader: '班主任', audience: 'classes', classIds, attendance: 40, description: '防欺凌主题班会', ...over,
  });

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url } });
    t.clock.set(sh('2026-09-10T08:00:00'));
    ids = await t.seedDemo();
    const own = await t.ds.getRepository(ClassEntity).findOneByOrFail({ id: ids.b.teacherClassId });
    otherB = (await t.ds.getRepository(ClassEntity).save({ schoolId: ids.b.schoolId, gradeId: own.gradeId, name: '2班' })).id;
  });
  afterAll(async () => {
    t.clock.reset();
    await t.stop();
    await fake.close();
  });

  it("the demo school: last semester complete, this one part done (demo seed)", async () => {
    const last = await ledger('principal', 'a', '2025-2');
    expect(last.duties.every((d) => d.status === 'done')).toBe(true);
    expect(last.counts.done).toBe(last.duties.length);
    const now = await ledger('principal', 'a');
    expect(now.semester).toBe('2026-1');
    expect(now.counts.done).toBeLessThan(now.duties.length);
    expect(duty(now, 'legal_lecture').status).toBe('done');
    expect(duty(now, 'mental_health').status).toBe('due');
    const photo = duty(last, 'legal_lecture').evidence[0].files.find((f) => f.kind === 'photo')!;
    const file = await t.request('GET', `/ledger/files/${photo.id}`, { token: await as('teacher', 'a') });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    // another school's staff: the file does not exist for them
    expect((await t.request('GET', `/ledger/files/${photo.id}`, { token: await as('principal', 'b') })).status).toBe(404);
  });

  it('a class teacher records their own class meeting; another class is 403, another school 404, other duties 403', async () => {
    const b = ids.b;
    const other = otherB;
    expect((await record('teacher', 'b', meeting([other]))).status).toBe(403);
    expect((await record('teacher', 'b', { ...meeting([]), dutyKey: 'legal_lecture', audience: 'school', classIds: undefined })).status).toBe(403);
    const crossSchool = await t.request('POST', `/schools/${b.schoolId}/ledger/activities`, { token: await as('teacher', 'a'), body: meeting([b.teacherClassId]) });
    expect(crossSchool.status).toBe(404);
    expect((await record('teacher', 'b', meeting([b.teacherClassId], { heldOn: '2026-09-11' }))).status).toBe(400); // after today
    const own = await record('teacher', 'b', meeting([b.teacherClassId]));
    expect(own.status).toBe(201);
    const l = await ledger('principal', 'b');
    const row = duty(l, 'class_meeting');
    expect(row.covered).toBe(1);
    expect(row.required).toBe(2);
    expect(row.status).toBe('partly');
    expect(row.missing).toEqual(['初一2班']);
    // the real time it was recorded (the test clock runs on from 08:00 on the 10th), not the day it was held
    expect(row.evidence[0].heldOn).toBe('2026-09-08');
    expect(new Date(row.evidence[0].recordedAt).getTime() - sh('2026-09-10T08:00:00').getTime()).toBeGreaterThanOrEqual(0);
    expect(new Date(row.evidence[0].recordedAt).getTime() - sh('2026-09-10T08:00:00').getTime()).toBeLessThan(120_000);
    // the teacher may not edit a class meeting the principal recorded
    const principalOne = await record('principal', 'b', meeting([other]));
    expect(principalOne.status).toBe(201);
    expect((await t.request('PATCH', `/ledger/activities/${principalOne.body.id}`, { token: await as('teacher', 'b'), body: { attendance: 1 } })).status).toBe(403);
    expect((await t.request('PATCH', `/ledger/activities/${principalOne.body.id}`, { token: await as('teacher', 'a'), body: { attendance: 1 } })).status).toBe(404);
    const edited = await t.request('PATCH', `/ledger/activities/${own.body.id}`, { token: await as('teacher', 'b'), body: { attendance: 41 } });
    expect(edited.status).toBe(200);
    expect(edited.body.updatedAt).not.toBeNull();
    const audit = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: b.schoolId, targetId: own.body.id } });
    expect(audit.map((e) => e.action).sort()).toEqual(['ledger.activity_edited', 'ledger.activity_recorded']);
    expect(audit.find((e) => e.action === 'ledger.activity_edited')!.details).toMatchObject({ fields: ['attendance'], before: { attendance: 40 } });
  });

  it('a teacher records their own training only; the principal records anyone’s', async () => {
    const training = (teacherUserId: string) => ({
      dutyKey: 'staff_training', heldOn: '2026-09-05', leader: '区教师发展中心', audience: 'staff', teacherUserId, attendance: 1, description: '防欺凌专题培训',
    });
    expect((await record('teacher', 'b', training(ids.b.userIds.principal))).status).toBe(403); // another person's training
    expect((await record('principal', 'b', training(ids.b.userIds.principal))).status).toBe(400); // not a teacher of the school
    expect((await record('teacher', 'b', training(ids.b.userIds.teacher))).status).toBe(201);
    const l = await ledger('principal', 'b');
    expect(duty(l, 'staff_training').covered).toBeGreaterThanOrEqual(1);
  });

  it('photos are kept without EXIF, PDFs by their bytes, anything else 415; nine photos at most', async () => {
    const act = await record('principal', 'b', { dutyKey: 'mental_health', heldOn: '2026-09-09', leader: '心理教师', audience: 'school', attendance: 300, description: '心理健康教育活动' });
    expect(act.status).toBe(201);
    const token = await as('principal', 'b');
    const original = await photoWithExif();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const up = await t.request('POST', `/ledger/activities/${act.body.id}/files`, { token, ...multipart(original, 'IMG_0001.jpg', 'image/jpeg') });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ kind: 'photo', name: '照片1.jpg' });
    const stored = await t.request('GET', `/ledger/files/${up.body.id}`, { token });
    expect((await sharp(stored.raw).metadata()).exif).toBeUndefined();
    expect(stored.raw.includes(Buffer.from('TestPhone'))).toBe(false);
    const pdf = await t.request('POST', `/ledger/activities/${act.body.id}/files`, { token, ...multipart(PDF, '../../etc/passwd.pdf') });
    expect(pdf.status).toBe(201);
    expect(pdf.body.name).toBe('材料1.pdf');
    expect((await t.request('POST', `/ledger/activities/${act.body.id}/files`, { token, ...multipart(Buffer.from('MZ not a photo'), 'x.jpg', 'image/jpeg') })).status).toBe(415);
    for (let i = 2; i <= 9; i++) expect((await t.request('POST', `/ledger/activities/${act.body.id}/files`, { token, ...multipart(original, 'p.jpg') })).status).toBe(201);
    const full = await t.request('POST', `/ledger/activities/${act.body.id}/files`, { token, ...multipart(original, 'p.jpg') });
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('LEDGER_FILES_FULL');
    // the teacher of the school may read it, not change it
    expect((await t.request('POST', `/ledger/activities/${act.body.id}/files`, { token: await as('teacher', 'b'), ...multipart(PDF, 'a.pdf') })).status).toBe(403);
    const l = await ledger('principal', 'b');
    expect(duty(l, 'mental_health').status).toBe('done');
  });

  it('a letter home published appears by itself, with a link to the letter', async () => {
    expect(duty(await ledger('principal', 'b'), 'letter_home').status).toBe('due');
    const token = await as('principal', 'b');
    const created = await t.request('POST', `/schools/${ids.b.schoolId}/notices`, { token, body: draft({ kind: 'letter', title: '致家长的一封信：预防校园欺凌' }) });
    expect(created.status).toBe(201);
    expect((await t.request('POST', `/notices/${created.body.id}/publish`, { token, body: {} })).status).toBe(200);
    const row = duty(await ledger('principal', 'b'), 'letter_home');
    expect(row.status).toBe('done');
    expect(row.evidence).toEqual([expect.objectContaining({ source: 'letter', activityId: null, title: '致家长的一封信：预防校园欺凌', link: `/subpackages/staff-notices/stats/index?id=${created.body.id}` })]);
  });

  it('the district edits its catalogue (audited in its chain) and sees its schools side by side', async () => {
    const officer = await as('district', 'a');
    const cat = await t.request('GET', `/districts/${ids.a.districtId}/ledger/duties`, { token: officer });
    expect(cat.status).toBe(200);
    const lecture = cat.body.duties.find((d: { key: string }) => d.key === 'legal_lecture');
    const put = await t.request('PUT', `/districts/${ids.a.districtId}/ledger/duties`, { token: officer, body: { ...lecture, name: '法治副校长讲座（每学期）', source: undefined, custom: undefined } });
    expect(put.status).toBe(200);
    const added = await t.request('PUT', `/districts/${ids.a.districtId}/ledger/duties`, {
      token: officer, body: { name: '校园安全隐患排查', frequency: 'semester', appliesTo: '全校', evidence: '排查记录', retired: false },
    });
    expect(added.status).toBe(200);
    expect(added.body.duties.filter((d: { custom: boolean }) => d.custom)).toHaveLength(1);
    expect((await t.request('PUT', `/districts/${ids.b.districtId}/ledger/duties`, { token: officer, body: { name: 'x', frequency: 'semester', appliesTo: 'x', evidence: 'x', retired: false } })).status).toBe(404);
    expect((await t.request('PUT', `/districts/${ids.a.districtId}/ledger/duties`, { token: await as('principal', 'a'), body: { name: 'x', frequency: 'semester', appliesTo: 'x', evidence: 'x', retired: false } })).status).toBe(403);
    const chain = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: ids.a.districtId, action: 'ledger.duty_changed' } });
    expect(chain).toHaveLength(2);
    const a = await ledger('principal', 'a');
    expect(duty(a, 'legal_lecture').name).toBe('法治副校长讲座（每学期）');
    expect((await t.request('GET', `/districts/${ids.a.districtId}/ledger`, { token: await as('district', 'b') })).status).toBe(404);
    const overview = await t.request('GET', `/districts/${ids.a.districtId}/ledger`, { token: officer });
    expect(overview.status).toBe(200);
    const mine = overview.body.schools.find((s: { schoolId: string }) => s.schoolId === ids.a.schoolId);
    expect(mine.statuses.legal_lecture).toBe('done');
    expect(Object.keys(mine.statuses)).toHaveLength(overview.body.duties.length);
    expect(JSON.stringify(overview.body)).not.toContain('description');
    // retiring a duty takes it off the schools' ledgers
    const customKey = added.body.duties.find((d: { custom: boolean }) => d.custom).key;
    await t.request('PUT', `/districts/${ids.a.districtId}/ledger/duties`, { token: officer, body: { key: customKey, name: '校园安全隐患排查', frequency: 'semester', appliesTo: '全校', evidence: '排查记录', retired: true } });
    expect((await ledger('principal', 'a')).duties.some((d) => d.key === customKey)).toBe(false);
  });

  it('the inspection export: queued, made by the worker with progress, a PDF with its sections and photos, an xlsx index', async () => {
    const token = await as('principal', 'a');
    expect((await t.request('POST', `/schools/${ids.a.schoolId}/ledger/exports`, { token: await as('teacher', 'a'), body: {} })).status).toBe(403);
    expect((await t.request('POST', `/schools/${ids.a.schoolId}/ledger/exports`, { token: await as('principal', 'b'), body: {} })).status).toBe(404);
    const asked = await t.request('POST', `/schools/${ids.a.schoolId}/ledger/exports`, { token, body: { semester: '2025-2' } });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'queued', progress: 0, semester: '2025-2' });
    expect((await t.request('GET', `/ledger/exports/${asked.body.id}/ledger.pdf`, { token })).status).toBe(409);
    await t.get(LedgerExportMaker).run();
    const list = await t.request('GET', `/schools/${ids.a.schoolId}/ledger/exports`, { token });
    expect(list.body.items[0]).toMatchObject({ id: asked.body.id, status: 'ready', progress: 100 });
    const pdf = await t.request('GET', `/ledger/exports/${asked.body.id}/ledger.pdf`, { token });
    expect(pdf.status).toBe(200);
    expect(pdf.raw.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf.raw);
    for (const title of ['防治欺凌工作台账', '目录', '法治副校长讲座（每学期）', '防欺凌主题班会', '教职工防欺凌专题培训', '致家长的一封信']) expect(text).toContain(title);
    expect(text).toContain('录入');
    const pages = pdfPages(pdf.raw);
    expect(pages.length).toBeGreaterThan(3);
    for (const png of pages.slice(0, 3)) {
      const { channels } = await sharp(png).stats();
      expect(channels[0].min).toBeLessThan(128); // something dark is drawn: not a blank page
    }
    expect((await t.request('GET', `/ledger/exports/${asked.body.id}/ledger.pdf`, { token: await as('principal', 'b') })).status).toBe(404);
    expect((await t.request('GET', `/ledger/exports/${asked.body.id}/ledger.pdf`, { token: await as('teacher', 'a') })).status).toBe(403);
    const xlsx = await t.request('GET', `/ledger/exports/${asked.body.id}/ledger.xlsx`, { token });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['工作项目', '记录索引']);
    expect(wb.worksheets[1].rowCount).toBeGreaterThan(5);
    const audit = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: ids.a.schoolId, action: 'ledger.exported' } });
    expect(audit).toHaveLength(1);
  });

  it('reminders go out once per duty two weeks before it falls due; a moved clock turns due into overdue', async () => {
    const reminders = t.get(LedgerReminders);
    expect(await reminders.run()).toBe(0); // September: nothing falls due within two weeks
    t.clock.set(sh('2027-01-20T09:00:00'));
    const sent = await reminders.run();
    expect(sent).toBeGreaterThan(0);
    expect(await reminders.run()).toBe(0);
    const rows = await t.ds.getRepository(OutboxEntity).find({ where: { template: LEDGER_REMINDER_TEMPLATE } });
    expect(rows.length).toBe(sent);
    expect(rows.every((r) => r.channel === 'inbox_only')).toBe(true);
    const b = await ledger('principal', 'b', '2026-1');
    expect(duty(b, 'legal_lecture').status).toBe('due');
    t.clock.set(sh('2027-02-01T00:00:00'));
    const after = await ledger('principal', 'b', '2026-1');
    expect(duty(after, 'legal_lecture').status).toBe('overdue');
    expect(duty(after, 'mental_health').status).toBe('done');
    const next = await ledger('principal', 'b');
    expect(next.semester).toBe('2026-2');
    expect(duty(next, 'legal_lecture').status).toBe('due');
  });
});
