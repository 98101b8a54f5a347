import { DataSource, EntityManager } from 'typeorm';
import { isDeadlock } from './db-errors';

/** SQLite (better-sqlite3) has one connection per DataSource: its transactions must take turns. */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/** How many times a transaction that InnoDB chose as a deadlock victim is run again. */
const DEADLOCK_RETRIES = 3;

/**
 * Runs `work` in one transaction — the only way the app opens one (never call ds.transaction directly).
 * On MariaDB/MySQL, READ COMMITTED (queues and counters need it: under REPEATABLE READ a SKIP LOCKED claim takes
 * gap locks that block the other workers); a transaction rolled back as a deadlock victim (errno 1213) is run again, so `work` must only touch the database through `manager`.
 * On SQLite, transactions are queued one after another on the single connection.
 * Every domain change, its audit entry and its outbox rows are written through the one `manager` given to `work`.
 */
export async function inTransaction<T>(ds: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type !== 'better-sqlite3') {
    for (let attempt = 1; ; attempt++) {
      try {
        return await ds.transaction('READ COMMITTED', work);
      } catch (e) {
        if (!isDeadlock(e) || attempt > DEADLOCK_RETRIES) throw e;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
      }
    }
  }
  const previous = sqliteQueues.get(ds) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => ds.transaction(work));
  sqliteQueues.set(ds, run.catch(() => undefined));
  return run;
}
