import { DataSource, EntityManager } from 'typeorm';

/** SQLite (better-sqlite3) has one connection per DataSource: its transactions must take turns. */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs `work` in one transaction — the only way the app opens one (never call ds.transaction directly).
 * On MariaDB/MySQL, READ COMMITTED (queues and counters need it, see toolchain notes). On SQLite,
 * transactions are queued one after another on the single connection.
 * Every domain change, its audit entry and its outbox rows are written through the one `manager` given to `work`.
 */
export function inTransaction<T>(ds: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type !== 'better-sqlite3') return ds.transaction('READ COMMITTED', work);
  const previous = sqliteQueues.get(ds) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => ds.transaction(work));
  sqliteQueues.set(ds, run.catch(() => undefined));
  return run;
}
