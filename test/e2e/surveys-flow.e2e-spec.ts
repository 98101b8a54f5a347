import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SURVEY_SMALL_CELL, surveyKindQuestionId } from '@anxin/shared';
import { demoServer } from './support/demo-server';
import { describeOnEngines, waitFor } from './support/server-process';

const CLIENT = '198.51.100.77';
const CANARY = 'survey-e2e-canary-4c1d';
const hit = (choice: number) => ({ questionId: surveyKindQuestionId('hit'), choice });
const safety = (choice: number) => ({ questionId: 'safety', choice });

/**
 * Anonymous surveys over HTTP against a real server process (worker running, info logs): the principal opens a survey
 * for 三年级1班 and 四年级1班 with spare codes and a text question, prints the codes; 30 children answer (26 and 4); a
 * reused code, a code of 四年级1班 on 三年级1班's tablet, and another survey's code are refused; the report shows the per-class rates and
 * suppresses 四年级 (4 answers), and compares with the demo's survey of the previous semester exactly as that survey's
 * own report shows it. The text passes the content check in the background. Nothing in the server's log, and (SQLite)
 * nothing in the database file, holds a code, the client address or the text in the clear.
 */
describeOnEngines(['sqlite', 'mariadb'], 'anonymous survey over HTTP', (engine) => {
  const demo = demoServer(engine, { LOG_LEVEL: 'info' });
  const { call, login } = demo;
  const answer = (body: unknown) => call('POST', '/surveys/answers', { body, headers: { 'x-forwarded-for': CLIENT } });

  it('open, print, 30 answers, refusals, the report with its rates, suppression and last semester; no trace of who', async () => {
    const principal = await login('principal');
    const contact = await login('contact');
    const schoolId: string = (await call('GET', '/me', { token: principal })).body.roles.find((r: any) => r.role === 'principal').schoolId;
    const classes = (await call('GET', `/schools/${schoolId}/classes`, { token: principal })).body as any[];
    const c3 = classes.find((c) => `${c.gradeName}${c.name}` === '三年级1班');
    const c4 = classes.find((c) => `${c.gradeName}${c.name}` === '四年级1班');
    const before = (await call('GET', `/schools/${schoolId}/surveys`, { token: principal })).body.items as any[];
    const lastSemester = before.find((s) => s.status === 'closed');
    expect(lastSemester).toBeTruthy();

    const now = new Date();
    const opened = await call('POST', `/schools/${schoolId}/surveys`, {
      token: principal,
      body: {
        title: '期中防欺凌问卷', classIds: [c3.id, c4.id], opensAt: now.toISOString(), closesAt: new Date(now.getTime() + 3 * 86_400_000).toISOString(),
        spareCodes: 20, customQuestions: [{ type: 'text', text: '还想告诉学校什么？' }],
      },
    });
    expect(opened.status).toBe(201);
    const surveyId = opened.body.id as string;
    const codes3 = (await call('GET', `/surveys/${surveyId}/classes/${c3.id}/codes`, { token: contact })).body.codes as string[];
    const codes4 = (await call('GET', `/surveys/${surveyId}/classes/${c4.id}/codes`, { token: contact })).body.codes as string[];
    expect(codes3.length).toBeGreaterThanOrEqual(26);

    // 26 children of 三年级1班 on the tablet the class teacher opened for that class (half hit, one writes), 4 of 四年级1班.
    // A code of 四年级1班 on 三年级1班's tablet is refused, and stays unused.
    const check = (code: string, classId?: string) => call('POST', '/surveys/codes/check', { body: { code, classId }, headers: { 'x-forwarded-for': CLIENT } });
    expect(await check(codes4[0], c3.id)).toMatchObject({ status: 409, body: { code: 'SURVEY_CODE_OTHER_CLASS' } });
    expect(await answer({ code: codes4[0], surveyId, classId: c3.id, answers: [] })).toMatchObject({ status: 409, body: { code: 'SURVEY_CODE_OTHER_CLASS' } });
    expect((await check(codes3[0], c3.id)).status).toBe(200);
    for (let i = 0; i < 26; i++) {
      const items: unknown[] = [hit(i % 2), safety(3)];
      if (i === 0) items.push({ questionId: 'own_1', text: `${CANARY} 课间有人抢我的球` });
      expect((await answer({ code: codes3[i], surveyId, classId: c3.id, answers: items })).status).toBe(201);
    }
    for (let i = 0; i < 4; i++) expect((await answer({ code: codes4[i], surveyId, answers: [hit(0), safety(4)] })).status).toBe(201);
    expect(await answer({ code: codes3[0], surveyId, answers: [] })).toMatchObject({ status: 409, body: { code: 'SURVEY_CODE_USED' } });
    // The demo's open survey (another survey of the school): its codes are refused for this one.
    const demoOpen = before.find((s) => s.status === 'open');
    const otherCodes = (await call('GET', `/surveys/${demoOpen.id}/classes/${c3.id}/codes`, { token: contact })).body.codes as string[];
    expect((await answer({ code: otherCodes[otherCodes.length - 1], surveyId, answers: [] })).status).toBe(404);

    const r = (await call('GET', `/surveys/${surveyId}/report`, { token: contact })).body;
    const rows = r.classes.map((c: any) => [c.classId, c.answers, c.rate]);
    expect(rows).toEqual([[c3.id, 26, 1], [c4.id, SURVEY_SMALL_CELL, null]]); // 26 answers over the class's students: at most 100%
    expect(r.overall.responses).toBe(30);
    expect(r.overall.kinds.find((k: any) => k.kind === 'hit').share).toBeCloseTo(13 / 30);
    expect(r.grades.find((g: any) => g.gradeName === '四年级')).toMatchObject({ responses: SURVEY_SMALL_CELL, safetyMean: null, prevalence: null });
    // Last semester: the demo's finished survey, with the same figures as its own report.
    const last = (await call('GET', `/surveys/${lastSemester.id}/report`, { token: contact })).body;
    expect(r.previous.survey.id).toBe(lastSemester.id);
    expect(r.previous.overall).toEqual(last.overall);
    // The text reaches the contact once the worker's content check passed it.
    await waitFor(async () => {
      const texts = (await call('GET', `/surveys/${surveyId}/report`, { token: contact })).body.ownQuestions[0].texts as string[];
      return texts.length === 1;
    }, () => 'the text answer never passed the content check');

    const log = demo.server.output();
    expect(log).toContain('"msg"'); // control: the server logged
    for (const needle of [...codes3.slice(0, 26), ...codes4.slice(0, 4), CLIENT, CANARY]) expect({ needle, inLog: log.includes(needle) }).toEqual({ needle, inLog: false });
    if (engine === 'sqlite') {
      const dir = demo.db.dataDir;
      const bytes = Buffer.concat(readdirSync(dir).filter((f) => f.startsWith('test.db')).map((f) => readFileSync(join(dir, f))));
      expect(bytes.includes(Buffer.from('survey_answers'))).toBe(true); // control: this is the database
      for (const needle of [...codes3.slice(0, 26), ...codes4.slice(0, 4), CLIENT, CANARY]) {
        expect({ needle, inFile: bytes.includes(Buffer.from(needle)) }).toEqual({ needle, inFile: false });
      }
    }
  });
});
