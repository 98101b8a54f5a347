import type { Pool } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import { seedSchool } from '../bench/notices-seed';
import { deliverySuite } from './support/delivery-db';
import { apiExpect, devLogin } from './support/http';
import { describeOnEngines, startServer, waitFor, type ServerProcess } from './support/server-process';

/**
 * Guardians of the fan-out, written straight into the database: 20,000, with 495 mothers also bound to a child in
 * the next class (20,495 bindings, about 41 batches of the fan-out). On the 2-core test machine, under other test
 * runs, the whole test took 16–17 s on SQLite and 16–20 s on MariaDB (seeding under 2 s, the fan-out 10–15 s).
 */
const GUARDIANS = 20_000;
const CLASSES = 100;
const FANOUT_TIMEOUT_MS = 150_000;

/**
 * `seedSchool` (the notices benchmark's raw multi-row INSERTs, written for mysql2's `VALUES ?`) on either engine: the
 * test's own connection, each `VALUES ?` expanded into one placeholder per value and times written as TypeORM
 * writes them.
 */
function bulkWriter(ds: DataSource): Pool {
  const query = async (sql: string, [rows]: [unknown[][]]) => {
    const row = `(${rows[0].map(() => '?').join(', ')})`;
    const values = rows.flat().map((v) => (v instanceof Date ? DateUtils.mixedDateToUtcDatetimeString(v) : v));
    return ds.query(sql.replace('VALUES ?', `VALUES ${rows.map(() => row).join(', ')}`), values);
  };
  return { query } as unknown as Pool;
}

/**
 * A worker process killed with SIGKILL in the middle of a large fan-out, then a new one: every guardian ends with
 * exactly one receipt of the notice (none twice, none lost), naming each of their children once, with one message
 * and one inbox copy. The HTTP server runs without a worker of its own (ANXIN_WORKER=false), so the worker
 * processes do all of the fan-out.
 */
describeOnEngines(['sqlite', 'mariadb'], 'a worker killed during a large fan-out', (engine) => {
  const suite = deliverySuite(engine);

  it(`resumes with one receipt per guardian for ${GUARDIANS} guardians: none twice, none lost`, async () => {
    const env = { DATABASE_URL: suite.db.url, ANXIN_DATA_DIR: suite.db.dataDir, WECHAT_API_BASE: suite.fake.url, WECOM_API_BASE: suite.fake.url };
    const server = await startServer({ env: { ...env, ANXIN_DEMO_SEED: 'true', ANXIN_WORKER: 'false' } });
    suite.servers.push(server);
    const url = server.url!;
    const principal = await devLogin(url, 'principal');
    const schoolId: string = (await apiExpect(200, url, 'GET', '/me', { token: principal })).roles.find((r: any) => r.role === 'principal').schoolId;
    // Quiet hours around now: the messages wait for their end, so no delivery runs beside the fan-out.
    const { now } = await apiExpect(200, url, 'POST', '/__test/clock', { body: {} });
    const hhmm = (ms: number) => new Date(Date.parse(now) + ms + 8 * 3600_000).toISOString().slice(11, 16);
    await apiExpect(200, url, 'PUT', `/schools/${schoolId}/notice-settings`, { token: principal, body: { quietHours: { start: hhmm(-3600_000), end: hhmm(4 * 3600_000) } } });

    const seedStarted = Date.now();
    const school = await seedSchool(bulkWriter(suite.data.ds), schoolId, GUARDIANS, CLASSES, new Date(now));
    const seedMs = Date.now() - seedStarted;

    const draft = await apiExpect(201, url, 'POST', `/schools/${schoolId}/notices`, {
      token: principal,
      body: {
        kind: 'notice', title: '关于召开期中家长会的通知', confirmMode: 'confirm', audience: { scope: 'grades', ids: [school.gradeId] },
        body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '本周五下午三点在各班教室召开家长会，请准时参加。' }] }] },
      },
    });
    const noticeId: string = draft.id;
    await apiExpect(200, url, 'POST', `/notices/${noticeId}/publish`, { token: principal, body: {} });
    const count = async (sql: string, params: unknown[] = [noticeId]) => Number((await suite.data.ds.query(sql, params))[0].n);
    const receipts = () => count('SELECT COUNT(*) AS n FROM notice_receipts WHERE notice_id = ?');
    const fanoutDone = async () => (await suite.data.ds.query('SELECT fanout_done_at FROM notices WHERE id = ?', [noticeId]))[0].fanout_done_at !== null;
    // Nothing is fanned out without a worker.
    expect(await receipts()).toBe(0);

    const fanoutStarted = Date.now();
    const first: ServerProcess = await startServer({ env, worker: true });
    suite.servers.push(first);
    // Killed once its first batch has committed, with most of the fan-out still to come (inside a batch's
    // transaction or between two: a batch is most of the worker's time).
    await waitFor(async () => (await receipts()) > 0, async () => `${await receipts()} receipts`, FANOUT_TIMEOUT_MS);
    await first.kill9();
    const atKill = await receipts();
    const killedMs = Date.now() - fanoutStarted;
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(GUARDIANS);
    expect(await fanoutDone()).toBe(false);

    const resumed = Date.now();
    suite.servers.push(await startServer({ env, worker: true }));
    await waitFor(fanoutDone, async () => `${await receipts()} receipts`, FANOUT_TIMEOUT_MS);
    const resumeMs = Date.now() - resumed;

    // One receipt per guardian: as many as there are guardians, none twice, none missing.
    expect(await receipts()).toBe(GUARDIANS);
    expect(await count('SELECT COUNT(DISTINCT guardian_user_id) AS n FROM notice_receipts WHERE notice_id = ?')).toBe(GUARDIANS);
    expect(await count(`SELECT COUNT(*) AS n FROM bindings b WHERE b.school_id = ? AND b.status = 'approved' AND b.class_id IN (SELECT id FROM classes WHERE grade_id = ?)
      AND NOT EXISTS (SELECT 1 FROM notice_receipts r WHERE r.notice_id = ? AND r.guardian_user_id = b.guardian_user_id)`, [schoolId, school.gradeId, noticeId])).toBe(0);
    // Each child named once on their guardian's receipt (a mother of two: one receipt, two children).
    expect(await count('SELECT COUNT(*) AS n FROM notice_receipt_students WHERE notice_id = ?')).toBe(school.bindings.length);
    expect(await count('SELECT COUNT(*) AS n FROM (SELECT DISTINCT receipt_id, student_id FROM notice_receipt_students WHERE notice_id = ?) x')).toBe(school.bindings.length);
    // One message and one inbox copy per guardian.
    const key = `notice:${noticeId}:%`;
    expect(await count('SELECT COUNT(*) AS n FROM outbox WHERE dedupe_key LIKE ?', [key])).toBe(GUARDIANS);
    expect(await count('SELECT COUNT(DISTINCT recipient_user_id) AS n FROM outbox WHERE dedupe_key LIKE ?', [key])).toBe(GUARDIANS);
    expect(await count('SELECT COUNT(*) AS n FROM inbox_items WHERE dedupe_key LIKE ?', [key])).toBe(GUARDIANS);
    // What the staff see: 已发送 N / N, done.
    expect((await apiExpect(200, url, 'GET', `/notices/${noticeId}`, { token: principal })).progress).toEqual({ expected: GUARDIANS, sent: GUARDIANS, done: true });

    process.stdout.write(`[${engine}] fan-out of ${GUARDIANS} guardians (${school.bindings.length} bindings): seeded in ${seedMs} ms; ` +
      `worker killed after ${killedMs} ms with ${atKill} receipts; a new worker finished in ${resumeMs} ms\n`);
  });
});
