import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../src/platform/database/migrations';
import { migrated } from '../support/migrations';
import { SCHEMA_INDEXES } from '../support/schema-indexes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** One index as `name UNIQUE (a, b)` or `name (a)`: how SCHEMA_INDEXES writes it. */
type IndexLine = string;

/** Every index on every table except primary keys, as the database reports it. */
async function liveIndexes(ds: DataSource): Promise<Record<string, IndexLine[]>> {
  const rows: { tbl: string; name: string; uniq: number | string; col: string }[] = ds.options.type === 'better-sqlite3'
    ? await ds.query(`
        SELECT m.tbl_name AS tbl, il.name AS name, il."unique" AS uniq, ii.name AS col
        FROM sqlite_master m
        JOIN pragma_index_list(m.tbl_name) il
        JOIN pragma_index_info(il.name) ii
        WHERE m.type = 'table' AND il.origin <> 'pk'
        ORDER BY m.tbl_name, il.name, ii.seqno`)
    : await ds.query(`
        SELECT TABLE_NAME AS tbl, INDEX_NAME AS name, 1 - NON_UNIQUE AS uniq, COLUMN_NAME AS col
        FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY'
        ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`);
  const byIndex = new Map<string, { tbl: string; name: string; unique: boolean; cols: string[] }>();
  for (const r of rows) {
    const key = `${r.tbl}\u0000${r.name}`;
    const ix = byIndex.get(key) ?? { tbl: r.tbl, name: r.name, unique: Number(r.uniq) === 1, cols: [] };
    ix.cols.push(r.col);
    byIndex.set(key, ix);
  }
  const out: Record<string, IndexLine[]> = {};
  for (const ix of byIndex.values()) {
    (out[ix.tbl] ??= []).push(`${ix.name}${ix.unique ? ' UNIQUE' : ''} (${ix.cols.join(', ')})`);
  }
  for (const t of Object.keys(out)) out[t].sort();
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** The same lines, ready to paste into test/support/schema-indexes.ts. */
function asSource(indexes: Record<string, IndexLine[]>): string {
  return Object.entries(indexes).map(([t, lines]) => `  ${t}: [${lines.map((l) => `'${l}'`).join(', ')}],`).join('\n');
}

const sorted = (x: Record<string, IndexLine[]>) =>
  Object.fromEntries(Object.entries(x).map(([t, l]) => [t, [...l].sort()] as const).sort(([a], [b]) => a.localeCompare(b)));

/**
 * The migrations own the schema (synchronize is never on). This checks what they give the database, on the engine
 * under test, against the indexes the code relies on (SCHEMA_INDEXES): unique keys that make inserts idempotent and
 * keep one row per thing, and the indexes the queues and lists are read through. An index a migration drops, renames,
 * narrows or creates differently on one engine fails here; so does an index an entity still declares that the
 * database does not have.
 */
describe('database indexes after all migrations', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await migrated(db, MIGRATIONS);
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  it('are exactly the ones the code expects', async () => {
    const live = await liveIndexes(ds);
    const expected = sorted(SCHEMA_INDEXES);
    if (JSON.stringify(live) !== JSON.stringify(expected)) {
      // A new migration that adds an index adds its line to test/support/schema-indexes.ts; this is the live list.
      console.error(`Indexes on ${db.engine} after all migrations:\n${asSource(live)}`);
    }
    expect(live).toEqual(expected);
  });

  it('include every index an entity declares (entities declare none the database lacks)', async () => {
    const live = await liveIndexes(ds);
    for (const meta of ds.entityMetadatas) {
      for (const ix of meta.indices) {
        const cols = ix.columns.map((c) => c.databaseName);
        const match = (live[meta.tableName] ?? []).some((l) => l.endsWith(`(${cols.join(', ')})`) && l.includes(' UNIQUE ') === ix.isUnique);
        expect({ table: meta.tableName, columns: cols, unique: ix.isUnique, found: match }).toEqual({ table: meta.tableName, columns: cols, unique: ix.isUnique, found: true });
      }
    }
  });
});
