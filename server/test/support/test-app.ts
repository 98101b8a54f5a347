import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import type { DestinationStream } from 'pino';
import { DemoRole } from '@anxin/shared';
import { loadConfig, type AppConfig } from '../../src/platform/config/app-config';
import { createApp } from '../../src/app.factory';
import { createLogger } from '../../src/platform/common/logging/logger';
import { Clock } from '../../src/platform/common/clock/clock';
import { createTestDatabase, TestDatabase, TestEngine } from './test-database';
import { copySchemaTemplate } from './schema-template';
import { seedDemo, type DemoSchoolIds } from '../../src/features/demo/demo-seed';

export interface InjectResult<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
  raw: Buffer;
}

/**
 * The whole server in-process on a fresh real database (SQLite or MariaDB), driven through fastify's
 * inject (real routing, guards, pipes and filters; no socket).
 */
export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly db: TestDatabase,
    readonly config: AppConfig,
  ) {}

  /**
   * `logDestination`: where the server's pino logs go (e.g. a stream a test reads); set LOG_LEVEL in `env`
   * (default silent) to see them.
   */
  static async start(options: { env?: Record<string, string>; engine?: TestEngine; logDestination?: DestinationStream } = {}): Promise<TestApp> {
    const db = await createTestDatabase(options.engine);
    await copySchemaTemplate(db); // migrated already, when the suite made a template (else createApp migrates it)
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      ANXIN_DATA_DIR: db.dataDir,
      ANXIN_WORKER: 'false',
      WECHAT_API_BASE: 'http://127.0.0.1:9', // nothing listens: tests that need WeChat start the fake server
      LOG_LEVEL: process.env.LOG_LEVEL || 'silent',
      ...options.env,
    });
    const { app } = await createApp(config, { logger: createLogger(config.logLevel, options.logDestination), docsUi: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return new TestApp(app, db, config);
  }

  get ds(): DataSource {
    return this.app.get(DataSource);
  }

  get clock(): Clock {
    return this.app.get(Clock);
  }

  get<T>(token: abstract new (...args: any[]) => T): T;
  get<T = unknown>(token: string | symbol): T;
  get(token: any): unknown {
    return this.app.get(token);
  }

  async request<T = any>(method: string, url: string, options: { token?: string; body?: unknown; headers?: Record<string, string>; payload?: Buffer | string } = {}): Promise<InjectResult<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await this.app.getHttpAdapter().getInstance().inject({
      method: method as any,
      url: url.startsWith('/api') ? url : `/api/v1${url}`,
      headers,
      ...(options.body !== undefined ? { payload: options.body as any } : {}),
      ...(options.payload !== undefined ? { payload: options.payload } : {}),
    });
    let body: any = res.body;
    if ((res.headers['content-type'] ?? '').toString().includes('application/json') && res.body) body = JSON.parse(res.body);
    return { status: res.statusCode, body, headers: res.headers as any, raw: res.rawPayload };
  }

  /** Seeds the two demo schools (every role in each); returns their ids. */
  async seedDemo(): Promise<Record<'a' | 'b', DemoSchoolIds>> {
    return seedDemo(this.ds, this.clock.now(), this.config.masterKey);
  }

  /** Demo login as a role of demo school 'a' or 'b' (the demo seed must have run). */
  async login(role: DemoRole, school: 'a' | 'b' = 'a'): Promise<string> {
    const res = await this.request('POST', '/auth/dev', { body: { role, school } });
    if (res.status !== 200) throw new Error(`dev login as ${role}/${school} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.db.drop();
  }
}
