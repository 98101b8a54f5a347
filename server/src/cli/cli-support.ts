import { DataSource } from 'typeorm';
import { ConfigError, loadConfig, type AppConfig, type DatabaseConfig } from '../platform/config/app-config';
import { dataSourceOptions } from '../platform/database/data-source-options';

/** Exit codes shared by the command-line tools. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, CONFIG: 78 } as const;

/** Where a CLI writes: stdout/stderr by default, captured in tests. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}
export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export type Env = Record<string, string | undefined>;

/** loadConfig, with a ConfigError turned into its message (the variable is named) and exit code 78. */
export function loadCliConfig(env: Env, io: CliIo): AppConfig | number {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(e.message);
      return EXIT.CONFIG;
    }
    throw e;
  }
}

/** The database named without its password: a file for SQLite, engine://user@host:port/db otherwise. */
export function describeDatabase(db: DatabaseConfig): string {
  return db.type === 'better-sqlite3' ? `SQLite ${db.file}` : `${db.type}://${db.username}@${db.host}:${db.port}/${db.database}`;
}

/** Opens a DataSource on the configured database; on failure prints why and returns the exit code. */
export async function openDatabase(config: AppConfig, io: CliIo, tool: string): Promise<DataSource | number> {
  let ds: DataSource | undefined;
  try {
    ds = new DataSource(dataSourceOptions(config.database));
    await ds.initialize();
    return ds;
  } catch (e) {
    io.err(`${tool}: cannot open the database ${describeDatabase(config.database)}: ${errorMessage(e)}`);
    return EXIT.FAILED;
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Parses `--flag value` / `--flag=value` / `--switch` arguments against the allowed names. */
export function parseArgs(argv: string[], valued: string[], switches: string[]): { values: Record<string, string>; flags: Set<string> } | string {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (switches.includes(name) && eq < 0) {
      flags.add(name);
    } else if (valued.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) return `${name} needs a value`;
      values[name] = value;
    } else {
      return `unknown argument "${arg}"`;
    }
  }
  return { values, flags };
}
