import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startFakeWechat, type FakeWechat } from '../../fakes/wechat';
import type { ServerProcess } from './server-process';
import { parseDatabaseUrl } from '../../../server/src/platform/config/app-config';
import { Clock } from '../../../server/src/platform/common/clock/clock';
import { dataSourceOptions } from '../../../server/src/platform/database/data-source-options';
import { runMigrations } from '../../../server/src/platform/database/database.module';
import { inTransaction } from '../../../server/src/platform/database/transaction';
import { OutboxEntity } from '../../../server/src/platform/outbox/outbox.entity';
import { OutboxService } from '../../../server/src/platform/outbox/outbox.service';
import { createTestDatabase, TestDatabase, TestEngine } from '../../../server/test/support/test-database';

export { createTestDatabase };
export type { TestDatabase, TestEngine };

/**
 * The test's own connection to the database the server processes use: it migrates the schema (so the
 * processes start on a ready database) and enqueues messages the way services do. Recipients log in and allow
 * messages through a server, as people do (`consent.ts`).
 */
export class DeliveryDb {
  private constructor(readonly ds: DataSource, private readonly outbox: OutboxService) {}

  static async open(url: string): Promise<DeliveryDb> {
    const ds = new DataSource(dataSourceOptions(parseDatabaseUrl(url)));
    await ds.initialize();
    await runMigrations(ds);
    return new DeliveryDb(ds, new OutboxService(new Clock()));
  }

  /** Enqueues one subscribe message per (round, user), in one transaction per 100. */
  async enqueue(prefix: string, userIds: string[]): Promise<void> {
    for (let i = 0; i < userIds.length; i += 100) {
      await inTransaction(this.ds, async (m) => {
        for (const [j, userId] of userIds.slice(i, i + 100).entries()) {
          await this.outbox.enqueue(m, {
            dedupeKey: `${prefix}:${i + j}`, channel: 'wechat_subscribe', schoolId: randomUUID(), recipientUserId: userId,
            template: 'test.message', title: `测试消息 ${i + j}`, body: '送达测试', page: 'pages/inbox/index',
          });
        }
      });
    }
  }

  async counts(): Promise<Record<string, number>> {
    const rows: { status: string; n: string | number }[] = await this.ds.query('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status');
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  async ids(): Promise<string[]> {
    return (await this.ds.getRepository(OutboxEntity).find({ select: { id: true } })).map((r) => r.id);
  }

  close(): Promise<void> {
    return this.ds.destroy();
  }
}

/** How often each idempotency key was accepted by the fake. */
export function duplicates(keys: (string | null)[]): { distinct: number; duplicated: string[] } {
  const seen = new Map<string, number>();
  for (const k of keys) if (k) seen.set(k, (seen.get(k) ?? 0) + 1);
  return { distinct: seen.size, duplicated: [...seen].filter(([, n]) => n > 1).map(([k]) => k) };
}

/**
 * A delivery suite's set-up, declared inside its describe: the fake WeChat server, a fresh database of `engine`, a
 * DeliveryDb on it, and the server processes the suite starts (push them onto `servers`); all stopped after it.
 */
export interface DeliverySuite {
  fake: FakeWechat;
  db: TestDatabase;
  data: DeliveryDb;
  servers: ServerProcess[];
}

export function deliverySuite(engine: TestEngine): DeliverySuite {
  const suite = { servers: [] as ServerProcess[] } as DeliverySuite;
  beforeAll(async () => {
    suite.fake = await startFakeWechat();
    suite.db = await createTestDatabase(engine);
    suite.data = await DeliveryDb.open(suite.db.url);
  });
  afterAll(async () => {
    for (const s of suite.servers) await s.stop();
    await suite.data?.close();
    await suite.db?.drop();
    await suite.fake?.close();
  });
  return suite;
}
