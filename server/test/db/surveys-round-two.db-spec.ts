import ExcelJS from 'exceljs';
import { SURVEY_SMALL_CELL, surveyKindQuestionId, type SurveyAnswerItem } from '@anxin/shared';
import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { SurveyAnswerEntity } from '../../src/features/surveys/survey-answer.entity';
import { SurveyTextCheckService } from '../../src/features/surveys/survey-text-check.service';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { TestApp } from '../support/test-app';

/** Autumn 2030 (semester 2030-1) and spring 2031 (2030-2), 10:00 in Shanghai. */
const AUTUMN = new Date('2030-11-11T02:00:00.000Z');
const SPRING = new Date('2031-03-03T02:00:00.000Z');
const DAY = 86_400_000;
const RISKY = '砍死';

const hit = (choice: number): SurveyAnswerItem => ({ questionId: surveyKindQuestionId('hit'), choice });
const safety = (choice: number): SurveyAnswerItem => ({ questionId: 'safety', choice });
const toilet: SurveyAnswerItem = { questionId: 'place', choices: [2] };

/**
 * Surveys, second round, on both engines with the fake WeChat: free text passes the content check before the
 * designated contact sees it (risky text held, a transient failure retried, nobody else sees any); a finding marked on
 * the autumn survey is shown with its figure then and now in the spring report (audited); the district officer sees
 * every school's headline figures with the sharp worsening flagged, and another district gets 404.
 */
describe('surveys, second round: content check, findings, the district view', () => {
  let fake: FakeWechat;
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Record<string, string> = {};
  let class3a: string;
  let autumnId: string;
  let springId: string;

  const open = async (at: Date, customQuestions: unknown[] = []) => {
    const res = await t.request('POST', `/schools/${ids.a.schoolId}/surveys`, {
      token: tok.contact, body: { classIds: [class3a], opensAt: at.toISOString(), closesAt: new Date(at.getTime() + 5 * DAY).toISOString(), customQuestions, spareCodes: 0 },
    });
    expect(res.status).toBe(201);
    const codes = (await t.request('GET', `/surveys/${res.body.id}/classes/${class3a}/codes`, { token: tok.contact })).body.codes as string[];
    return { id: res.body.id as string, codes };
  };
  const answer = (body: unknown) => t.request('POST', '/surveys/answers', { body });
  const report = (id: string, token: string) => t.request('GET', `/surveys/${id}/report`, { token });
  const loginAll = async () => {
    for (const role of ['teacher', 'principal', 'admin', 'contact', 'district'] as const) tok[role] = await t.login(role, 'a');
    tok.principalB = await t.login('principal', 'b');
    tok.districtB = await t.login('district', 'b');
  };

  beforeAll(async () => {
    fake = await startFakeWechat({ riskyKeywords: [RISKY] });
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url } });
    t.clock.set(AUTUMN);
    ids = await t.seedDemo();
    await loginAll();
    [class3a] = ids.a.classIds;
    const repo = t.ds.getRepository(StudentEntity);
    for (let i = await repo.count({ where: { classId: class3a } }); i < 26; i++) {
      await repo.save(repo.create({ schoolId: ids.a.schoolId, classId: class3a, name: `学生${i}`, studentNo: null, gender: null, createdAt: AUTUMN, updatedAt: AUTUMN }));
    }
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  it('autumn: ten answers, three with text; the contact sees text only once it passed the check, risky text is held', async () => {
    const autumn = await open(AUTUMN, [{ type: 'text', text: '你还想告诉学校什么？' }]);
    autumnId = autumn.id;
    // 2 of 10 hit in the toilet; everyone 4/5 safe.
    for (let i = 0; i < 10; i++) {
      const items = [hit(i < 2 ? 1 : 0), safety(3), ...(i < 2 ? [toilet] : [])];
      if (i === 0) items.push({ questionId: 'own_1', text: '希望操场多几个老师' });
      if (i === 1) items.push({ questionId: 'own_1', text: `他说要${RISKY}我` });
      if (i === 2) items.push({ questionId: 'own_1', text: '厕所的灯坏了' });
      expect((await answer({ code: autumn.codes[i], answers: items })).status).toBe(201);
    }
    const rows = await t.ds.getRepository(SurveyAnswerEntity).find({ where: { surveyId: autumnId } });
    expect(rows.map((r) => r.textsCheck).sort()).toEqual(['pending', 'pending', 'pending', null, null, null, null, null, null, null].sort());

    // Not yet checked: the contact sees no text, only that some wait.
    let own = (await report(autumnId, tok.contact)).body.ownQuestions[0];
    expect(own).toMatchObject({ texts: [], textsPending: SURVEY_SMALL_CELL, textsHeld: SURVEY_SMALL_CELL });

    // One transient failure: that row stays pending and is checked on the next round.
    fake.injectFault({ endpoint: 'msg_sec_check', fault: { type: 'errcode', errcode: -1, errmsg: 'system busy' }, count: 1 });
    const checker = t.get<SurveyTextCheckService>(SurveyTextCheckService);
    expect(await checker.checkPending()).toBe(2);
    expect(await checker.checkPending()).toBe(1);
    expect(await checker.checkPending()).toBe(0);
    const checked = await t.ds.getRepository(SurveyAnswerEntity).find({ where: { surveyId: autumnId } });
    expect(checked.filter((r) => r.textsCheck === 'pass')).toHaveLength(2);
    expect(checked.filter((r) => r.textsCheck === 'held')).toHaveLength(1);

    own = (await report(autumnId, tok.contact)).body.ownQuestions[0];
    expect([...own.texts].sort()).toEqual(['厕所的灯坏了', '希望操场多几个老师'].sort());
    expect(JSON.stringify(own)).not.toContain(RISKY);
    expect(own).toMatchObject({ textsPending: SURVEY_SMALL_CELL, textsHeld: SURVEY_SMALL_CELL });
    for (const token of [tok.principal, tok.admin]) {
      expect((await report(autumnId, token)).body.ownQuestions[0]).toMatchObject({ texts: null, textsPending: null, textsHeld: null });
    }
  });

  it('the contact marks a finding with measures and a day (audited); bad ones are refused; others may not', async () => {
    const url = `/surveys/${autumnId}/findings`;
    const body = { gradeName: '三年级', place: 2, kind: 'hit', text: '三年级 厕所 肢体欺凌', measures: '课间安排教师在厕所附近巡查；班会讲如何求助', dueOn: '2031-01-15' };
    const res = await t.request('POST', url, { token: tok.contact, body });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...body, surveyId: autumnId, figureLabel: '三年级 · 在厕所被打、被推的比例', then: 0.2, now: 0.2 });
    expect((await t.request('POST', url, { token: tok.contact, body: { ...body, gradeName: '九年级' } })).body.code).toBe('SURVEY_INVALID');
    expect((await t.request('POST', url, { token: tok.contact, body: { ...body, dueOn: '2031-02-30' } })).body.code).toBe('SURVEY_INVALID');
    expect((await t.request('POST', url, { token: tok.contact, body: { ...body, kind: 'kick' } })).status).toBe(400);
    expect((await t.request('POST', url, { token: tok.contact, body: { ...body, place: null } })).status).toBe(400);
    expect((await t.request('POST', url, { token: tok.admin, body })).status).toBe(403);
    expect((await t.request('POST', url, { token: tok.teacher, body })).status).toBe(403);
    expect((await t.request('POST', url, { token: tok.principalB, body })).status).toBe(404);
    const audits = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: ids.a.schoolId, action: 'survey.finding_marked' } });
    expect(audits).toHaveLength(1);
    expect(audits[0].details).toMatchObject({ findingId: res.body.id, measures: body.measures, dueOn: body.dueOn });
    const r = (await report(autumnId, tok.principal)).body;
    expect(r.findings).toEqual([expect.objectContaining({ id: res.body.id, then: 0.2, now: 0.2 })]);
    expect(r.canMarkFindings).toBe(true);
    expect((await report(autumnId, tok.admin)).body.canMarkFindings).toBe(false);
  });

  it('spring: the report shows the autumn finding then and now', async () => {
    t.clock.set(SPRING);
    await loginAll();
    const spring = await open(SPRING, [{ type: 'single', text: '=HYPERLINK("http://x","点我")', options: ['@危险', '正常'] }]);
    springId = spring.id;
    // 5 of 10 hit in the toilet; safety falls to 3/5.
    for (let i = 0; i < 10; i++) {
      expect((await answer({ code: spring.codes[i], answers: [hit(i < 5 ? 2 : 0), safety(2), ...(i < 5 ? [toilet] : [])] })).status).toBe(201);
    }
    const r = (await report(springId, tok.contact)).body;
    expect(r.previous.survey.id).toBe(autumnId);
    expect(r.overall.prevalence).toBeCloseTo(0.5);
    expect(r.previous.overall.prevalence).toBeCloseTo(0.2);
    expect(r.findings).toEqual([]);
    expect(r.followUps).toEqual([expect.objectContaining({ surveyId: autumnId, text: '三年级 厕所 肢体欺凌', then: 0.2, now: 0.5 })]);
  });

  it('the district sees every school side by side, aggregated, the sharp worsening flagged first; another district 404', async () => {
    const res = await t.request('GET', `/districts/${ids.a.districtId}/surveys`, { token: tok.district });
    expect(res.status).toBe(200);
    expect(res.body.semesterKey).toBe('2030-2');
    const [first, ...rest] = res.body.schools;
    expect(first).toMatchObject({
      schoolId: ids.a.schoolId, responses: 10, worsenedSharply: true, safetyMean: 3, previous: { safetyMean: 4 },
    });
    expect(first.responseRate).toBeCloseTo(10 / 26);
    expect(first.prevalence).toBeCloseTo(0.5);
    expect(first.prevalenceChange).toBeCloseTo(0.3);
    expect(first.safetyChange).toBeCloseTo(-1);
    expect(rest.every((s: any) => !s.worsenedSharply)).toBe(true);
    // Nothing but aggregates: no class, no grade, no text.
    expect(JSON.stringify(res.body)).not.toMatch(/classId|gradeName|texts/);

    // Autumn: the school's survey then, compared with the demo's survey of the semester before (16 answers).
    const autumn = (await t.request('GET', `/districts/${ids.a.districtId}/surveys?semester=2030-1`, { token: tok.district })).body;
    expect(autumn.schools.find((s: any) => s.schoolId === ids.a.schoolId)).toMatchObject({ responses: 10, survey: { id: autumnId } });

    expect((await t.request('GET', `/districts/${ids.a.districtId}/surveys`, { token: tok.districtB })).status).toBe(404);
    expect((await t.request('GET', `/districts/${ids.a.districtId}/surveys`, { token: tok.principal })).status).toBe(403); // no district rights
    expect((await t.request('GET', `/districts/${ids.a.districtId}/surveys?semester=1999-9`, { token: tok.district })).status).toBe(400);
    const audits = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: ids.a.districtId, action: 'survey.district_viewed' } });
    expect(audits).toHaveLength(2);
  });

  it('a school with fewer than five answers shows no figure to the district', async () => {
    const classB = ids.b.classIds[0];
    const opened = await t.request('POST', `/schools/${ids.b.schoolId}/surveys`, {
      token: tok.principalB, body: { classIds: [classB], opensAt: SPRING.toISOString(), closesAt: new Date(SPRING.getTime() + 5 * DAY).toISOString() },
    });
    expect(opened.status).toBe(201);
    const codes = (await t.request('GET', `/surveys/${opened.body.id}/classes/${classB}/codes`, { token: tok.principalB })).body.codes as string[];
    for (let i = 0; i < 4; i++) expect((await answer({ code: codes[i], answers: [hit(1), safety(0)] })).status).toBe(201);
    const b = await t.request('GET', `/districts/${ids.b.districtId}/surveys`, { token: tok.districtB });
    expect(b.status).toBe(200);
    expect(b.body.schools.find((s: any) => s.schoolId === ids.b.schoolId)).toMatchObject({
      survey: { id: opened.body.id }, responses: SURVEY_SMALL_CELL, responseRate: null, prevalence: null, safetyMean: null, prevalenceChange: null, worsenedSharply: false,
    });
  });

  it('exports: an xlsx of the aggregated tables (formula-like text neutralised, no free text) and a PDF; audited; the report\'s right', async () => {
    const raw = (url: string, token: string) => t.app.getHttpAdapter().getInstance()
      .inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` } });
    const x = await raw(`/surveys/${springId}/report.xlsx`, tok.contact);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as any);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['各班答题率', '全校与各年级', '学校自己的问题', '发现与措施']);
    const cells = wb.worksheets.flatMap((w) => w.getSheetValues().flatMap((r) => (Array.isArray(r) ? r : [])).map(String));
    expect(cells).toContain('\'=HYPERLINK("http://x","点我")');
    expect(cells).toContain('\'@危险');
    expect(cells.some((c) => c.startsWith('=') || c.startsWith('@'))).toBe(false);
    expect(cells).toContain('50%'); // the prevalence and the finding's figure now
    const all = cells.join('|');
    for (const text of ['希望操场多几个老师', '厕所的灯坏了', RISKY]) expect(all).not.toContain(text);
    // The autumn export: its text question is not exported at all.
    const autumn = await raw(`/surveys/${autumnId}/report.xlsx`, tok.contact);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(autumn.rawPayload as any);
    const autumnCells = wb2.worksheets.flatMap((w) => w.getSheetValues().flatMap((r) => (Array.isArray(r) ? r : [])).map(String)).join('|');
    expect(autumnCells).toContain('各班答题率');
    expect(autumnCells).not.toContain('希望操场多几个老师');

    const pdf = await raw(`/surveys/${springId}/report.pdf`, tok.principal);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.includes(Buffer.from('NotoSansSC'))).toBe(true); // the embedded Chinese font
    expect((await raw(`/surveys/${springId}/report.pdf`, tok.teacher)).statusCode).toBe(403);
    expect((await raw(`/surveys/${springId}/report.xlsx`, tok.principalB)).statusCode).toBe(404);
    const audits = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: ids.a.schoolId, action: 'survey.report_exported' } });
    expect(audits.map((a) => (a.details as any).format).sort()).toEqual(['pdf', 'xlsx', 'xlsx']);
  });
});
