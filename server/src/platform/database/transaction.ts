import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { isDeadlock } from './db-errors';
import { sessionsAreReadCommitted } from './read-committed-driver';

/** SQLite (better-sqlite3) has one connection per DataSource: its transactions must take turns. */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/** How many times a transaction that InnoDB chose as a deadlock victim is run again. */
const DEADLOCK_RETRIES = 3;

/**
 * The transaction the current async call chain is inside: set while `work` runs, closed (`open = false`) as soon as
 * `work` has returned or thrown, so work started from inside (a commit listener, a fire-and-forget kick) that runs
 * later is not mistaken for work inside the transaction. `queryRunner` is null for migrations, which write through
 * runners of their own.
 */
interface TransactionFrame {
  ds: DataSource;
  queryRunner: QueryRunner | null;
  open: boolean;
}

/** Read once: NODE_ENV is fixed for a process's life, and reading `process.env` is not free on every call. */
const STRICT = process.env.NODE_ENV === 'test';

const frames = new AsyncLocalStorage<TransactionFrame>();

/**
 * Runs `work` inside `frame` where the frames are looked at: only the test-mode checks below read them. Elsewhere
 * `work` just runs: an AsyncLocalStorage that has run once makes Node track every promise of the process through
 * async hooks for the rest of its life (in a profile of a guardian's confirmation, about 4 % of the server's CPU).
 */
function inFrame<T>(frame: TransactionFrame, work: () => Promise<T>): Promise<T> {
  return STRICT ? frames.run(frame, work) : work();
}

/** Tests (NODE_ENV=test) make a nested transaction, a WeChat call inside one and a write outside one throw. */
export function strictTransactions(): boolean {
  return STRICT;
}

/** The open transaction of this call chain on `ds`, if any. */
function openFrame(ds?: DataSource): TransactionFrame | null {
  const frame = frames.getStore();
  return frame?.open && (!ds || frame.ds === ds) ? frame : null;
}

/** True while the caller runs inside `inTransaction` work (on any DataSource). Known under NODE_ENV=test only (see `inFrame`). */
export function insideTransaction(): boolean {
  return openFrame() !== null;
}

/**
 * Throws (under NODE_ENV=test) when called inside a transaction: for calls that must never hold one open, such as
 * WeChat's HTTP API (a slow answer would keep the transaction's locks, and on SQLite the only connection, for seconds).
 */
export function assertOutsideTransaction(what: string): void {
  if (strictTransactions() && insideTransaction()) throw new Error(`${what} inside a database transaction: make the call before or after inTransaction`);
}

/**
 * Runs `work` in one transaction — the only way the app opens one (never call ds.transaction directly).
 * On MariaDB/MySQL, READ COMMITTED (queues and counters need it: under REPEATABLE READ a SKIP LOCKED claim takes
 * gap locks that block the other workers); a transaction rolled back as a deadlock victim (errno 1213) is run again, so `work` must only touch the database through `manager`.
 * On SQLite, transactions are queued one after another on the single connection.
 * Every domain change, its audit entry and its outbox rows are written through the one `manager` given to `work`.
 * Under NODE_ENV=test, calling it from inside another transaction on the same DataSource throws: on SQLite the inner
 * one would wait forever for the outer, and on MariaDB it would commit apart from it.
 */
export async function inTransaction<T>(ds: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (strictTransactions() && openFrame(ds)) {
    throw new Error('inTransaction called inside another inTransaction on the same DataSource: pass the manager down instead');
  }
  const framed = (m: EntityManager): Promise<T> => {
    const frame: TransactionFrame = { ds, queryRunner: m.queryRunner ?? null, open: true };
    return inFrame(frame, async () => {
      try {
        if (ds.options.type === 'better-sqlite3') await takeSqliteWriteLock(ds, m);
        return await work(m);
      } finally {
        frame.open = false;
      }
    });
  };
  if (ds.options.type !== 'better-sqlite3') {
    // Connections opened by readCommittedMysql2 are READ COMMITTED already: no SET TRANSACTION before each START.
    const preset = sessionsAreReadCommitted((ds.options as { driver?: unknown }).driver);
    for (let attempt = 1; ; attempt++) {
      try {
        return await (preset ? ds.transaction(framed) : ds.transaction('READ COMMITTED', framed));
      } catch (e) {
        if (!isDeadlock(e) || attempt > DEADLOCK_RETRIES) throw e;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
      }
    }
  }
  const previous = sqliteQueues.get(ds) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => ds.transaction(framed));
  sqliteQueues.set(ds, run.catch(() => undefined));
  return run;
}

/**
 * SQLite: takes the database's write lock as the transaction's first statement, as `BEGIN IMMEDIATE` would (TypeORM
 * only issues a deferred `BEGIN`). Another process may use the same file (the admin CLI beside a running server): a
 * deferred transaction that has read and then writes after that process wrote fails at once with SQLITE_BUSY_SNAPSHOT,
 * without waiting (`busy_timeout` cannot help: its snapshot is stale). Taking the lock first waits for the other
 * writer instead. A write that changes nothing is enough to take it; the migrations table always exists once the
 * schema does.
 */
async function takeSqliteWriteLock(ds: DataSource, m: EntityManager): Promise<void> {
  const table = ds.options.migrationsTableName ?? 'migrations';
  await m.query(`UPDATE "${table}" SET "id" = "id" WHERE 0`);
}

/**
 * Runs the migrations' own transactions (`ds.runMigrations`), which write outside `inTransaction` by design; the
 * write guard lets their statements through. On SQLite they take their turn in the transaction queue.
 */
export async function asMigration<T>(ds: DataSource, run: () => Promise<T>): Promise<T> {
  const framed = () => inFrame({ ds, queryRunner: null, open: true }, run);
  if (ds.options.type !== 'better-sqlite3') return framed();
  const previous = sqliteQueues.get(ds) ?? Promise.resolve();
  const result = previous.catch(() => undefined).then(framed);
  sqliteQueues.set(ds, result.catch(() => undefined));
  return result;
}

/**
 * Whether a write statement issued now on `queryRunner` of `ds` is inside the open transaction of this call chain
 * (or a migration). A write on another connection while a transaction is open is outside it too.
 */
export function writeIsTransactional(ds: DataSource, queryRunner: QueryRunner): boolean {
  const frame = openFrame(ds);
  return !!frame && (frame.queryRunner === null || frame.queryRunner === queryRunner);
}
