import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/platform/config/app-config';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { inTransaction } from '../../src/platform/database/transaction';
import { statementLog } from '../support/statement-log';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const POOL = 4;

/**
 * On MariaDB/MySQL every connection of the app's pools is READ COMMITTED for its whole session
 * (read-committed-driver.ts), so `inTransaction` opens a transaction with `START TRANSACTION` alone. Shown by what
 * READ COMMITTED does — a transaction sees a row another one committed after its first read — on every connection
 * of the pool, the one TypeORM opens first to check the credentials included. On SQLite there is nothing to set.
 */
describe('transactions: READ COMMITTED from the connection, one statement to begin', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const previousPool = process.env.DB_POOL_SIZE;

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DB_POOL_SIZE = String(POOL);
    ds = new DataSource({ ...dataSourceOptions(parseDatabaseUrl(db.url)), migrations: [] });
    await ds.initialize();
    await ds.runMigrations(); // none: it makes the migrations table, which SQLite's transactions take their write lock on
    await ds.query('CREATE TABLE rc_probe (id INTEGER PRIMARY KEY)');
  });
  afterAll(async () => {
    if (previousPool === undefined) delete process.env.DB_POOL_SIZE;
    else process.env.DB_POOL_SIZE = previousPool;
    await ds?.destroy();
    await db?.drop();
  });

  it('begins with START TRANSACTION alone (no SET TRANSACTION per transaction)', async () => {
    const log = statementLog(ds);
    log.start();
    await inTransaction(ds, (m) => m.query('SELECT COUNT(*) AS n FROM rc_probe'));
    const statements = log.stop();
    expect(statements.filter((s) => /ISOLATION/i.test(s))).toEqual([]);
    expect(statements[0]).toMatch(db.engine === 'mariadb' ? /^START TRANSACTION$/ : /^BEGIN/);
  });

  it('every connection of the pool sees what another transaction committed after its first read', async () => {
    if (db.engine !== 'mariadb') return; // one connection, transactions in turn: no isolation level to set
    const url = new URL(db.url);
    // Outside the pool (all of its connections are busy below): the other writer.
    const other = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), database: url.pathname.slice(1) });
    const connections = new Set<number>();
    let nextId = 1;
    // POOL transactions at once, so each holds a connection of its own: all of the pool's connections are tried.
    let arrived = 0;
    let allArrived!: () => void;
    const together = new Promise<void>((r) => (allArrived = r));
    await Promise.all(Array.from({ length: POOL }, () => inTransaction(ds, async (m) => {
      const [{ id }] = await m.query('SELECT CONNECTION_ID() AS id');
      connections.add(Number(id));
      const [{ n: before }] = await m.query('SELECT COUNT(*) AS n FROM rc_probe');
      if (++arrived === POOL) allArrived();
      await together;
      // Another connection commits a row now (autocommit, outside this transaction).
      await other.query('INSERT INTO rc_probe (id) VALUES (?)', [nextId++]);
      const [{ n: after }] = await m.query('SELECT COUNT(*) AS n FROM rc_probe');
      // REPEATABLE READ (the server's default) would keep showing the first read's snapshot.
      expect(Number(after)).toBeGreaterThan(Number(before));
    }))).finally(() => other.end());
    expect(connections.size).toBe(POOL);
  });
});
