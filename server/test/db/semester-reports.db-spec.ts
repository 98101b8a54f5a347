import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { SEMESTER_REPORTS_JOB, SemesterReportMaker } from '../../src/features/reports/semester-report-maker';
import { SemesterReportEntity } from '../../src/features/reports/semester-report.entity';
import { DistrictEntity } from '../../src/features/tenancy/district.entity';
import { SchoolEntity } from '../../src/features/tenancy/school.entity';
import { PeriodicJobs } from '../../src/platform/worker/periodic-jobs';
import { TestApp } from '../support/test-app';
import { ackAfter, fileTipAt, freshLogin, sh } from './oversight-helpers';

const DAY = 86_400_000;
const LABEL = '2026-2027学年 第一学期';

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'semester-report-'));
  try {
    const file = join(dir, 'r.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function sheetRows(xlsx: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['学期报告']);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

/**
 * Semester reports on a real database: asked for (202, queued), made by the worker's job (progress, ready), the
 * xlsx and the PDF read back (exceljs, pdftotext) with the dashboard's figures, exact for the school's case handlers
 * and '<3' for the admin and the district; who may ask, list and download; 409 while not ready; gone after 7 days.
 */
describe('semester reports', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let schoolName: string;
  let districtName: string;
  const as = (role: Parameters<TestApp['login']>[0], school: 'a' | 'b' = 'a') => freshLogin(t, role, school);
  const make = () => t.get(SemesterReportMaker).run();
  const file = async (role: Parameters<TestApp['login']>[0], id: string, kind: 'xlsx' | 'pdf', school: 'a' | 'b' = 'a') =>
    t.request('GET', `/reports/${id}/report.${kind}`, { token: await as(role, school) });

  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(sh('2026-09-01T08:00:00'));
    ids = await t.seedDemo();
    schoolName = (await t.ds.getRepository(SchoolEntity).findOneByOrFail({ id: ids.a.schoolId })).name;
    districtName = (await t.ds.getRepository(DistrictEntity).findOneByOrFail({ id: ids.a.districtId })).name;
    // This semester at school A: two verbal tips in October (one acknowledged), one cyber tip in November.
    const first = await fileTipAt(t, ids.a.schoolId, sh('2026-10-08T09:00:00'), { category: 'verbal' });
    await ackAfter(t, first, 1);
    await fileTipAt(t, ids.a.schoolId, sh('2026-10-09T20:00:00'), { category: 'verbal' });
    await fileTipAt(t, ids.a.schoolId, sh('2026-11-03T10:00:00'), { category: 'cyber' });
    t.clock.set(sh('2026-11-10T10:00:00'));
  });
  afterAll(() => t?.stop());

  it("a school's report: queued, made by the worker, its xlsx and PDF carry the dashboard's exact figures for the principal", async () => {
    const principal = await as('principal');
    const asked = await t.request('POST', `/schools/${ids.a.schoolId}/reports`, { token: principal, body: { semester: '2026-1' } });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ scope: 'school', scopeId: ids.a.schoolId, semester: '2026-1', semesterLabel: LABEL, status: 'queued', progress: 0, exact: true });
    expect(new Date(asked.body.expiresAt).getTime() - new Date(asked.body.createdAt).getTime()).toBe(7 * DAY);
    // asked again while it waits: the same report
    expect((await t.request('POST', `/schools/${ids.a.schoolId}/reports`, { token: principal, body: {} })).body.id).toBe(asked.body.id);
    const early = await file('principal', asked.body.id, 'xlsx');
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('REPORT_NOT_READY');

    // the worker's periodic job makes it (run here as a worker of this process would)
    const jobs = t.get(PeriodicJobs);
    jobs.attachWorker('semester-reports-spec');
    try {
      expect(await jobs.runNow(SEMESTER_REPORTS_JOB)).toBe(true);
    } finally {
      jobs.attachWorker(null);
    }
    const list = await t.request('GET', `/schools/${ids.a.schoolId}/reports`, { token: principal });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: asked.body.id, status: 'ready', progress: 100 })]);

    const xlsx = await file('principal', asked.body.id, 'xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain(encodeURIComponent(`${schoolName}${LABEL}学期报告.xlsx`));
    const rows = await sheetRows(xlsx.raw);
    expect(rows[0][0]).toBe(`${schoolName} ${LABEL} 学期报告`);
    expect(rows).toContainEqual(['分组', '项目', '数值']);
    expect(rows).toContainEqual(['按月份', '10月', '2']);
    expect(rows).toContainEqual(['按月份', '11月', '1']);
    expect(rows).toContainEqual(['按月份', '12月', '0']);
    expect(rows).toContainEqual(['按类别', '言语欺凌', '2']);
    expect(rows).toContainEqual(['按类别', '网络欺凌', '1']);
    expect(rows).toContainEqual(['举报', '举报总数', '3']);
    expect(rows).toContainEqual(['受理', '已受理', '1']);
    expect(rows.flat()).not.toContain('<3');

    const pdf = await file('principal', asked.body.id, 'pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.raw.subarray(0, 4).toString()).toBe('%PDF');
    const text = pdfText(pdf.raw);
    expect(text).toContain(schoolName);
    expect(text).toContain('学期报告');
    expect(text).toContain('举报按类别');
    expect(text).toContain('言语欺凌');
    expect(text).toMatch(/举报总数：\s*3/);
  });

  it("the admin's report shows small counts as '<3', and the principal's exact one is not theirs to list or open", async () => {
    const admin = await as('admin');
    const exactId = (await t.ds.getRepository(SemesterReportEntity).findOneByOrFail({ scopeId: ids.a.schoolId, exact: true })).id;
    const asked = await t.request('POST', `/schools/${ids.a.schoolId}/reports`, { token: admin, body: {} });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ semester: '2026-1', exact: false, status: 'queued' });
    await make();
    const list = await t.request('GET', `/schools/${ids.a.schoolId}/reports`, { token: admin });
    expect(list.body.items.map((r: any) => [r.id, r.status])).toEqual([[asked.body.id, 'ready']]);
    expect((await file('admin', exactId, 'xlsx')).status).toBe(404);
    const rows = await sheetRows((await file('admin', asked.body.id, 'xlsx')).raw);
    expect(rows).toContainEqual(['按类别', '言语欺凌', '<3']);
    expect(rows).toContainEqual(['受理', '已受理', '<3']);
    expect(rows).toContainEqual(['举报', '举报总数', '3']);
    expect(rows.flat().join()).toContain('为保护学生隐私');
    // the principal, a case handler, sees every report of the school
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/reports`, { token: await as('principal') })).body.items).toHaveLength(2);
  });

  it("a district's report: one row per school with small counts as '<3', as the district dashboard shows them", async () => {
    const officer = await as('district');
    const asked = await t.request('POST', `/districts/${ids.a.districtId}/reports`, { token: officer, body: { semester: '2026-1' } });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ scope: 'district', scopeId: ids.a.districtId, exact: false, status: 'queued' });
    await make();
    const dashboard = await t.request('GET', `/districts/${ids.a.districtId}/dashboard?semester=2026-1`, { token: officer });
    const rows = await sheetRows((await file('district', asked.body.id, 'xlsx')).raw);
    expect(rows[0][0]).toBe(`${districtName} ${LABEL} 学期报告`);
    const header = rows.findIndex((r) => r[0] === '学校');
    expect(rows[header].slice(0, 3)).toEqual(['学校', '举报数', '已受理']);
    const schoolRows = rows.slice(header + 1, -1);
    expect(schoolRows.map((r) => r[0])).toEqual(dashboard.body.schools.map((s: any) => s.schoolName));
    expect(schoolRows.find((r) => r[0] === schoolName)!.slice(1, 3)).toEqual(['3', '<3']);
    expect(rows[rows.length - 1][0]).toBe('合计');
    const text = pdfText((await file('district', asked.body.id, 'pdf')).raw);
    expect(text).toContain(districtName);
    expect(text).toContain('各校举报数');
    // the privacy note, and the school's bar of tips acknowledged within the deadline (one)
    expect(schoolRows.find((r) => r[0] === schoolName)![3]).toBe('<3');
    expect(text).toContain('各校按时受理');
    expect(text.split('<3').length - 1).toBeGreaterThanOrEqual(2);
  });

  it('who may: another school or district gets 404, a teacher 403, a principal no district report', async () => {
    const schoolReport = (await t.ds.getRepository(SemesterReportEntity).findOneByOrFail({ scopeId: ids.a.schoolId, exact: true })).id;
    const districtReport = (await t.ds.getRepository(SemesterReportEntity).findOneByOrFail({ scopeId: ids.a.districtId })).id;
    expect((await file('principal', schoolReport, 'xlsx', 'b')).status).toBe(404);
    expect((await file('district', districtReport, 'pdf', 'b')).status).toBe(404);
    // a district officer holds no school dashboard right (as for the dashboard itself)
    expect((await file('district', schoolReport, 'pdf')).status).toBe(403);
    expect([403, 404]).toContain((await file('principal', districtReport, 'pdf')).status);
    expect((await file('teacher', schoolReport, 'xlsx')).status).toBe(403);
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/reports`, { token: await as('principal', 'b') })).status).toBe(404);
    expect((await t.request('POST', `/schools/${ids.a.schoolId}/reports`, { token: await as('principal', 'b'), body: {} })).status).toBe(404);
    expect((await t.request('POST', `/districts/${ids.a.districtId}/reports`, { token: await as('district', 'b'), body: {} })).status).toBe(404);
    expect([403, 404]).toContain((await t.request('POST', `/districts/${ids.a.districtId}/reports`, { token: await as('principal'), body: {} })).status);
    expect((await t.request('POST', `/schools/${ids.a.schoolId}/reports`, { token: await as('teacher'), body: {} })).status).toBe(403);
    const bad = await t.request('POST', `/schools/${ids.a.schoolId}/reports`, { token: await as('principal'), body: { semester: '2026-3' } });
    expect(bad.status).toBe(400);
  });

  it('a report the worker cannot make is failed: listed so, 409 to download, and asked for anew', async () => {
    const reports = t.ds.getRepository(SemesterReportEntity);
    // a semester no calendar has (set up directly: the API refuses it with 400)
    const broken = await reports.save(reports.create({
      scope: 'district', scopeId: ids.a.districtId, semesterKey: '2026-9', exact: false, status: 'queued', progress: 0,
      requestedBy: ids.a.userIds.district, createdAt: t.clock.now(), finishedAt: null, expiresAt: new Date(t.clock.now().getTime() + 7 * DAY),
    }));
    await make();
    const officer = await as('district');
    const list = await t.request('GET', `/districts/${ids.a.districtId}/reports`, { token: officer });
    expect(list.body.items.find((r: any) => r.id === broken.id)).toMatchObject({ status: 'failed', progress: 0 });
    const res = await file('district', broken.id, 'pdf');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'REPORT_NOT_READY', message: '报告生成失败，请重新生成' });
    await reports.delete({ id: broken.id });
  });

  it('after 7 days a report is gone: 404, no longer listed, and the worker deletes its row', async () => {
    const reports = t.ds.getRepository(SemesterReportEntity);
    const id = (await reports.findOneByOrFail({ scopeId: ids.a.schoolId, exact: true })).id;
    t.clock.advance(7 * DAY - 60_000);
    expect((await file('principal', id, 'pdf')).status).toBe(200);
    await make();
    expect(await reports.countBy({ id })).toBe(1);
    t.clock.advance(60_000);
    expect((await file('principal', id, 'pdf')).status).toBe(404);
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/reports`, { token: await as('principal') })).body.items).toEqual([]);
    await make();
    expect(await reports.count()).toBe(0);
  });
});
