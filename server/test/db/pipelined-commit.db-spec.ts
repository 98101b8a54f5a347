import { commitPipelined, type PipelinedWrite } from '../../src/platform/database/pipelined-commit';
import { inTransaction } from '../../src/platform/database/transaction';
import { TestApp } from '../support/test-app';

/**
 * A pipelined commit (MariaDB/MySQL): writes sent back to back, committed only when each changed the rows it expects,
 * and nothing of it kept otherwise, even a write that ran after the transaction had ended under it (as InnoDB ends
 * a deadlock victim's; a ROLLBACK among the writes stands in for that here). The connection always goes back to the
 * pool with autocommit on.
 */
describe('platform: pipelined commit', () => {
  let t: TestApp;
  const TABLE = 'pipelined_commit_probe';

  beforeAll(async () => {
    t = await TestApp.start();
    if (t.db.engine === 'mariadb') await t.ds.query(`CREATE TABLE ${TABLE} (id varchar(36) PRIMARY KEY, note varchar(20)) ENGINE=InnoDB CHARSET utf8mb4`);
  });
  afterAll(async () => {
    if (t?.db.engine === 'mariadb') await t.ds.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await t?.stop();
  });
  beforeEach(async () => {
    if (t.db.engine === 'mariadb') await t.ds.query(`DELETE FROM ${TABLE}`);
  });

  const insert = (ids: string[], expect?: number): PipelinedWrite => ({
    sql: `INSERT IGNORE INTO ${TABLE} (id, note) VALUES ${ids.map(() => '(?, ?)').join(', ')}`,
    params: ids.flatMap((id) => [id, '安心🙂']),
    expect,
  });
  const stored = async () => (await t.ds.query(`SELECT id FROM ${TABLE} ORDER BY id`)).map((r: { id: string }) => r.id);
  /** Runs the writes in a transaction; returns whether they committed and the connection's autocommit after. */
  const run = (writes: PipelinedWrite[]) => inTransaction(t.ds, async (m) => {
    const committed = await commitPipelined(m, writes);
    const [{ a }] = await m.query('SELECT @@autocommit AS a');
    return { committed, autocommit: Number(a) };
  });

  it('SQLite has no pipelined commit (its fan-out writes statement by statement)', async () => {
    if (t.db.engine !== 'sqlite') return;
    await expect(inTransaction(t.ds, (m) => commitPipelined(m, [{ sql: 'SELECT 1', params: [] }]))).rejects.toThrow('MariaDB/MySQL only');
  });

  it('commits when every write changed the rows it expects; autocommit is on again', async () => {
    if (t.db.engine !== 'mariadb') return;
    expect(await run([insert(['a1', 'a2'], 2), { sql: `UPDATE ${TABLE} SET note = ? WHERE id = ?`, params: ['改', 'a1'] }, insert(['a3'], 1)]))
      .toEqual({ committed: true, autocommit: 1 });
    expect(await stored()).toEqual(['a1', 'a2', 'a3']);
  });

  it('a write that changed fewer rows than expected refuses the commit: nothing of the transaction is kept', async () => {
    if (t.db.engine !== 'mariadb') return;
    await t.ds.query(`INSERT INTO ${TABLE} (id, note) VALUES ('b2', 'x')`);
    const result = await inTransaction(t.ds, async (m) => {
      await m.query(`INSERT INTO ${TABLE} (id, note) VALUES ('b0', 'before')`);
      const committed = await commitPipelined(m, [insert(['b1'], 1), insert(['b2', 'b3'], 2), insert(['b4'], 1)]);
      const [{ a }] = await m.query('SELECT @@autocommit AS a');
      return { committed, autocommit: Number(a) };
    });
    expect(result).toEqual({ committed: false, autocommit: 1 });
    expect(await stored()).toEqual(['b2']);
  });

  it('writes that run after the transaction ended under them are not committed on their own', async () => {
    if (t.db.engine !== 'mariadb') return;
    // Refused: the write after the end ran in a transaction of its own, which is rolled back.
    expect(await run([insert(['c1'], 1), { sql: 'ROLLBACK', params: [] }, insert(['c2'], 1), insert(['c3'], 2)]))
      .toEqual({ committed: false, autocommit: 1 });
    expect(await stored()).toEqual([]);
    // Failed: the same, and the error reaches the caller.
    await expect(run([insert(['d1'], 1), { sql: 'ROLLBACK', params: [] }, insert(['d2'], 1), { sql: 'SELECT no_such_column FROM notices', params: [] }]))
      .rejects.toThrow(/no_such_column/);
    expect(await stored()).toEqual([]);
    // Every connection of the pool has autocommit on (each held at once by a query that waits a moment).
    const size = (t.ds.options as { extra: { connectionLimit: number } }).extra.connectionLimit;
    const flags = await Promise.all(Array.from({ length: size }, () => t.ds.query('SELECT @@autocommit AS a, SLEEP(0.05) AS s')));
    expect(flags.map(([r]) => Number(r.a))).toEqual(Array(size).fill(1));
  });
});
