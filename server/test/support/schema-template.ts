import { copyFileSync, rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/platform/config/app-config';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { runMigrations } from '../../src/platform/database/database.module';
import { createTestDatabase, mariadbAdminConnection, type TestDatabase, type TestEngine } from './test-database';

/**
 * The database suite's schema template: every migration run once per suite run (the suite's global setup), and each
 * in-process app's database (`TestApp.start`) made as a copy of it instead of migrating from empty. On MariaDB the
 * migrations take about 0.9 s a database and the copy 0.25 s; the suite makes about 200. Migrating from empty is still
 * tested where it is the subject (the migration tests, `cli-migrate-audit`, every end-to-end server process), and
 * `schema-template.db-spec.ts` proves a copy has the same tables, columns and indexes as a migrated database.
 *
 * The template is described in `ANXIN_TEST_SCHEMA_TEMPLATE`, set by the global setup for the test files; without it
 * (a file run by another config) the app migrates its database itself.
 */
const ENV = 'ANXIN_TEST_SCHEMA_TEMPLATE';

interface Template {
  engine: TestEngine;
  /** The SQLite file, or the MariaDB database. */
  where: string;
  /** The template's scratch folder (the SQLite file is in it). */
  dataDir: string;
  /** MariaDB: the tables and the tables holding rows (the migrations table). */
  tables: string[];
  withRows: string[];
}

/** Builds the template on the engine under test and describes it in the environment (the suite's global setup). */
export async function buildSchemaTemplate(engine: TestEngine): Promise<void> {
  const db = await createTestDatabase(engine);
  const ds = new DataSource(dataSourceOptions(parseDatabaseUrl(db.url)));
  await ds.initialize();
  await runMigrations(ds); // as the app runs them
  await ds.destroy();
  let t: Template = { engine, where: db.url.slice('sqlite:'.length), dataDir: db.dataDir, tables: [], withRows: [] };
  if (engine === 'mariadb') {
    const where = new URL(db.url).pathname.slice(1);
    const c = await mariadbAdminConnection();
    try {
      const [rows] = await c.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = \'BASE TABLE\'', [where]);
      const tables = (rows as { name: string }[]).map((r) => r.name);
      const withRows: string[] = [];
      for (const name of tables) {
        const [[row]] = await c.query(`SELECT EXISTS (SELECT 1 FROM \`${where}\`.\`${name}\`) AS some`) as unknown as [[{ some: number }]];
        if (row.some) withRows.push(name);
      }
      t = { ...t, where, tables, withRows };
    } finally {
      await c.end();
    }
  }
  // SQLite: the data source is closed, so its write-ahead log is in the file, which is now the whole database.
  process.env[ENV] = JSON.stringify(t);
}

/** Drops the template (the suite's global teardown). */
export async function removeSchemaTemplate(): Promise<void> {
  const t = template();
  if (!t) return;
  delete process.env[ENV];
  if (t.engine === 'mariadb') {
    const c = await mariadbAdminConnection();
    try {
      await c.query(`DROP DATABASE IF EXISTS \`${t.where}\``);
    } finally {
      await c.end();
    }
  }
  rmSync(t.dataDir, { recursive: true, force: true });
}

function template(): Template | null {
  const v = process.env[ENV];
  return v ? JSON.parse(v) as Template : null;
}

/**
 * Fills the empty database `db` with the template's schema and its rows (the migrations table), if there is a template
 * of its engine; false when there is none (the app then migrates `db` itself).
 */
export async function copySchemaTemplate(db: TestDatabase): Promise<boolean> {
  const t = template();
  if (!t || t.engine !== db.engine) return false;
  if (db.engine === 'sqlite') {
    copyFileSync(t.where, db.url.slice('sqlite:'.length));
    return true;
  }
  const target = new URL(db.url).pathname.slice(1);
  const c = await mariadbAdminConnection({ multipleStatements: true });
  try {
    // No table has a foreign key, a trigger or a view over it (CREATE TABLE … LIKE copies columns, indexes and options).
    await c.query(t.tables.map((name) => `CREATE TABLE \`${target}\`.\`${name}\` LIKE \`${t.where}\`.\`${name}\``).join('; '));
    for (const name of t.withRows) await c.query(`INSERT INTO \`${target}\`.\`${name}\` SELECT * FROM \`${t.where}\`.\`${name}\``);
    return true;
  } finally {
    await c.end();
  }
}
