import type { EntityManager } from 'typeorm';

/**
 * `table` read through `index` only (FORCE INDEX on MariaDB/MySQL, INDEXED BY on SQLite), for the few queries whose
 * plan must not be left to the optimizer: where a plan it may choose turns a short index range into a scan or a sort
 * of the table. Say why beside the query. With `alias`, the table is named so in the query (the alias goes before the hint).
 */
export function throughIndex(m: EntityManager, table: string, index: string, alias?: string): string {
  const named = alias ? `${table} ${alias}` : table;
  return m.connection.options.type === 'better-sqlite3' ? `${named} INDEXED BY ${index}` : `${named} FORCE INDEX (${index})`;
}
