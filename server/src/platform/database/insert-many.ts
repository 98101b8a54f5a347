import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { PipelinedWrite } from './pipelined-commit';
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
  return insertPlanned(m, { statements: statementsFor(m.connection, target, rows) });
}

/** An `insertManyIgnoringDuplicates` built ahead of the transaction that runs it (`planInsertMany`, `insertPlanned`). */
export interface PlannedInsert {
  statements: Statement[];
}

interface Statement {
  sql: string;
  params: unknown[];
  /** Rows it carries. */
  rows: number;
  /** Sent as a prepared statement (MariaDB/MySQL, rows carrying a Buffer). */
  prepared: boolean;
}

/**
 * `insertManyIgnoringDuplicates` in two steps, for work that can be done before its transaction opens (a notice's
 * fan-out builds its next batch while the last one is written): the rows checked and converted and their statements
 * built now; `insertPlanned` runs them, returning the rows inserted. The values stay parameters: written into the SQL
 * text ahead (mysql2's escaping), a batch's statements were strings of hundreds of kilobytes held across its awaits,
 * which V8 promoted and collected in full collections, and mysql2 still scanned each for placeholders as it sent it
 * (docs/BENCHMARKS.md).
 */
export function planInsertMany<T extends ObjectLiteral>(ds: DataSource, target: EntityTarget<T>, rows: Partial<T>[]): PlannedInsert {
  return { statements: statementsFor(ds, target, rows) };
}

/** Runs a `planInsertMany` in the caller's transaction; returns the rows inserted (a taken key is skipped). */
export async function insertPlanned(m: EntityManager, plan: PlannedInsert): Promise<number> {
  let inserted = 0;
  for (const st of plan.statements) inserted += await run(m, st);
  return inserted;
}

/**
 * A plan's statements as writes of a pipelined commit (MariaDB/MySQL, `commitPipelined`), each expected to insert
 * every row it carries: a key already taken refuses the commit, and the caller goes the way that reads back.
 */
export function plannedWrites(plan: PlannedInsert): PipelinedWrite[] {
  return plan.statements.map((st) => ({ sql: st.sql, params: st.params, prepared: st.prepared, expect: st.rows }));
}

/** The statements inserting `rows`: as few as the limits above allow. */
function statementsFor<T extends ObjectLiteral>(ds: DataSource, target: EntityTarget<T>, rows: Partial<T>[]): Statement[] {
  if (!rows.length) return [];
  const sqlite = ds.options.type === 'better-sqlite3';
  const { table, names, rowSql, values } = insertShape(ds, target);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / values.length));
  const statements: Statement[] = [];
  let params: unknown[] = [];
  let count = 0;
  let bytes = 0;
  const flush = () => {
    if (!count) return;
    const sql = sqlite
      ? `INSERT INTO ${table} (${names}) VALUES ${Array(count).fill(rowSql).join(', ')} ON CONFLICT DO NOTHING`
      : `INSERT IGNORE INTO ${table} (${names}) VALUES ${Array(count).fill(rowSql).join(', ')}`;
    statements.push({ sql, params, rows: count, prepared: !sqlite && params.some((p) => Buffer.isBuffer(p)) });
    params = [];
    count = 0;
    bytes = 0;
  };
  const row: unknown[] = new Array(values.length);
  for (const entity of rows) {
    let rowBytes = 0;
    for (let i = 0; i < values.length; i++) {
      const value = values[i](entity);
      rowBytes += typeof value === 'string' ? value.length * 3 : Buffer.isBuffer(value) ? value.length : 8;
      row[i] = value;
    }
    if (count && (count >= perStatement || bytes + rowBytes > MAX_BYTES)) flush();
    for (const v of row) params.push(v);
    count++;
    bytes += rowBytes;
  }
  flush();
  return statements;
}

/** An entity's INSERT as `statementsFor` writes it: table, column list, one row's placeholders, and each column's value of a row. */
interface InsertShape {
  table: string;
  names: string;
  rowSql: string;
  values: ((row: ObjectLiteral) => unknown)[];
}

/** Worked out once per entity and data source: a fan-out converts about sixty values a guardian. */
const shapes = new WeakMap<DataSource, Map<unknown, InsertShape>>();

function insertShape(ds: DataSource, target: EntityTarget<ObjectLiteral>): InsertShape {
  let known = shapes.get(ds);
  if (!known) shapes.set(ds, (known = new Map()));
  let shape = known.get(target);
  if (!shape) {
    const meta = ds.getMetadata(target);
    const columns = meta.columns.filter((c) => !c.isVirtual && !c.isGenerated);
    shape = {
      table: ds.driver.escape(meta.tableName),
      names: columns.map((c) => ds.driver.escape(c.databaseName)).join(', '),
      rowSql: `(${columns.map(() => '?').join(', ')})`,
      values: columns.map((c) => persistentValue(ds, c)),
    };
    known.set(target, shape);
  }
  return shape;
}

/**
 * A column's value of a row as TypeORM would write it (its transformer, the driver's conversion of dates and
 * booleans), the column's default when the row leaves it out; checked as the comment at the top says.
 */
function persistentValue(ds: DataSource, column: ColumnMetadata): (row: ObjectLiteral) => unknown {
  // A plain column (not inside an embedded, not a relation's key) is the row's property of that name: what
  // `getEntityValue` returns then, without its checks on every call.
  const plain = !column.embeddedMetadata && !column.relationMetadata;
  const property = column.propertyName;
  const fallback = column.default === undefined || typeof column.default === 'function' ? null : column.default;
  const maxLength = column.length ? Number(column.length) : 0;
  return (row) => {
    let value = plain ? row[property] : column.getEntityValue(row);
    if (value === undefined) value = fallback;
    const prepared = ds.driver.preparePersistentValue(value, column);
    if (prepared === null || prepared === undefined) {
      if (!column.isNullable) throw new Error(`insert into ${column.entityMetadata.tableName}: ${column.databaseName} must not be null`);
      return null;
    }
    // A varchar's length counts characters (code points); a JavaScript string's, UTF-16 units.
    if (maxLength && typeof prepared === 'string' && prepared.length > maxLength && [...prepared].length > maxLength) {
      throw new Error(`insert into ${column.entityMetadata.tableName}: ${column.databaseName} is longer than ${maxLength} characters`);
    }
    return prepared;
  };
}

/** Runs one INSERT through the transaction's runner (as a prepared statement when it says so) and returns the rows it inserted. */
async function run(m: EntityManager, st: Statement): Promise<number> {
  const qr = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    if (st.prepared) return await executePrepared(qr, st.sql, st.params);
    const result = await qr.query(st.sql, st.params, true);
    return Number(result.affected ?? 0);
  } finally {
    if (!m.queryRunner) await qr.release();
  }
}
