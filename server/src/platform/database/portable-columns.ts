import type { TableColumnOptions } from 'typeorm';
import type { QueryRunner } from 'typeorm';

/**
 * Column builders for migrations, so one migration file runs unchanged on SQLite, MariaDB and MySQL 8.
 * Types differ only where the engines do (large blobs and texts, JSON, fractional-second datetimes).
 */
export function columns(qr: QueryRunner) {
  const sqlite = qr.connection.driver.options.type === 'better-sqlite3';
  return {
    id: (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true }),
    ref: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable }),
    string: (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable }),
    text: (name: string, nullable = false): TableColumnOptions => ({ name, type: sqlite ? 'text' : 'mediumtext', isNullable: nullable }),
    json: (name: string, nullable = false): TableColumnOptions => ({ name, type: sqlite ? 'text' : 'longtext', isNullable: nullable }),
    blob: (name: string, nullable = false): TableColumnOptions => ({ name, type: sqlite ? 'blob' : 'longblob', isNullable: nullable }),
    int: (name: string, nullable = false, dflt?: number): TableColumnOptions => ({ name, type: 'int', isNullable: nullable, default: dflt }),
    bigint: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable }),
    serial: (name = 'id'): TableColumnOptions => ({ name, type: sqlite ? 'integer' : 'bigint', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }),
    bool: (name: string, dflt = false): TableColumnOptions => ({ name, type: 'boolean', isNullable: false, default: dflt ? 1 : 0 }),
    datetime: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: sqlite ? undefined : 3, isNullable: nullable }),
  };
}

/** MariaDB/MySQL tables are created utf8mb4 with an explicit collation (utf8mb4_0900_ai_ci does not exist on MariaDB). */
export function tableEngineOptions(qr: QueryRunner): { engine?: string } {
  return qr.connection.driver.options.type === 'better-sqlite3' ? {} : { engine: 'InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci' };
}
