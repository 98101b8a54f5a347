import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { executePrepared } from './prepared-query';

/**
 * Bound parameters per statement: well under SQLite's limit of 32,766 variables, and a statement of a few hundred
 * rows is already past the point where more rows per INSERT save time.
 */
const MAX_PARAMS = 16_000;
/** Estimated bytes per statement (a Buffer counts its length): far below MariaDB's max_allowed_packet (16 MB by default, 4 MB on old servers). */
const MAX_BYTES = 1 << 20;

/**
 * Multi-row INSERT of `rows` in as few statements as the limits above allow; a row whose unique key (primary key or
 * any unique index) is already taken, in the table or earlier in the same call, is skipped, not an error: INSERT
 * IGNORE on MariaDB/MySQL, `ON CONFLICT DO NOTHING` on SQLite. Values go through the same conversion as TypeORM's
 * own inserts (column transformers, dates), so the rows read back exactly as if saved one by one. Every column of
 * the entity is written: a row leaving one out (undefined) gets the column's default or null.
 *
 * INSERT IGNORE would also turn a too-long string or a null in a NOT NULL column into a warning and store
 * something else, so those are checked first and throw, as they would on SQLite's typed columns: only a duplicate
 * key is ever skipped. On MariaDB/MySQL, a statement carrying a Buffer (images) is sent as a prepared statement, its
 * bytes as they are (prepared-query.ts). Returns how many rows were inserted.
 */
export async function insertManyIgnoringDuplicates<T extends ObjectLiteral>(
  m: EntityManager, target: EntityTarget<T>, rows: Partial<T>[],
): Promise<number> {
  if (!rows.length) return 0;
  const meta = m.connection.getMetadata(target);
  const driver = m.connection.driver;
  const sqlite = m.connection.options.type === 'better-sqlite3';
  const columns = meta.columns.filter((c) => !c.isVirtual && !c.isGenerated);
  const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
  const table = driver.escape(meta.tableName);
  const rowSql = `(${columns.map(() => '?').join(', ')})`;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  let inserted = 0;
  let params: unknown[] = [];
  let count = 0;
  let bytes = 0;
  const flush = async () => {
    if (!count) return;
    const sql = sqlite
      ? `INSERT INTO ${table} (${names}) VALUES ${Array(count).fill(rowSql).join(', ')} ON CONFLICT DO NOTHING`
      : `INSERT IGNORE INTO ${table} (${names}) VALUES ${Array(count).fill(rowSql).join(', ')}`;
    inserted += await run(m, sql, params, !sqlite && params.some((p) => Buffer.isBuffer(p)));
    params = [];
    count = 0;
    bytes = 0;
  };
  for (const row of rows) {
    let rowBytes = 0;
    const values = columns.map((c) => {
      const value = persistentValue(m, c, row);
      rowBytes += typeof value === 'string' ? value.length * 3 : Buffer.isBuffer(value) ? value.length : 8;
      return value;
    });
    if (count && (count >= perStatement || bytes + rowBytes > MAX_BYTES)) await flush();
    for (const v of values) params.push(v);
    count++;
    bytes += rowBytes;
  }
  await flush();
  return inserted;
}

function persistentValue(m: EntityManager, column: ColumnMetadata, row: ObjectLiteral): unknown {
  let value = column.getEntityValue(row);
  if (value === undefined) value = column.default === undefined || typeof column.default === 'function' ? null : column.default;
  const prepared = m.connection.driver.preparePersistentValue(value, column);
  if (prepared === null || prepared === undefined) {
    if (!column.isNullable) throw new Error(`insert into ${column.entityMetadata.tableName}: ${column.databaseName} must not be null`);
    return null;
  }
  // A varchar's length counts characters (code points); a JavaScript string's, UTF-16 units.
  if (typeof prepared === 'string' && column.length && prepared.length > Number(column.length) && [...prepared].length > Number(column.length)) {
    throw new Error(`insert into ${column.entityMetadata.tableName}: ${column.databaseName} is longer than ${column.length} characters`);
  }
  return prepared;
}

/** Runs one INSERT through the transaction's runner (`prepared`: as a prepared statement) and returns the rows it inserted. */
async function run(m: EntityManager, sql: string, params: unknown[], prepared: boolean): Promise<number> {
  const qr = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    if (prepared) return await executePrepared(qr, sql, params);
    const result = await qr.query(sql, params, true);
    return Number(result.affected ?? 0);
  } finally {
    if (!m.queryRunner) await qr.release();
  }
}
