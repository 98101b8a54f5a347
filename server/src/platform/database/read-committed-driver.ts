import * as mysql2 from 'mysql2';

/** The isolation level every MariaDB/MySQL transaction of the app runs at (see `inTransaction`). */
export const SESSION_ISOLATION = 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED';

const MARK = Symbol('anxin.readCommittedOnConnect');

interface PoolLike {
  on(event: 'connection', listener: (connection: { query(sql: string): unknown }) => void): unknown;
}

/**
 * mysql2 as TypeORM loads it, except that every connection its pools open sets READ COMMITTED for its whole session
 * as its first command (mysql2 runs a connection's commands in order, so nothing the app sends can come before it).
 * A transaction then needs only `START TRANSACTION`, not a `SET TRANSACTION ISOLATION LEVEL` round trip of its own
 * each time: one statement fewer for every transaction the app opens. The listener is on the pool before its first
 * connection (the one TypeORM opens to check the credentials), so no connection is left at the server's default.
 */
export function readCommittedMysql2(): typeof mysql2 {
  const driver = {
    ...mysql2,
    createPool: (options: mysql2.PoolOptions) => {
      const pool = mysql2.createPool(options);
      (pool as unknown as PoolLike).on('connection', (connection) => connection.query(SESSION_ISOLATION));
      return pool;
    },
    [MARK]: true,
  };
  return driver as typeof mysql2;
}

/** True when the data source's connections were opened by `readCommittedMysql2` (READ COMMITTED already set). */
export function sessionsAreReadCommitted(driver: unknown): boolean {
  return typeof driver === 'object' && driver !== null && (driver as { [MARK]?: boolean })[MARK] === true;
}
