import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { OutboxCommitSubscriber } from '../outbox/outbox-wake';
import { readCommittedMysql2 } from './read-committed-driver';
import { UuidSubscriber } from './uuid.subscriber';
import { TransactionWriteGuard } from './write-guard';

/**
 * One place that turns DATABASE_URL into TypeORM options for SQLite (embedded default), MariaDB and MySQL 8.
 * `synchronize` is never on: the schema comes only from the checked-in migrations. `guardWrites` (the app's data
 * source under NODE_ENV=test) refuses writes the server's code makes outside `inTransaction` (see write-guard.ts).
 */
export function dataSourceOptions(db: DatabaseConfig, options: { guardWrites?: boolean } = {}): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    subscribers: [UuidSubscriber, OutboxCommitSubscriber, ...(options.guardWrites ? [TransactionWriteGuard] : [])],
    synchronize: false,
    migrationsRun: false,
    logging: false as const,
  };
  if (db.type === 'better-sqlite3') {
    if (db.file !== ':memory:') mkdirSync(dirname(db.file), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.file,
      prepareDatabase: (conn: { pragma(s: string): unknown }) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('synchronous = NORMAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 10000');
        // Deleted rows are overwritten, not left in free pages: a day's rate-limit key must be gone once deleted.
        conn.pragma('secure_delete = ON');
      },
    };
  }
  return {
    ...common,
    type: db.type,
    // Each connection is READ COMMITTED for its session (read-committed-driver.ts), so a transaction is one START.
    driver: readCommittedMysql2(),
    connectorPackage: 'mysql2',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: false,
    // Prepared statements (prepared-query.ts) kept per connection: a few dozen shapes of image INSERT, well inside
    // MariaDB's max_prepared_stmt_count (16,382 for the whole server) at 20 connections.
    extra: { connectionLimit: Number(process.env.DB_POOL_SIZE || 20), maxPreparedStatements: 100 },
  } as DataSourceOptions;
}
