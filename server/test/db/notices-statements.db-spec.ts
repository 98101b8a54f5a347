import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { NoticeContentCheck } from '../../src/features/notices/notice-content-check';
import { FIGURES } from '../../src/features/notices/notice-counts';
import { ReceiptTallies } from '../../src/features/notices/notice-receipt-tallies';
import { statementLog, type StatementLog } from '../support/statement-log';
import { TestApp } from '../support/test-app';
import { bind, draft, families, fanOut, makeGuardian, SCHOOL_MORNING, student } from './notices-helpers';
import { signBody } from './pledges-helpers';

/**
 * The SQL statements the two busiest guardian writes make, counted as TypeORM hands them to the driver (BEGIN and
 * COMMIT included, as MariaDB's general log shows them): answering and confirming a notice, and signing the pledge.
 * Each stays within its budget (docs/BENCHMARKS.md explains where they go); a change that adds statements to these
 * paths fails here and says which.
 */
describe('statements per request: confirming a notice, signing the pledge', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let log: StatementLog;

  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(SCHOOL_MORNING);
    ids = await t.seedDemo();
    log = statementLog(t.ds);
  });
  afterAll(() => t?.stop());

  /** The statements `work` makes (printed, each cut to 160 characters, under `label`), once it answered `status`. */
  async function counted(label: string, work: () => Promise<{ status: number }>, status: number): Promise<string[]> {
    log.start();
    const res = await work();
    const out = log.stop();
    expect(res.status).toBe(status);
    process.stdout.write(`${label}: ${out.length} statements\n${out.map((s) => `  ${s.slice(0, 160)}`).join('\n')}\n`);
    return out;
  }

  it('answering and confirming a notice', async () => {
    const principal = await t.login('principal', 'a');
    const g = await makeGuardian(t, '刘女士');
    await bind(t, g.userId, await student(t, ids.a.classIds[2], '胡梦琪'), 'mother');
    const created = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, {
      token: principal, body: draft({ audience: { scope: 'classes', ids: [ids.a.classIds[2]] }, question: { kind: 'single', prompt: '能参加吗？', options: ['能', '不能'] } }),
    });
    // WeChat's content check (unreachable here) passes the text.
    jest.spyOn(t.get(NoticeContentCheck), 'check').mockResolvedValue({ suggest: 'pass', label: 100 });
    expect((await t.request('POST', `/notices/${created.body.id}/publish`, { token: principal, body: {} })).status).toBe(200);
    jest.restoreAllMocks();
    await fanOut(t);
    const statements = await counted('confirm', () => t.request('POST', `/notices/${created.body.id}/ack`, { token: g.token, body: { answer: { choices: [0] }, confirm: true } }), 200);
    // Its answer is the receipt: the children the receipt names (students, classes, grades) are not read.
    expect(statements.filter((s) => /\bJOIN [`"]?students\b/.test(s))).toEqual([]);
    // Its transaction writes the receipt alone: the counts and the seal leaf follow in the tally.
    expect(statements.filter((s) => /notice_class_counts|audit_seal_leaves/.test(s))).toEqual([]);
    // SQLite's transaction takes its write lock with a statement of its own.
    expect(statements.length).toBeLessThanOrEqual(t.ds.options.type === 'better-sqlite3' ? 8 : 7);
    const tally = await counted('its tally', async () => {
      await t.get(ReceiptTallies).flush();
      return { status: 200 };
    }, 200);
    // The receipt was made today (the fan-out): its seal leaf of the day is updated in place, unread.
    expect(tally.filter((s) => /^SELECT .* FROM audit_seal_leaves/.test(s))).toEqual([]);
    expect(tally.length).toBeLessThanOrEqual(t.ds.options.type === 'better-sqlite3' ? 8 : 7);
  });

  it('the class counts a confirmation moves are named by key: the notice\'s other class rows are not read', async () => {
    const principal = await t.login('principal', 'a');
    const [{ guardian: g }] = await families(t, ids.a.schoolId, [ids.a.classIds[1]], 1);
    const created = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, { token: principal, body: draft() });
    jest.spyOn(t.get(NoticeContentCheck), 'check').mockResolvedValue({ suggest: 'pass', label: 100 });
    expect((await t.request('POST', `/notices/${created.body.id}/publish`, { token: principal, body: {} })).status).toBe(200);
    jest.restoreAllMocks();
    await fanOut(t);
    // A school of 300 classes: a count row for each (nothing else reads these rows here).
    const filler = Array.from({ length: 300 }, (_, i) => `zz-class-${String(i).padStart(3, '0')}`);
    await t.ds.query(`INSERT INTO notice_class_counts (notice_id, class_id, ${FIGURES.join(', ')}) VALUES ${filler.map(() => `(?, ?, ${FIGURES.map(() => '0').join(', ')})`).join(', ')}`,
      filler.flatMap((c) => [created.body.id, c]));
    log.start();
    expect((await t.request('POST', `/notices/${created.body.id}/ack`, { token: g.token, body: { confirm: true } })).status).toBe(200);
    await t.get(ReceiptTallies).flush(); // the counts follow the confirmation (`ReceiptTallies`)
    const updates = log.stopWithParameters().filter((x) => /^UPDATE [`"]?notice_class_counts/.test(x.sql));
    expect(updates).toHaveLength(1);
    const [{ sql, parameters }] = updates;
    if (t.ds.options.type === 'better-sqlite3') {
      const plan: { detail: string }[] = await t.ds.query(`EXPLAIN QUERY PLAN ${sql}`, parameters);
      // One search of the key: no subquery per row.
      expect(plan.map((p) => p.detail)).toEqual([expect.stringMatching(/^SEARCH notice_class_counts USING (INDEX sqlite_autoindex_notice_class_counts_1|PRIMARY KEY) \(notice_id=\? AND class_id=\?\)$/)]);
    } else {
      const plan: { select_type: string; key: string | null; rows: number }[] = await t.ds.query(`EXPLAIN ${sql}`, parameters);
      expect(plan.map((p) => [p.select_type, p.key])).toEqual([['SIMPLE', 'PRIMARY']]);
      // The totals row and the guardian's class, not the 300 others.
      expect(Number(plan[0].rows)).toBeLessThanOrEqual(2);
    }
    const rows: { class_id: string; confirmed: number }[] = await t.ds.query('SELECT class_id, confirmed FROM notice_class_counts WHERE notice_id = ? AND confirmed > 0 ORDER BY class_id', [created.body.id]);
    expect(rows.map((r) => [r.class_id, Number(r.confirmed)])).toEqual([['', 1], [ids.a.classIds[1], 1]]);
  });

  it('signing the pledge (guardian and child, with the child-data consent)', async () => {
    const principal = await t.login('principal', 'a');
    const g = await makeGuardian(t, '胡先生');
    const child = await student(t, ids.a.classIds[2], '郭子墨');
    await bind(t, g.userId, child, 'father');
    const list = await t.request('GET', `/schools/${ids.a.schoolId}/pledges`, { token: principal });
    const pledge = list.body.items[0];
    // The first request of a session on a new day records the day (a write of its own): not the signature's.
    expect((await t.request('GET', '/me/pledges', { token: g.token })).status).toBe(200);
    const body = await signBody(child.id, pledge.currentVersion);
    const statements = await counted('pledge signing', () => t.request('POST', `/pledges/${pledge.id}/signatures`, { token: g.token, body }), 201);
    expect(statements.length).toBeLessThanOrEqual(t.ds.options.type === 'better-sqlite3' ? 19 : 18);
  });
});
