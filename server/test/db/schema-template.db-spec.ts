import { DataSource, getMetadataArgsStorage } from 'typeorm';
import { parseDatabaseUrl } from '../../src/platform/config/app-config';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { runMigrations } from '../../src/platform/database/database.module';
import { copySchemaTemplate } from '../support/schema-template';
import { TestApp } from '../support/test-app';
import { migrated } from '../support/migrations';
import { MIGRATIONS } from '../../src/platform/database/migrations';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Every table as the database itself describes it (SQLite: its CREATE statements; MariaDB: SHOW CREATE TABLE, the
 * auto-increment counter left out), and the migrations recorded as run.
 */
async function schemaOf(ds: DataSource): Promise<{ tables: Record<string, string>; migrations: string[] }> {
  const tables: Record<string, string> = {};
  if (ds.options.type === 'better-sqlite3') {
    for (const r of await ds.query(`SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`) as { type: string; name: string; sql: string | null }[]) {
      tables[`${r.type} ${r.name}`] = r.sql ?? '';
    }
  } else {
    for (const { name } of await ds.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name`) as { name: string }[]) {
      const [row] = await ds.query(`SHOW CREATE TABLE \`${name}\``) as Record<string, string>[];
      tables[name] = row['Create Table'].replace(/ AUTO_INCREMENT=\d+/, '');
    }
  }
  const migrations = (await ds.query('SELECT name FROM migrations') as { name: string }[]).map((m) => m.name).sort();
  return { tables, migrations };
}

/**
 * The in-process apps' databases are copies of a schema template the suite migrates once (test/support/schema-template.ts).
 * A copy must be the database the migrations make: the same tables with the same columns, keys, indexes and options,
 * and every migration recorded as run, so the app finds nothing to migrate.
 */
describe('the database suite\'s schema template', () => {
  let app: TestApp;
  let db: TestDatabase;
  let fresh: DataSource;
  beforeAll(async () => {
    app = await TestApp.start();
    db = await createTestDatabase();
    fresh = await migrated(db, MIGRATIONS);
  });
  afterAll(async () => {
    if (fresh?.isInitialized) await fresh.destroy();
    await db?.drop();
    await app?.stop();
  });

  it('is in use: a copy arrives with every migration recorded, so the app migrates nothing', async () => {
    const empty = await createTestDatabase();
    try {
      expect(await copySchemaTemplate(empty)).toBe(true);
      const ds = new DataSource(dataSourceOptions(parseDatabaseUrl(empty.url)));
      await ds.initialize();
      try {
        expect((await schemaOf(ds)).migrations).toEqual(MIGRATIONS.map((m) => m.name).sort());
        expect(await runMigrations(ds)).toEqual([]);
      } finally {
        await ds.destroy();
      }
    } finally {
      await empty.drop();
    }
  });

  it('leaves nothing on the global object a test file inherits: each file\'s TypeORM registry holds its own classes only', () => {
    // Jest copies into each test file's global object what the process's has gained (the global setup runs in it). A
    // registry shared this way kept every test file's module graph alive for the whole run.
    const { entitySubscribers } = getMetadataArgsStorage();
    const names = entitySubscribers.map((s) => (s.target as { name: string }).name);
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives an app\'s database exactly the schema of one migrated from empty', async () => {
    const copied = await schemaOf(app.ds);
    const migratedHere = await schemaOf(fresh);
    expect(Object.keys(copied.tables).length).toBeGreaterThan(90);
    expect(copied).toEqual(migratedHere);
  });
});
