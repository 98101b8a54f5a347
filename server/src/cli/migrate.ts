import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { runMigrations } from '../platform/database/database.module';
import { CliIo, describeDatabase, Env, errorMessage, EXIT, loadCliConfig, openDatabase, parseArgs, processIo } from './cli-support';

const USAGE = `usage: npm run migrate [-- --check]

Applies every pending database migration to DATABASE_URL (the server also does this at start-up).
  --check   list pending migrations and exit 1 if there are any; apply nothing`;

/**
 * `npm run migrate`: loadConfig → DataSource → run the pending migrations, one transaction each, and print
 * what ran. Exit 0 when the database is current; 1 with the failing migration named; 2 for bad arguments;
 * 78 for a bad configuration.
 */
export async function run(argv: string[], env: Env, io: CliIo = processIo): Promise<number> {
  const args = parseArgs(argv, [], ['--check', '--help']);
  if (typeof args === 'string') {
    io.err(`migrate: ${args}\n${USAGE}`);
    return EXIT.USAGE;
  }
  if (args.flags.has('--help')) {
    io.out(USAGE);
    return EXIT.OK;
  }
  const config = loadCliConfig(env, io);
  if (typeof config === 'number') return config;
  const ds = await openDatabase(config, io, 'migrate');
  if (typeof ds === 'number') return ds;
  const where = describeDatabase(config.database);
  try {
    const pending = await pendingNames(ds);
    if (args.flags.has('--check')) {
      if (!pending.length) {
        io.out(`migrate: ${where} is up to date`);
        return EXIT.OK;
      }
      io.out(`migrate: ${pending.length} pending on ${where}:`);
      for (const name of pending) io.out(`  ${name}`);
      return EXIT.FAILED;
    }
    if (!pending.length) {
      io.out(`migrate: ${where} is up to date, nothing to apply`);
      return EXIT.OK;
    }
    let ran: string[];
    try {
      ran = await runMigrations(ds);
    } catch (e) {
      // Each migration commits on its own: the first one still pending is the one that failed.
      const failed = (await pendingNames(ds).catch(() => pending))[0] ?? pending[0];
      io.err(`migrate: migration ${failed} failed on ${where}: ${errorMessage(e)}`);
      const done = pending.slice(0, Math.max(0, pending.indexOf(failed)));
      if (done.length) io.err(`migrate: applied before the failure: ${done.join(', ')}`);
      return EXIT.FAILED;
    }
    for (const name of ran) io.out(`migrate: applied ${name}`);
    io.out(`migrate: ${ran.length} migration(s) applied to ${where}`);
    return EXIT.OK;
  } catch (e) {
    io.err(`migrate: failed on ${where}: ${errorMessage(e)}`);
    return EXIT.FAILED;
  } finally {
    await ds.destroy().catch(() => undefined);
  }
}

/** The migrations not yet applied to the database, in order. */
export async function pendingNames(ds: DataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  try {
    const table = ds.options.migrationsTableName ?? 'migrations';
    const executed = (await runner.hasTable(table))
      ? new Set((await runner.query(`SELECT name FROM ${table}`)).map((r: { name: string }) => r.name))
      : new Set<string>();
    return ds.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !executed.has(name));
  } finally {
    await runner.release();
  }
}

if (require.main === module) {
  run(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`migrate: ${e?.stack ?? e}\n`);
      process.exit(EXIT.FAILED);
    },
  );
}
