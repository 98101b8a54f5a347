import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../../src/platform/database/transaction';
import { MIGRATIONS } from '../../src/platform/database/migrations';
import { migrated } from '../support/migrations';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/test-database';

/**
 * Another process on the same database, as the admin CLI (`npm run admin`) beside a running server: it writes while
 * one of our transactions has read and is about to write. Both must commit. On SQLite a deferred transaction would
 * fail at once with SQLITE_BUSY_SNAPSHOT (its snapshot is stale, so SQLite does not wait); ours take the write lock
 * first, so the other process waits for it instead.
 */
const OTHER_PROCESS = `
const rl = require('node:readline').createInterface({ input: process.stdin });
const [engine, target] = process.argv.slice(1);
(async () => {
  let write;
  if (engine === 'sqlite') {
    const db = new (require('better-sqlite3'))(target);
    db.pragma('busy_timeout = 10000');
    write = async () => db.prepare('UPDATE lock_probe SET n = n + 1 WHERE id = 1').run();
  } else {
    const c = await require('mysql2/promise').createConnection(target);
    write = () => c.query('UPDATE lock_probe SET n = n + 1 WHERE id = 1');
  }
  console.log('ready');
  for await (const line of rl) {
    if (line !== 'go') continue;
    try { await write(); console.log('wrote'); } catch (e) { console.log('failed ' + (e.code || e.message)); }
    process.exit(0);
  }
})();
`;

describe(`a second process writing on the same database (${testEngine()})`, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let other: ChildProcessWithoutNullStreams;
  const lines: string[] = [];
  const nextLine = (timeoutMs: number) => new Promise<string | null>((resolve) => {
    const started = lines.length;
    const timer = setTimeout(() => resolve(null), timeoutMs);
    const poll = setInterval(() => {
      if (lines.length > started) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve(lines[started]);
      }
    }, 10);
    timer.unref();
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await migrated(db, MIGRATIONS);
    await inTransaction(ds, async (m) => {
      await m.query('CREATE TABLE lock_probe (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
      await m.query('INSERT INTO lock_probe (id, n) VALUES (1, 0)');
    });
    const target = db.engine === 'sqlite' ? db.url.replace(/^sqlite:/, '') : db.url.replace(/^mariadb:/, 'mysql:');
    other = spawn(process.execPath, ['-e', OTHER_PROCESS, db.engine, target], { cwd: join(__dirname, '..', '..') });
    createInterface({ input: other.stdout }).on('line', (l) => lines.push(l));
    expect(await nextLine(20_000)).toBe('ready');
  });
  afterAll(async () => {
    other?.kill();
    await ds?.destroy();
    await db?.drop();
  });

  it('both commit when the other process writes between our read and our write', async () => {
    let otherAnswer: Promise<string | null> = Promise.resolve(null);
    await inTransaction(ds, async (m) => {
      await m.query('SELECT n FROM lock_probe WHERE id = 1');
      otherAnswer = nextLine(30_000);
      other.stdin.write('go\n');
      // The other process either writes now (MariaDB: we hold no lock yet) or waits for our commit (SQLite).
      await Promise.race([otherAnswer, new Promise((r) => setTimeout(r, 1_500))]);
      await m.query('UPDATE lock_probe SET n = n + 10 WHERE id = 1');
    });
    expect(await otherAnswer).toBe('wrote');
    expect(Number((await ds.query('SELECT n FROM lock_probe WHERE id = 1'))[0].n)).toBe(11);
  });
});
