import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { startFakeWechat } from '../fakes/wechat';
import { createTestDatabase, type TestEngine } from '../../server/test/support/test-database';
import { mariadbReachable } from '../e2e/support/mariadb-probe';
import type { Benchmark } from './types';
import { dist, fmt, timedRun } from './support';

/**
 * Outbox rows delivered per second to the fake WeChat server, against a raw loop that POSTs the same
 * subscribe messages straight to it with node:http. Same process, same fake, same concurrency for both.
 */
const MESSAGES = Number(process.env.BENCH_MESSAGES || 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 16);
const ROUNDS = 2;

interface EngineResult { engine: TestEngine; raw: number[]; outbox: number[]; rawCpuUs: number[]; outboxCpuUs: number[] }

export const outboxThroughput: Benchmark = {
  name: 'Outbox delivery throughput',
  async run() {
    const loadBefore = loadavg();
    const engines: TestEngine[] = ['sqlite'];
    if (await mariadbReachable()) engines.push('mariadb');
    const results: EngineResult[] = [];
    for (const engine of engines) results.push(await measure(engine));
    const lines = results.map((r) => {
      const raw = Math.max(...r.raw);
      const ob = Math.max(...r.outbox);
      const rawCpu = Math.min(...r.rawCpuUs);
      const obCpu = Math.min(...r.outboxCpuUs);
      return `| ${r.engine} | ${fmt(raw)} | ${fmt(ob)} | **${fmt(ob / raw, 2)}** | ${r.raw.map((x) => fmt(x)).join(' / ')} | ${r.outbox.map((x) => fmt(x)).join(' / ')} | ${fmt(rawCpu)} / ${fmt(obCpu)} (${fmt(rawCpu / obCpu, 2)}) |`;
    });
    const summary = results.map((r) => {
      const raw = Math.max(...r.raw);
      const ob = Math.max(...r.outbox);
      return `${r.engine}: raw loop ${fmt(raw)} msg/s, outbox ${fmt(ob)} msg/s, ratio ${fmt(ob / raw, 2)} (goal ≥ 0.80)`;
    }).join('\n');
    const markdown = [
      `${MESSAGES} subscribe messages per run, ${CONCURRENCY} in flight, best of ${ROUNDS} runs each (every run listed).`,
      'Raw loop: node:http keep-alive POSTs of the already-shaped messages to the fake\'s `/cgi-bin/message/subscribe/send`.',
      'Outbox: the same messages enqueued with `OutboxService.enqueue` (not timed), then `OutboxDispatcher.drain()` timed until every',
      'row is `sent` — rows claimed only for free lanes (at most 16 held as `sending`, so a crash can repeat only the sends in flight),',
      'each recipient\'s subscription consent checked in the claim (long-term consent here, so nothing is spent per message),',
      'with SKIP LOCKED (MariaDB, up to two claims at once) / the single writer (SQLite), template shaping and validation, the shared',
      'access token, sent rows recorded by group commit (one UPDATE per group of rows whose sends finished together; a lane is',
      'freed only once its row is recorded). The fake server runs in the same process for both. The raw loop\'s bodies are built and',
      'serialised before its clock starts; the outbox shapes and serialises each message inside the timed drain.',
      'CPU µs/msg: this process\'s CPU time (client + fake, and for the outbox the worker and the database driver) per message,',
      'least of the runs; it depends less on other load than msg/s (MariaDB\'s own CPU is not in it).',
      `Load average (1/5/15 min) before this section ran: ${loadBefore.map((x) => x.toFixed(1)).join(' / ')} (other work on the machine makes single runs noisy).`,
      '',
      '| engine | raw loop msg/s | outbox msg/s | ratio | raw runs | outbox runs | CPU µs/msg raw / outbox (ratio) |',
      '|---|---|---|---|---|---|---|',
      ...lines,
      '',
      `Goal ratio ≥ 0.80: ${results.map((r) => `${r.engine} ${Math.max(...r.outbox) / Math.max(...r.raw) >= 0.8 ? 'met' : 'not met'}`).join(', ')}.`,
      'Where the difference goes (V8 CPU profile of one SQLite drain of 3,000 messages with the earlier dispatcher, which claimed 200 rows',
      'at a time: ~700 ms of CPU against ~330 ms for the raw loop): the same HTTP client and fake-server work as the raw loop, plus',
      '~130 ms in the database path (~90 ms of it inside SQLite executing the claim and status UPDATEs), ~60 ms of garbage collection,',
      '~25 ms serialising the bodies and ~10 ms shaping template values. The dispatcher now claims only for free lanes, one claim per',
      'group of lanes freed together instead of one per 200 rows, so its database path runs more, smaller claim transactions: the price',
      'of a crash repeating only the sends in flight. Against real WeChat (tens of ms per call, not the fake\'s fraction of one) the',
      'lanes, not the claims, bound a worker\'s rate.',
    ].join('\n');
    return { summary, markdown };
  },
};

async function measure(engine: TestEngine): Promise<EngineResult> {
  const fake = await startFakeWechat();
  const db = await createTestDatabase(engine);
  const { loadConfig } = dist('platform/config/app-config');
  const { createApp } = dist('app.factory');
  const { createLogger } = dist('platform/common/logging/logger');
  const { inTransaction } = dist('platform/database/transaction');
  const { OutboxService } = dist('platform/outbox/outbox.service');
  const { OutboxDispatcher } = dist('platform/outbox/outbox-dispatcher');
  const { AccessTokenService } = dist('platform/wechat/access-token.service');
  const { UserEntity } = dist('features/identity/user.entity');
  const { SubscriptionCredits } = dist('platform/subscriptions/subscription-credits.service');
  const { shapeTemplateData } = dist('platform/wechat/template-values');
  const { templateValues } = dist('platform/wechat/templates');
  const config = loadConfig({
    NODE_ENV: 'test', DATABASE_URL: db.url, ANXIN_DATA_DIR: db.dataDir, ANXIN_WORKER: 'false', LOG_LEVEL: 'silent',
    WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url, ANXIN_OUTBOX_BATCH: '200', ANXIN_OUTBOX_CONCURRENCY: String(CONCURRENCY),
    DB_POOL_SIZE: '20',
    // Long-term consent for new-tip alerts (as a school whose template WeChat approved for long-term use): each send
    // still checks the recipient's consent in the claim, without a one-time credit per message to hand out.
    WECHAT_TEMPLATE_MODES: JSON.stringify({ 'tip.new': 'long_term' }),
  });
  const { app } = await createApp(config, { logger: createLogger('silent'), docsUi: false });
  await app.init();
  try {
    const { DataSource } = require('typeorm');
    const ds = app.get(DataSource);
    const outbox = app.get(OutboxService);
    const dispatcher = app.get(OutboxDispatcher);
    const users = await inTransaction(ds, async (m: any) => {
      const out = [];
      for (let i = 0; i < 100; i++) {
        const openid = `o-bench-${i}`;
        fake.registerOpenid(openid);
        out.push(await m.save(m.create(UserEntity, { openid, unionid: null, displayName: `用户${i}`, wxSessionKey: null, isDemo: false, disabled: false, createdAt: new Date() })));
      }
      return out;
    });
    // Each recipient allowed new-tip alerts long-term: in WeChat (the fake) and as the app's report records it.
    const credits = app.get(SubscriptionCredits);
    const tipNew = credits.templateIdFor('tip.new');
    for (const u of users) await fake.grantSubscription(u.openid, tipNew, 'long_term');
    await inTransaction(ds, async (m: any) => {
      for (const u of users) await credits.apply(m, u.id, tipNew, { type: 'result', result: 'accept', grantOneTime: true });
    });
    const message = (i: number) => ({
      dedupeKey: `bench:${randomUUID()}`, channel: 'wechat_subscribe', schoolId: null, recipientUserId: users[i % users.length].id,
      template: 'tip.new', title: `新的举报 ${i}`, body: '三年级1班有同学反映在操场被欺负，请尽快处理', page: `pages/staff/tip-detail?id=${i}`,
    });
    const enqueueAll = async (count: number) => {
      for (let i = 0; i < count; i += 500) {
        await inTransaction(ds, async (m: any) => {
          for (let j = i; j < Math.min(count, i + 500); j++) await outbox.enqueue(m, message(j));
        });
      }
    };
    // The raw loop posts exactly what the worker posts.
    const token: string = await app.get(AccessTokenService).getToken();
    const bodies = Array.from({ length: MESSAGES }, (_, i) => {
      const msg = message(i);
      return JSON.stringify({
        touser: users[i % users.length].openid, template_id: 'dev-tip-new', page: msg.page,
        data: shapeTemplateData(templateValues('tip.new', { title: msg.title, body: msg.body, data: null, createdAt: new Date() })),
        miniprogram_state: 'developer', lang: 'zh_CN',
      });
    });
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    /** CPU time of this process (worker + fake + client) per message, in µs: less sensitive to other load than msg/s. */
    let lastCpuUs = 0;
    const cpuSince = (start: NodeJS.CpuUsage) => {
      const d = process.cpuUsage(start);
      lastCpuUs = (d.user + d.system) / MESSAGES;
    };
    const rawRun = async () => {
      const cpu = process.cpuUsage();
      const run = await timedRun(bodies.map((body) => () => post(agent, `${fake.url}/cgi-bin/message/subscribe/send?access_token=${token}`, body, randomUUID())), CONCURRENCY);
      cpuSince(cpu);
      return bodies.length / run.seconds;
    };
    const outboxRun = async () => {
      await enqueueAll(MESSAGES);
      const cpu = process.cpuUsage();
      const started = process.hrtime.bigint();
      const n = await dispatcher.drain();
      const secs = Number(process.hrtime.bigint() - started) / 1e9;
      cpuSince(cpu);
      if (n !== MESSAGES) throw new Error(`drained ${n} rows, expected ${MESSAGES}`);
      return MESSAGES / secs;
    };
    // Warm-up (connections, JIT, token) on both paths.
    await enqueueAll(200);
    await dispatcher.drain();
    await rawRun();
    const result: EngineResult = { engine, raw: [], outbox: [], rawCpuUs: [], outboxCpuUs: [] };
    for (let r = 0; r < ROUNDS; r++) {
      fake.clearMessages();
      result.raw.push(await rawRun());
      result.rawCpuUs.push(lastCpuUs);
      fake.clearMessages();
      result.outbox.push(await outboxRun());
      result.outboxCpuUs.push(lastCpuUs);
      const sent = fake.delivered().length;
      if (sent !== MESSAGES) throw new Error(`fake received ${sent} messages, expected ${MESSAGES}`);
      process.stdout.write(`  ${engine} round ${r + 1}: raw ${fmt(result.raw[r])} msg/s (${fmt(result.rawCpuUs[r])} µs CPU/msg), outbox ${fmt(result.outbox[r])} msg/s (${fmt(result.outboxCpuUs[r])} µs CPU/msg)\n`);
    }
    agent.destroy();
    return result;
  } finally {
    await app.close();
    await db.drop();
    await fake.close();
  }
}

function post(agent: Agent, url: string, body: string, key: string): Promise<void> {
  return new Promise((resolvePost, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-idempotency-key': key } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        if (res.statusCode !== 200 || JSON.parse(text).errcode !== 0) reject(new Error(`raw post failed: ${res.statusCode} ${text}`));
        else resolvePost();
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
