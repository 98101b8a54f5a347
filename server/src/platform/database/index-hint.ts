import type { EntityManager } from 'typeorm';

/**
 * `table` read through `index` only (FORCE INDEX on MariaDB/MySQL, INDEXED BY on SQLite), for the few queries whose
 * plan must not depend on the optimizer's row estimates. Use it where a wrong estimate turns a short index range into
 * a scan of the table, and say why beside the query.
 */
export function throughIndex(m: EntityManager, table: string, index: string): string {
  return m.connection.options.type === 'better-sqlite3' ? `${table} INDEXED BY ${index}` : `${table} FORCE INDEX (${index})`;
}
