import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SURVEY_SMALL_CELL, surveyKindQuestionId, type SurveyAnswerItem } from '@anxin/shared';
import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { SurveyAnswerEntity } from '../../src/features/surveys/survey-answer.entity';
import { SurveyCodeEntity } from '../../src/features/surveys/survey-code.entity';
import { SurveyTextCheckService } from '../../src/features/surveys/survey-text-check.service';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { TestApp } from '../support/test-app';
import { dumpAllTables } from './tips-helpers';

const CLIENT_IP = '203.0.113.77';
const FORWARDED_IP = '198.51.100.23';
const CANARY = 'survey-canary-7f3a';
/** Autumn 2030 (semester 2030-1) and spring 2031 (2030-2), 10:00 in Shanghai. */
const AUTUMN = new Date('2030-11-11T02:00:00.000Z');
const SPRING = new Date('2031-03-03T02:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const hit = (choice: number): SurveyAnswerItem => ({ questionId: surveyKindQuestionId('hit'), choice });
const safety = (choice: number): SurveyAnswerItem => ({ questionId: 'safety', choice });

/**
 * A survey from start to report at the demo school: the autumn survey of 三年级1班 (six answers), then the spring survey
 * of 三年级1班 (26 students) and 四年级1班 (8 students) with the school's own questions; codes printed; 30 children
 * answer (a used code, a code of another survey and an answer after the window are refused); the report shows the
 * rates, suppresses 四年级 (4 answers) and compares with autumn; no answer row, no table and no SQLite byte ties an
 * answer to a code or an address; and who may see what.
 */
describe('surveys: open, codes, answer, report', () => {
  let fake: FakeWechat;
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Record<string, string> = {};
  let class3a: string;
  let class4: string;
  let autumnId: string;
  let springId: string;
  let codes3a: string[];
  let codes4: string[];
  let autumnCodes: string[];
  let demoFinishedId: string;

  const answer = (body: unknown, ip = CLIENT_IP) => t.app.getHttpAdapter().getInstance()
    .inject({ method: 'POST', url: '/api/v1/surveys/answers', payload: body as any, remoteAddress: ip, headers: { 'x-forwarded-for': FORWARDED_IP } })
    .then((r) => ({ status: r.statusCode, body: JSON.parse(r.body) }));
  const open = (body: unknown, token = tok.principal) => t.request('POST', `/schools/${ids.a.schoolId}/surveys`, { token, body });
  const printCodes = async (surveyId: string, classId: string, token = tok.contact) => t.request('GET', `/surveys/${surveyId}/classes/${classId}/codes`, { token });

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url } });
    t.clock.set(AUTUMN);
    ids = await t.seedDemo();
    for (const role of ['teacher', 'principal', 'admin', 'contact', 'guardian', 'student', 'committee'] as const) tok[role] = await t.login(role, 'a');
    tok.principalB = await t.login('principal', 'b');
    tok.contactB = await t.login('contact', 'b');
    [class3a, , class4] = ids.a.classIds;
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  it('the demo school has last semester\'s survey finished and this one open with five answers from 三年级1班', async () => {
    const list = (await t.request('GET', `/schools/${ids.a.schoolId}/surveys`, { token: tok.principal })).body;
    expect(list.canManage).toBe(true);
    expect(list.items.map((s: any) => [s.semesterKey, s.status])).toEqual([['2030-1', 'open'], ['2029-2', 'closed']]);
    const open = (await t.request('GET', `/surveys/${list.items[0].id}`, { token: tok.principal })).body;
    expect(open.classes.map((c: any) => c.answers)).toEqual([5, SURVEY_SMALL_CELL, SURVEY_SMALL_CELL]);
    const report = (await t.request('GET', `/surveys/${list.items[1].id}/report`, { token: tok.principal })).body;
    expect(report.classes.map((c: any) => [c.answers, c.rate])).toEqual([[7, 7 / 8], [5, 5 / 6], [SURVEY_SMALL_CELL, null]]);
    expect(report.grades.map((g: any) => g.responses)).toEqual([12, SURVEY_SMALL_CELL]);
    expect(report.overall.responses).toBe(16);
    expect(report.previous).toBeNull();
    expect(report.findings).toEqual([expect.objectContaining({ gradeName: '三年级', kind: 'names', text: '三年级 言语欺凌偏多' })]);
    // This semester's report follows the finding up: 三年级's share called names then (12 answers) and now (5 answers).
    const openReport = (await t.request('GET', `/surveys/${list.items[0].id}/report`, { token: tok.contact })).body;
    expect(openReport.followUps).toEqual([expect.objectContaining({ text: '三年级 言语欺凌偏多', then: report.findings[0].then })]);
    expect(openReport.followUps[0].now).not.toBeUndefined();
    expect(open.parents).toBe(true);
    demoFinishedId = list.items[1].id;
  });

  it('autumn: the contact opens a survey of 三年级1班; six children answer; it is closed', async () => {
    // 三年级1班 grows to 26 students (the demo has 3).
    const repo = t.ds.getRepository(StudentEntity);
    const have = await repo.count({ where: { classId: class3a } });
    for (let i = have; i < 26; i++) {
      await repo.save(repo.create({ schoolId: ids.a.schoolId, classId: class3a, name: `学生${i}`, studentNo: null, gender: null, createdAt: AUTUMN, updatedAt: AUTUMN }));
    }
    const have4 = await repo.count({ where: { classId: class4 } });
    for (let i = have4; i < 8; i++) {
      await repo.save(repo.create({ schoolId: ids.a.schoolId, classId: class4, name: `四年级学生${i}`, studentNo: null, gender: null, createdAt: AUTUMN, updatedAt: AUTUMN }));
    }
    const res = await open({ classIds: [class3a], opensAt: AUTUMN.toISOString(), closesAt: new Date(AUTUMN.getTime() + 7 * DAY).toISOString(), spareCodes: 0 }, tok.contact);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'open', semesterKey: '2030-1', title: '防欺凌问卷调查', canManage: true, canReadReport: true });
    expect(res.body.classes).toEqual([expect.objectContaining({ classId: class3a, version: 'short', students: 26, codes: 26, answers: SURVEY_SMALL_CELL, rate: null })]);
    autumnId = res.body.id;
    autumnCodes = (await printCodes(autumnId, class3a)).body.codes;
    expect(autumnCodes).toHaveLength(26);
    // Three of six were hit (share 0.5), all feel 3/5 safe.
    for (const [i, code] of autumnCodes.slice(0, 6).entries()) {
      expect((await answer({ code, answers: [hit(i % 2), safety(2)] })).status).toBe(201);
    }
    expect((await t.request('POST', `/surveys/${autumnId}/close`, { token: tok.principal })).body.status).toBe('closed');
    expect((await t.request('POST', `/surveys/${autumnId}/close`, { token: tok.principal })).status).toBe(409);
    // After closing, an unused code is refused.
    const late = await answer({ code: autumnCodes[10], answers: [] });
    expect(late).toMatchObject({ status: 409, body: { code: 'SURVEY_NOT_OPEN' } });
  });

  it('spring: the principal opens it for two classes with the school\'s own questions; bad requests get the one error shape', async () => {
    t.clock.set(SPRING);
    for (const role of ['teacher', 'principal', 'admin', 'contact', 'guardian', 'student', 'committee'] as const) tok[role] = await t.login(role, 'a');
    tok.principalB = await t.login('principal', 'b');
    tok.contactB = await t.login('contact', 'b');
    const window = { opensAt: SPRING.toISOString(), closesAt: new Date(SPRING.getTime() + 5 * DAY).toISOString() };
    const own = [
      { type: 'single', text: '你喜欢课间活动吗？', options: ['喜欢', '一般', '不喜欢'] },
      { type: 'text', text: '你还想告诉学校什么？' },
    ];
    expect((await open({ ...window, classIds: [class3a, ids.b.classIds[0]] })).body.code).toBe('SURVEY_INVALID'); // another school's class
    expect((await open({ ...window, classIds: [class3a], customQuestions: [{ type: 'single', text: '只有一个选项', options: ['是'] }] })).status).toBe(422);
    expect((await open({ ...window, classIds: [class3a], customQuestions: Array(6).fill(own[0]) })).status).toBe(400);
    expect((await open({ ...window, classIds: [class3a], closesAt: new Date(SPRING.getTime() - HOUR).toISOString() })).body.code).toBe('SURVEY_INVALID');
    expect((await open({ ...window, classIds: [class3a] }, tok.teacher)).status).toBe(403);
    expect((await open({ ...window, classIds: [class3a] }, tok.admin)).status).toBe(403);
    expect((await open({ ...window, classIds: [class3a] }, tok.principalB)).status).toBe(404);

    const res = await open({ ...window, title: '春季防欺凌问卷', classIds: [class3a, class4], customQuestions: own, spareCodes: 2 });
    expect(res.status).toBe(201);
    springId = res.body.id;
    expect(res.body.semesterKey).toBe('2030-2');
    expect(res.body.classes.map((c: any) => [c.classId, c.version, c.codes])).toEqual([[class3a, 'short', 28], [class4, 'full', 10]]);
    codes3a = (await printCodes(springId, class3a, tok.principal)).body.codes;
    codes4 = (await printCodes(springId, class4)).body.codes;
    expect(codes3a).toHaveLength(28);
    expect(codes3a.every((c) => /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/.test(c))).toBe(true);
    expect(new Set([...codes3a, ...codes4, ...autumnCodes]).size).toBe(28 + 10 + 26);
    // Printed again: the same list (derived, not stored).
    expect((await printCodes(springId, class3a)).body.codes).toEqual(codes3a);
    const audits = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: ids.a.schoolId } });
    expect(audits.filter((a) => a.action === 'survey.codes_printed').length).toBe(4);
    expect(audits.filter((a) => a.action === 'survey.opened').length).toBe(2);
    expect(audits.filter((a) => a.action === 'survey.closed').length).toBe(1);
  });

  it('a code opens its questions: the short version for 三年级, the full one for 四年级, then the school\'s own', async () => {
    const short = await t.request('POST', '/surveys/codes/check', { body: { code: codes3a[0].toLowerCase().replace(/(.{4})/, '$1-') } });
    expect(short.status).toBe(200);
    expect(short.body).toMatchObject({ surveyId: springId, title: '春季防欺凌问卷', version: 'short' });
    expect(short.body.questions.map((q: any) => q.id)).toEqual(['kind_hit', 'kind_names', 'kind_left_out', 'kind_property', 'place', 'told', 'safety', 'own_1', 'own_2']);
    const full = await t.request('POST', '/surveys/codes/check', { body: { code: codes4[0] } });
    expect(full.body.version).toBe('full');
    expect(full.body.questions.map((q: any) => q.id)).toContain('kind_online');
    expect((await t.request('POST', '/surveys/codes/check', { body: { code: 'AAAAAAAA' } })).status).toBe(404);
    expect((await t.request('POST', '/surveys/codes/check', { body: { code: '0000' } })).body.code).toBe('VALIDATION_FAILED');
  });

  it('wrong codes are limited per client address; a right code from that address still opens', async () => {
    const check = (code: string) => t.app.getHttpAdapter().getInstance()
      .inject({ method: 'POST', url: '/api/v1/surveys/codes/check', payload: { code }, remoteAddress: '192.0.2.9' }).then((r) => r.statusCode);
    for (let i = 0; i < 30; i++) expect(await check(`AAAAAA${'23456789ABCDEFGHJKMNPQRSTUVWXYZ'[i]}A`)).toBe(404);
    expect(await check('AAAAAAAB')).toBe(429);
    expect(await check(codes3a[27])).toBe(200);
    expect(await t.request('POST', '/surveys/codes/check', { body: { code: 'AAAAAAAB' } }).then((r) => r.status)).toBe(404); // another address
  });

  it('30 children answer; a used code, another survey\'s code, bad answers and an answer after the window are refused', async () => {
    // 三年级1班: 26 answers; 13 were hit, 2 in 厕所; everyone says 4/5 safe; one asks to talk; two write text.
    for (let i = 0; i < 26; i++) {
      const items: SurveyAnswerItem[] = [hit(i < 13 ? 1 + (i % 3) : 0), safety(3)];
      if (i < 2) items.push({ questionId: 'place', choices: [2] }, { questionId: 'own_2', text: `${CANARY} 我在厕所被推` });
      if (i === 5) items.push({ questionId: 'own_1', choice: 0 });
      const res = await answer({ code: codes3a[i], surveyId: springId, answers: items, talkToTeacher: i === 7 });
      expect(res.status).toBe(201);
      expect(res.body.tipBox).toEqual(i === 7 ? { schoolId: ids.a.schoolId } : null);
    }
    // 四年级1班: 4 answers.
    for (let i = 0; i < 4; i++) expect((await answer({ code: codes4[i], answers: [hit(0), safety(4)] })).status).toBe(201);

    expect(await answer({ code: codes3a[0], answers: [hit(0)] })).toMatchObject({ status: 409, body: { code: 'SURVEY_CODE_USED' } });
    expect((await answer({ code: autumnCodes[20], surveyId: springId, answers: [] })).status).toBe(404); // an autumn code on the spring survey
    expect(await answer({ code: codes4[5], answers: [{ questionId: 'kind_hit', choice: 9 }] })).toMatchObject({ status: 422, body: { code: 'SURVEY_ANSWERS_INVALID' } });
    expect(await answer({ code: codes3a[26], answers: [{ questionId: 'kind_online', choice: 0 }] })).toMatchObject({ status: 422 }); // not asked of 三年级
    expect((await answer({ code: codes4[5], answers: [{ questionId: 'kind_hit', choice: null }] })).status).toBe(400);
    t.clock.set(new Date(SPRING.getTime() + 6 * DAY));
    expect(await answer({ code: codes4[6], answers: [hit(0)] })).toMatchObject({ status: 409, body: { code: 'SURVEY_NOT_OPEN' } });
    expect(await t.ds.getRepository(SurveyAnswerEntity).count({ where: { surveyId: springId } })).toBe(30);
    expect(await t.ds.getRepository(SurveyCodeEntity).count({ where: { surveyId: springId, used: true } })).toBe(30);
  });

  it('the report: rates per class, 四年级 suppressed, figures for 三年级, own questions, texts for the contact only, autumn compared', async () => {
    const res = await t.request('GET', `/surveys/${springId}/report`, { token: tok.principal });
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.classes).toEqual([
      expect.objectContaining({ classId: class3a, students: 26, answers: 26, rate: 1 }),
      expect.objectContaining({ classId: class4, students: 8, answers: SURVEY_SMALL_CELL, rate: null }),
    ]);
    expect(r.overall.responses).toBe(30);
    expect(r.overall.kinds.find((k: any) => k.kind === 'hit').share).toBeCloseTo(13 / 30);
    expect(r.overall.safetyMean).toBeCloseTo((26 * 4 + 4 * 5) / 30);
    const [g3, g4] = r.grades;
    expect(g3).toMatchObject({ gradeNumber: 3, responses: 26, safetyMean: 4 });
    expect(g3.kinds.find((k: any) => k.kind === 'hit').share).toBeCloseTo(0.5);
    expect(g3.places[2]).toBeNull(); // two said where: a cell below five
    expect(g4).toMatchObject({ gradeNumber: 4, responses: SURVEY_SMALL_CELL, safetyMean: null });
    expect(g4.kinds.every((k: any) => k.share === null)).toBe(true);
    expect(r.talkRequests).toBe(SURVEY_SMALL_CELL);
    expect(r.ownQuestions[0]).toMatchObject({ questionId: 'own_1', responses: SURVEY_SMALL_CELL, options: [{ option: '喜欢', share: null }, { option: '一般', share: null }, { option: '不喜欢', share: null }], texts: null });
    expect(r.ownQuestions[1]).toMatchObject({ questionId: 'own_2', type: 'text', texts: null });
    // The previous semester's survey: 3 of 6 hit, safety 3.
    expect(r.previous.survey).toMatchObject({ id: autumnId, semesterKey: '2030-1', status: 'closed' });
    expect(r.previous.overall).toMatchObject({ responses: 6, safetyMean: 3 });
    expect(r.previous.overall.kinds.find((k: any) => k.kind === 'hit').share).toBeCloseTo(0.5);
    expect(r.previous.overall.kinds.find((k: any) => k.kind === 'online').share).toBeNull();
    // The autumn survey compares with the demo's survey of the semester before it.
    const autumn = (await t.request('GET', `/surveys/${autumnId}/report`, { token: tok.admin })).body;
    expect(autumn.previous.survey).toMatchObject({ id: demoFinishedId, semesterKey: '2029-2' });
    expect(autumn.previous.overall.responses).toBe(16);

    // Texts reach the contact once WeChat's content check passed them (surveys-round-two.db-spec covers the rest).
    expect(await t.get<SurveyTextCheckService>(SurveyTextCheckService).checkPending()).toBe(2);
    const contact = (await t.request('GET', `/surveys/${springId}/report`, { token: tok.contact })).body;
    expect(contact.ownQuestions[1].texts).toEqual([`${CANARY} 我在厕所被推`, `${CANARY} 我在厕所被推`]);
    const viewed = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: ids.a.schoolId, action: 'survey.report_viewed' } });
    expect(viewed.map((a) => (a.details as any).texts).sort()).toEqual([false, false, false, true, true]); // the demo's report, principal, admin; the contact twice
  });

  it('who may see what: a class teacher their class\'s rate only; another school 404; guardians and students nothing', async () => {
    const mine = await t.request('GET', `/surveys/${springId}`, { token: tok.teacher });
    expect(mine.status).toBe(200);
    expect(mine.body.classes.map((c: any) => c.classId)).toEqual([class3a]);
    expect(mine.body).toMatchObject({ canManage: false, canReadReport: false });
    expect((await t.request('GET', `/schools/${ids.a.schoolId}/surveys`, { token: tok.teacher })).body.items.map((s: any) => s.id).slice(0, 2)).toEqual([springId, autumnId]);
    expect((await t.request('GET', `/surveys/${springId}/report`, { token: tok.teacher })).status).toBe(403);
    expect((await printCodes(springId, class3a, tok.teacher)).status).toBe(403);
    expect((await printCodes(springId, class3a, tok.admin)).status).toBe(403);
    expect((await printCodes(springId, ids.a.classIds[1])).status).toBe(404); // a class the survey does not reach
    for (const token of [tok.principalB, tok.contactB]) {
      expect((await t.request('GET', `/surveys/${springId}/report`, { token })).status).toBe(404);
      expect((await t.request('GET', `/surveys/${springId}`, { token })).status).toBe(404);
      expect((await printCodes(springId, class3a, token)).status).toBe(404);
    }
    for (const token of [tok.guardian, tok.student, tok.committee]) {
      expect((await t.request('GET', `/surveys/${springId}/report`, { token })).status).toBe(403);
    }
  });

  it('no answer row, no table and no SQLite byte ties an answer to a code or an address; texts are ciphertext', async () => {
    const rows = (await t.ds.query('SELECT * FROM survey_answers')).filter((r: any) => r.survey_id === springId || r.survey_id === autumnId);
    expect(rows.length).toBe(36);
    expect(Object.keys(rows[0]).sort()).toEqual(['answers', 'class_id', 'id', 'survey_id', 'texts', 'texts_check', 'texts_check_failures', 'version']);
    const dump = await dumpAllTables(t);
    expect(dump.survey_answers).toContain('enc1.'); // control: the sealed texts are there
    const hmacs = (await t.ds.getRepository(SurveyCodeEntity).find()).map((c) => c.codeHmac);
    for (const [table, text] of Object.entries(dump)) {
      for (const needle of [...codes3a, ...codes4, ...autumnCodes, CLIENT_IP, FORWARDED_IP, CANARY]) {
        expect({ table, needle, found: text.includes(needle) }).toEqual({ table, needle, found: false });
      }
    }
    for (const h of hmacs) expect(dump.survey_answers.includes(h)).toBe(false);
    // Answer ids are random, not a sequence.
    const idsSorted = rows.map((r: any) => Number(r.id)).sort((a: number, b: number) => a - b);
    expect(idsSorted[idsSorted.length - 1] - idsSorted[0]).toBeGreaterThan(1000 * rows.length);
    if (t.db.engine === 'sqlite') {
      await t.ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
      const files = readdirSync(t.db.dataDir).filter((x) => x.startsWith('test.db'));
      const all = Buffer.concat(files.map((f) => readFileSync(join(t.db.dataDir, f))));
      expect(all.includes(Buffer.from('survey_answers'))).toBe(true); // control
      for (const needle of [...codes3a, ...codes4, CLIENT_IP, FORWARDED_IP, CANARY]) {
        expect({ needle, found: all.includes(Buffer.from(needle)) }).toEqual({ needle, found: false });
      }
    }
  });
});
