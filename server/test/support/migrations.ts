import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/platform/config/app-config';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { MIGRATIONS } from '../../src/platform/database/migrations';
import { createTestDatabase, type TestDatabase } from './test-database';

type Migration = (typeof MIGRATIONS)[number];

/** Every migration older than `timestamp` (the 13 digits that end a migration's class name). */
export function migrationsBefore(timestamp: number): Migration[] {
  return MIGRATIONS.filter((M) => Number(/(\d{13})$/.exec(M.name)![1]) < timestamp);
}

/** A data source on `db` with `migrations` run, for tests of a migration on existing rows (the caller destroys it). */
export async function migrated(db: TestDatabase, migrations: Migration[]): Promise<DataSource> {
  const ds = new DataSource({ ...dataSourceOptions(parseDatabaseUrl(db.url)), migrations });
  await ds.initialize();
  await ds.runMigrations();
  return ds;
}

/**
 * A fresh database for the test of one migration on existing rows (call inside `describe`; it registers the hooks):
 * `before()` runs every older migration and gives a data source to write the rows into; `after()` closes that one and
 * runs `migration` itself, giving the data source to read the result from.
 */
export function migrationOnRows(migration: Migration): { before(): Promise<DataSource>; after(): Promise<DataSource> } {
  const timestamp = Number(/(\d{13})$/.exec(migration.name)![1]);
  let db: TestDatabase | undefined;
  let ds: DataSource | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });
  return {
    before: async () => (ds = await migrated(db!, migrationsBefore(timestamp))),
    after: async () => {
      if (ds?.isInitialized) await ds.destroy();
      return (ds = await migrated(db!, [migration]));
    },
  };
}
