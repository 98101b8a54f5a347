import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';

export type TestEngine = 'sqlite' | 'mariadb';

export function testEngine(): TestEngine {
  const e = process.env.ANXIN_TEST_DB || 'sqlite';
  if (e !== 'sqlite' && e !== 'mariadb') throw new Error(`ANXIN_TEST_DB must be sqlite or mariadb (got ${e})`);
  return e;
}

/** Server of the MariaDB test databases; each test file creates its own database there and drops it after. */
export function mariadbServerUrl(): URL {
  return new URL(process.env.TEST_MARIADB_URL || 'mariadb://root@127.0.0.1:3306/test');
}

/** A connection to the MariaDB test server itself (no database chosen), to create, copy and drop test databases. */
export function mariadbAdminConnection(options: { multipleStatements?: boolean } = {}): Promise<Connection> {
  const server = mariadbServerUrl();
  return createConnection({
    host: server.hostname, port: Number(server.port || 3306), ...options,
    user: decodeURIComponent(server.username || 'root'), password: decodeURIComponent(server.password || ''),
  });
}

export interface TestDatabase {
  engine: TestEngine;
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

/** A brand-new empty database on the engine under test (a temp SQLite file, or a fresh MariaDB database). */
export async function createTestDatabase(engine: TestEngine = testEngine()): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'anxin-test-'));
  if (engine === 'sqlite') {
    return {
      engine, dataDir, url: `sqlite:${join(dataDir, 'test.db')}`,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const server = mariadbServerUrl();
  const name = `anxin_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = await mariadbAdminConnection();
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(server.toString());
  url.protocol = 'mariadb:';
  url.pathname = `/${name}`;
  return {
    engine, dataDir, url: url.toString(),
    drop: async () => {
      const c = await mariadbAdminConnection();
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
