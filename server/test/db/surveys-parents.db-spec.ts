import { SURVEY_PARENT_IDS, SURVEY_SMALL_CELL } from '@anxin/shared';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { SurveyParentAnswerEntity, SurveyParentTokenEntity } from '../../src/features/surveys/survey-parent.entity';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import { TestApp } from '../support/test-app';
import { bind, makeGuardian, type TestGuardian } from './notices-helpers';
import { dumpAllTables } from './tips-helpers';

const AT = new Date('2030-11-11T02:00:00.000Z');
const DAY = 86_400_000;

/**
 * The parent questionnaire: a survey opened with `parents` is listed for each guardian with an approved binding to a
 * child of a class it reaches; each guardian answers once per child (a second time 409, another guardian of the same
 * child apart); nobody else can; the figures are reported apart with the small-cell rule; and no answer or token row holds a
 * guardian's or a child's id.
 */
describe('surveys: the parent questionnaire through the binding', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let classId: string;
  let surveyId: string;
  let kids: StudentEntity[];
  const parents: TestGuardian[] = [];
  const tok: Record<string, string> = {};
  const answer = (token: string, studentId: string, answers: unknown[], id = surveyId) => t.request('POST', `/surveys/${id}/parent-answers`, { token, body: { studentId, answers } });
  const signs = (choices: number[]) => ({ questionId: SURVEY_PARENT_IDS.signs, choices });
  const told = (choice: number) => ({ questionId: SURVEY_PARENT_IDS.childTold, choice });
  const safety = (choice: number) => ({ questionId: SURVEY_PARENT_IDS.safety, choice });

  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(AT);
    ids = await t.seedDemo();
    for (const role of ['principal', 'contact', 'guardian', 'teacher'] as const) tok[role] = await t.login(role, 'a');
    tok.guardianB = await t.login('guardian', 'b');
    classId = ids.a.teacherClassId;
    const repo = t.ds.getRepository(StudentEntity);
    for (let i = await repo.count({ where: { classId } }); i < 8; i++) {
      await repo.save(repo.create({ schoolId: ids.a.schoolId, classId, name: `家长问卷学生${i}`, studentNo: null, gender: null, createdAt: AT, updatedAt: AT }));
    }
    kids = await repo.find({ where: { classId }, order: { name: 'ASC' } });
    for (let i = 0; i < 6; i++) {
      const g = await makeGuardian(t, `家长${i}`);
      await bind(t, g.userId, kids[i], 'mother');
      parents.push(g);
    }
    // Parent 0 is also bound to a second child; a father of child 0 answers apart; parent 5's binding is pending.
    await bind(t, parents[0].userId, kids[6], 'mother');
    const father = await makeGuardian(t, '父亲');
    await bind(t, father.userId, kids[0], 'father');
    parents.push(father);
    const pending = await makeGuardian(t, '待审核家长');
    await bind(t, pending.userId, kids[7], 'mother', 'pending');
    parents.push(pending);
    const res = await t.request('POST', `/schools/${ids.a.schoolId}/surveys`, {
      token: tok.principal, body: { classIds: [classId], opensAt: AT.toISOString(), closesAt: new Date(AT.getTime() + 7 * DAY).toISOString(), parents: true },
    });
    expect(res.status).toBe(201);
    expect(res.body.parents).toBe(true);
    surveyId = res.body.id;
  });
  afterAll(() => t?.stop());

  it('each guardian sees the survey once per bound child in its classes; a pending binding or another school sees nothing', async () => {
    const mine = (await t.request('GET', '/me/surveys', { token: parents[0].token })).body;
    // (The demo's open survey asks guardians too: only ours is looked at here.)
    expect(mine.items.filter((i: any) => i.surveyId === surveyId).map((i: any) => [i.surveyId, i.studentId, i.answered]).sort()).toEqual([[surveyId, kids[0].id, false], [surveyId, kids[6].id, false]].sort());
    expect(mine.questions.map((q: any) => q.id)).toEqual(['p_signs', 'p_child_told', 'p_told_school', 'p_safety']);
    expect((await t.request('GET', '/me/surveys', { token: parents[7].token })).body.items).toEqual([]);
    expect((await t.request('GET', '/me/surveys', { token: tok.guardianB })).body.items).toEqual([]);
  });

  it('answers once per guardian and child; the other parent apart; strangers, bad answers and closed surveys refused', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await answer(parents[i].token, kids[i].id, [...(i < 3 ? [signs([0, 3])] : []), told(i < 2 ? 0 : 2), safety(i < 3 ? 2 : 4)]);
      expect(res.status).toBe(201);
    }
    expect(await answer(parents[0].token, kids[0].id, [])).toMatchObject({ status: 409, body: { code: 'SURVEY_ALREADY_ANSWERED' } });
    expect((await answer(parents[6].token, kids[0].id, [told(0)])).status).toBe(201); // the father, apart
    expect((await answer(parents[0].token, kids[6].id, [told(2)])).status).toBe(201); // her second child
    expect((await answer(parents[7].token, kids[7].id, [])).status).toBe(404); // pending binding
    expect((await answer(parents[1].token, kids[2].id, [])).status).toBe(404); // not their child
    expect((await answer(tok.guardianB, kids[1].id, [])).status).toBe(404);
    expect(await answer(parents[1].token, kids[1].id, [{ questionId: 'p_safety', choice: 9 }])).toMatchObject({ status: 422, body: { code: 'SURVEY_ANSWERS_INVALID' } });
    const list = (await t.request('GET', '/me/surveys', { token: parents[0].token })).body.items.filter((i: any) => i.surveyId === surveyId);
    expect(list.map((i: any) => i.answered)).toEqual([true, true]);
    // A survey that does not ask guardians: 404.
    const plain = await t.request('POST', `/schools/${ids.a.schoolId}/surveys`, {
      token: tok.principal, body: { classIds: [classId], opensAt: AT.toISOString(), closesAt: new Date(AT.getTime() + DAY).toISOString() },
    });
    expect((await answer(parents[1].token, kids[1].id, [], plain.body.id)).status).toBe(404);
    expect(await t.ds.getRepository(SurveyParentAnswerEntity).count({ where: { surveyId } })).toBe(8);
    expect(await t.ds.getRepository(SurveyParentTokenEntity).count({ where: { surveyId } })).toBe(8);
  });

  it('the report shows the guardians\' figures apart, with the small-cell rule', async () => {
    const r = (await t.request('GET', `/surveys/${surveyId}/report`, { token: tok.contact })).body;
    expect(r.overall.responses).toBe(SURVEY_SMALL_CELL); // no child answered
    expect(r.parents.responses).toBe(8);
    expect(r.parents.signs[0]).toBeCloseTo(3 / 8);
    expect(r.parents.anySign).toBeCloseTo(3 / 8);
    expect(r.parents.childTold[0]).toBeCloseTo(3 / 8); // two mothers and the father said the child told them
    expect(r.parents.toldSchool).toBeNull(); // nobody answered it
    expect(r.parents.safetyMean).toBeCloseTo((3 * 3 + 3 * 5) / 6);
  });

  it('after the window no answer is taken', async () => {
    t.clock.set(new Date(AT.getTime() + 8 * DAY));
    expect(await answer(parents[1].token, kids[1].id, [])).toMatchObject({ status: 409, body: { code: 'SURVEY_NOT_OPEN' } });
  });

  it('no answer or token row ties an answer to a guardian or a child', async () => {
    const rows = await t.ds.query('SELECT * FROM survey_parent_answers');
    expect(Object.keys(rows[0]).sort()).toEqual(['answers', 'id', 'survey_id']);
    const dump = await dumpAllTables(t);
    const needles = [...parents.map((p) => p.userId), ...kids.map((k) => k.id)];
    for (const table of ['survey_parent_answers', 'survey_parent_tokens']) {
      expect(dump[table].length).toBeGreaterThan(0); // control
      for (const n of needles) expect({ table, n, found: dump[table].includes(n) }).toEqual({ table, n, found: false });
    }
    // Answer ids are random, not a sequence.
    const idsSorted = rows.map((r: any) => Number(r.id)).sort((a: number, b: number) => a - b);
    expect(idsSorted[idsSorted.length - 1] - idsSorted[0]).toBeGreaterThan(1000 * rows.length);
  });
});
