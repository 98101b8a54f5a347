import { DEFAULT_PLEDGE_TEMPLATE } from '../../src/features/pledges/pledge-default-text';
import { pledgeClasses } from '../../src/features/pledges/pledge-audience';
import { countProgress, countProgressByClass, loadProgress } from '../../src/features/pledges/pledge-progress';
import { PledgeEntity } from '../../src/features/pledges/pledge.entity';
import { normalizePledgeText } from '@anxin/shared';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { statementLog } from '../support/statement-log';
import { TestApp } from '../support/test-app';
import { bind, makeGuardian, SCHOOL_MORNING, student, type TestGuardian } from './notices-helpers';
import { openRequest, signBody } from './pledges-helpers';

/**
 * The completion figures the database counts (countProgressByClass, what `GET /pledges/{id}/completion` answers)
 * against the rules applied child by child (loadProgress + countProgress, what the missing lists and reminders
 * use), class by class, as a pledge goes through signatures with and without the child's part, a new version
 * (superseded, signed again), and a pledge that needs every guardian.
 */
describe('pledges: completion counted by the database equals the rules child by child', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Record<string, string> = {};
  const g: TestGuardian[] = [];
  let classes: string[];

  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(SCHOOL_MORNING);
    ids = await t.seedDemo();
    tok.principal = await t.login('principal', 'a');
    classes = ids.a.classIds;
    for (let i = 0; i < 5; i++) g.push(await makeGuardian(t, `家长${i}`));
    // 三年级 (no child part from 4) and 四年级 (the child signs too); g3 and g4 are both guardians of 胡梦琪.
    await bind(t, g[0].userId, await student(t, classes[0], '刘思彤'), 'mother');
    await bind(t, g[1].userId, await student(t, classes[1], '徐可馨'), 'mother');
    await bind(t, g[2].userId, await student(t, classes[2], '郭子墨'), 'father');
    await bind(t, g[3].userId, await student(t, classes[2], '胡梦琪'), 'mother');
    await bind(t, g[4].userId, await student(t, classes[2], '胡梦琪'), 'father');
  });
  afterAll(() => t?.stop());

  async function check(pledgeId: string): Promise<void> {
    const pledge = await t.ds.getRepository(PledgeEntity).findOneByOrFail({ id: pledgeId });
    const all = await pledgeClasses(t.ds.manager, pledge);
    const counted = await countProgressByClass(t.ds.manager, pledge, all);
    const children = await loadProgress(t.ds.manager, pledge, all);
    for (const c of all) {
      const expected = countProgress(children.filter((x) => x.cls.id === c.id));
      expect({ classId: c.id, ...(counted.get(c.id) ?? { students: 0, signed: 0, superseded: 0, missing: 0 }) }).toEqual({ classId: c.id, ...expected });
    }
    const res = await t.request('GET', `/pledges/${pledgeId}/completion`, { token: tok.principal });
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual(countProgress(children));
  }

  const sign = async (who: TestGuardian, pledgeId: string, studentId: string, version: number, withChild: boolean) => {
    const body = await signBody(studentId, version, withChild ? {} : { studentSignature: undefined });
    const res = await t.request('POST', `/pledges/${pledgeId}/signatures`, { token: who.token, body });
    expect(res.status).toBe(201);
  };

  it('signatures, the child\'s part, a new version and signing again', async () => {
    const opened = await t.request('POST', `/schools/${ids.a.schoolId}/pledges`, { token: tok.principal, body: openRequest({ studentFromGrade: 4 }) });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    await check(id);
    await sign(g[0], id, (await student(t, classes[0], '刘思彤')).id, 1, false);
    await sign(g[2], id, (await student(t, classes[2], '郭子墨')).id, 1, true);
    await check(id);
    const v1 = normalizePledgeText(DEFAULT_PLEDGE_TEMPLATE.text);
    const v2 = await t.request('POST', `/pledges/${id}/versions`, { token: tok.principal, body: { text: { ...v1, guardian: `${v1.guardian}\n\n六、新增一条。` }, changeNote: '增加一条' } });
    expect(v2.status).toBe(201);
    await check(id);
    await sign(g[0], id, (await student(t, classes[0], '刘思彤')).id, 2, false);
    await sign(g[3], id, (await student(t, classes[2], '胡梦琪')).id, 2, true);
    await check(id);
  });

  it('counts each class in one statement, reading the children and their signatures from indexes alone', async () => {
    const list = await t.request('GET', `/schools/${ids.a.schoolId}/pledges`, { token: tok.principal });
    const log = statementLog(t.ds);
    log.start();
    expect((await t.request('GET', `/pledges/${list.body.items[0].id}/completion`, { token: tok.principal })).status).toBe(200);
    const statements = log.stopWithParameters();
    expect(statements.filter((x) => /\bstudents s\b/.test(x.sql))).toHaveLength(1);
    const counts = statements.filter((x) => /^SELECT x\.class_id AS class_id, COUNT\(\*\) AS students/.test(x.sql));
    expect(counts).toHaveLength(1);
    const [{ sql, parameters }] = counts;
    if (t.ds.options.type === 'better-sqlite3') {
      const plan: { detail: string }[] = await t.ds.query(`EXPLAIN QUERY PLAN ${sql}`, parameters);
      const details = plan.map((p) => p.detail);
      // SQLite's index of a table with a text key holds the row, not the key: the children's ids are read from the table.
      expect(details).toContain('SEARCH s USING INDEX ix_students_school_class (school_id=? AND class_id=?)');
      expect(details).toContain('SEARCH p USING COVERING INDEX ix_pledge_signatures_progress (pledge_id=? AND student_id=?) LEFT-JOIN');
    } else {
      const plan: { table: string; key: string | null; Extra: string | null }[] = await t.ds.query(`EXPLAIN ${sql}`, parameters);
      const of = (table: string) => plan.find((p) => p.table === table);
      // The indexes hold all the count needs: no row of either table is read, and the children come in class order.
      expect(of('s')).toMatchObject({ key: 'ix_students_school_class', Extra: expect.stringMatching(/Using index/) });
      expect(of('s')!.Extra).not.toMatch(/filesort|temporary/);
      expect(of('p')).toMatchObject({ key: 'ix_pledge_signatures_progress', Extra: expect.stringMatching(/Using index/) });
    }
  });

  it('a pledge that needs every guardian', async () => {
    // School B: 郑晓东 has two guardians, 冯佳琪 one.
    const adminB = await t.login('admin', 'b');
    const cls = ids.b.classIds[0];
    const [father, mother, aunt] = [await makeGuardian(t, '郑先生'), await makeGuardian(t, '郑女士'), await makeGuardian(t, '冯女士')];
    const zheng = await student(t, cls, '郑晓东');
    const feng = await student(t, cls, '冯佳琪');
    await bind(t, father.userId, zheng, 'father');
    await bind(t, mother.userId, zheng, 'mother');
    await bind(t, aunt.userId, feng, 'other');
    const opened = await t.request('POST', `/schools/${ids.b.schoolId}/pledges`, {
      token: adminB, body: openRequest({ deadline: '2031-09-15', requireAllGuardians: true }),
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    tok.principal = adminB;
    await sign(father, id, zheng.id, 1, true);
    await check(id);
    await sign(mother, id, zheng.id, 1, false);
    await check(id);
    await sign(aunt, id, feng.id, 1, true);
    await check(id);
  });
});
