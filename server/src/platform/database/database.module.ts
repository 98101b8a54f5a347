import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { ENTITIES } from './entities';
import { asMigration, strictTransactions } from './transaction';

/** TypeORM from DATABASE_URL; every entity's repository is injectable everywhere. Migrations are run by `runMigrations` at start-up and by `npm run migrate`. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      // The guard reads the transaction frames, which are kept only in a process started under NODE_ENV=test (an
      // app made in-process with a test configuration by a script that is not a test, e.g. a benchmark's seeding, has none).
      useFactory: (config: AppConfig) => dataSourceOptions(config.database, { guardWrites: config.nodeEnv === 'test' && strictTransactions() }),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  exports: [TypeOrmModule],
})
export class DatabaseModule {}

export async function runMigrations(ds: DataSource): Promise<string[]> {
  const ran = await asMigration(ds, () => ds.runMigrations({ transaction: 'each' }));
  return ran.map((m) => m.name);
}
