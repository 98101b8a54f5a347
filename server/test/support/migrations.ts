import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/platform/config/app-config';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { MIGRATIONS } from '../../src/platform/database/migrations';
import type { TestDatabase } from './test-database';

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
