import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { startFakeWechat } from '../fakes/wechat';
import { allowWechat } from '../e2e/support/consent';
import { createTestDatabase, type TestEngine } from '../../server/test/support/test-database';
import { mariadbReachable } from '../e2e/support/mariadb-probe';
import { startServer, waitFor } from '../e2e/support/server-process';
import type { Benchmark } from './types';
import { ensureServerBuilt, fmt, machine, REPO } from './support';

/**
 * Time from `POST /tips` returning (to the reporter) to the designated contact's subscribe
 * message arriving at the fake WeChat server, at 10 tips/s for 30 s, against a real server process
 * (`node server/dist/main.js`, worker in-process as in the default deployment) on SQLite and, when it answers,
 * MariaDB. Open loop: request i is sent at t0 + i × 100 ms whatever the earlier ones are doing.
 *
 * Each tip comes from its own loopback source address (127.0.1.x), as from many phones, so the per-client limit
 * of 5 tips an hour is not what is measured. Tips are matched to messages exactly: the message's page names the
 * tip id, and the contact's list gives each id's `submittedAt`, which the POST answered too.
 *
 * Run with the others: `npm run bench` (test/); alone: `node -r @swc-node/register test/bench/tip-latency.ts`
 * (appends/replaces its section in docs/BENCHMARKS.md). Env: BENCH_TIP_RATE (10), BENCH_TIP_SECONDS (30),
 * BENCH_POLL_MS (the worker's poll interval; default: both 1000, the server default, and 200), BENCH_TIP_ENGINES (sqlite,mariadb).
 */
const RATE = Number(process.env.BENCH_TIP_RATE || 10);
const SECONDS = Number(process.env.BENCH_TIP_SECONDS || 30);
const POLL_MS = process.env.BENCH_POLL_MS;
const TITLE = 'Tip to designated contact latency';

interface Result { engine: TestEngine; pollMs: string; sent: number; ok: number; latencies: number[]; submitMs: number[] }

export const tipLatency: Benchmark = {
  name: TITLE,
  async run() {
    let engines: TestEngine[] = ['sqlite'];
    if (await mariadbReachable()) engines.push('mariadb');
    if (process.env.BENCH_TIP_ENGINES) engines = engines.filter((e) => process.env.BENCH_TIP_ENGINES!.split(',').includes(e));
    const polls = POLL_MS ? [POLL_MS] : ['1000', '200'];
    const results: Result[] = [];
    for (const engine of engines) for (const p of polls) results.push(await measure(engine, p));
    const pct = (xs: number[], q: number) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : NaN;
    };
    const rows = results.map((r) => `| ${r.engine} | ${r.pollMs} | ${r.sent} | ${r.ok} | ${r.latencies.length} | **${fmt(pct(r.latencies, 0.5))}** | **${fmt(pct(r.latencies, 0.99))}** | ${fmt(Math.max(...r.latencies))} | ${fmt(pct(r.submitMs, 0.5))} / ${fmt(pct(r.submitMs, 0.99))} |`);
    const summary = results.map((r) => `${r.engine} (poll ${r.pollMs} ms): ${r.latencies.length}/${r.sent} delivered, p50 ${fmt(pct(r.latencies, 0.5))} ms, p99 ${fmt(pct(r.latencies, 0.99))} ms (goal p99 ≤ 1000 ms); POST /tips p50/p99 ${fmt(pct(r.submitMs, 0.5))}/${fmt(pct(r.submitMs, 0.99))} ms`).join('\n');
    const markdown = [
      `${RATE} tips/s for ${SECONDS} s (open loop) against \`node server/dist/main.js\` with the worker in-process; fake WeChat server in the bench process.`,
      'Latency = fake server receives the contact\'s `tip.new` subscribe message − the bench receives the `201` of `POST /tips`.',
      'Each tip from its own loopback address (127.0.1.x). `poll` = ANXIN_WORKER_POLL_MS (the worker\'s idle poll interval; default 1000).',
      'The in-process worker is also woken as soon as a transaction that enqueued messages commits (outbox-wake.ts), so the poll',
      'interval now only bounds messages enqueued by other processes, retries and scheduled rows.',
      'Before each run, 2 s of tips at the same rate warm the server up (delivered, not measured). Bench client, fake WeChat, server and MariaDB share the machine.',
      '',
      '| engine | poll ms | tips sent | 201s | messages matched | p50 ms | p99 ms | max ms | POST /tips p50 / p99 ms |',
      '|---|---|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n');
    return { summary, markdown };
  },
};

async function measure(engine: TestEngine, pollMs: string): Promise<Result> {
  const fake = await startFakeWechat();
  const db = await createTestDatabase(engine);
  const server = await startServer({
    env: {
      DATABASE_URL: db.url, ANXIN_DATA_DIR: db.dataDir, ANXIN_DEMO_SEED: 'true', ANXIN_WORKER: 'true', ANXIN_WORKER_POLL_MS: pollMs,
      WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url, LOG_LEVEL: 'warn',
      // 320 alerts to one contact: long-term consent (one-time credits are capped at 50 per user and template).
      WECHAT_TEMPLATE_MODES: JSON.stringify({ 'tip.new': 'long_term' }),
    },
  });
  try {
    const url = server.url!;
    const contact = await login(url, 'contact');
    const me = await json(url, 'GET', '/api/v1/me', contact);
    const schoolId: string = me.roles.find((r: any) => r.role === 'contact').schoolId;
    // The contact turned new-tip alerts on (允许 in WeChat, reported by the app).
    await allowWechat(url, fake, [{ id: me.id, openid: 'demo:contact', token: contact }], ['tip.new']);
    const total = RATE * SECONDS;
    // Warm-up (JIT, connection pools, the access token): 2 s of tips at the same rate, delivered, not measured.
    const warm = 2 * RATE;
    await Promise.all(Array.from({ length: warm }, async (_, i) => {
      await new Promise((r) => setTimeout(r, (i * 1000) / RATE));
      const res = await post(url, '/api/v1/tips', { schoolId, category: 'other', description: `预热 ${i}`, ongoing: false, reporterRole: 'witness', inDanger: false, clientKey: randomUUID() }, `127.0.2.${1 + i}`);
      if (res.status !== 201) throw new Error(`warm-up POST /tips → ${res.status} ${res.body}`);
    }));
    await waitFor(() => fake.delivered().filter((m) => m.templateId === 'dev-tip-new').length >= warm, () => 'warm-up messages', 60_000);
    fake.clearMessages();
    const returned = new Map<string, number[]>(); // submittedAt → client times the 201s arrived (two tips may share a ms)
    const submitMs: number[] = [];
    let ok = 0;
    const t0 = Date.now() + 200;
    await Promise.all(Array.from({ length: total }, async (_, i) => {
      const due = t0 + (i * 1000) / RATE;
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      const started = Date.now();
      const res = await post(url, '/api/v1/tips', {
        schoolId, category: 'verbal', description: `基准测试举报 ${i}：课间被同学辱骂`, ongoing: false, reporterRole: 'witness', inDanger: false,
        clientKey: randomUUID(),
      }, `127.0.1.${1 + (i % 250)}`);
      const at = Date.now();
      submitMs.push(at - started);
      if (res.status !== 201) throw new Error(`POST /tips → ${res.status} ${res.body}`);
      ok++;
      const submittedAt = JSON.parse(res.body).submittedAt as string;
      returned.set(submittedAt, [...(returned.get(submittedAt) ?? []), at].sort((a, b) => a - b));
    }));
    const fromContact = () => fake.delivered().filter((m) => m.templateId === 'dev-tip-new' && m.touser === 'demo:contact');
    await waitFor(() => fromContact().length >= total, () => `${fromContact().length}/${total} tip messages delivered`, 60_000);
    // tip id → submittedAt, as the contact's inbox lists it
    const submittedOf = new Map<string, string>();
    for (let offset = 0; ; offset += 200) {
      const page = await json(url, 'GET', `/api/v1/schools/${schoolId}/tips?limit=200&offset=${offset}`, contact);
      for (const it of page.items) submittedOf.set(it.id, it.submittedAt);
      if (page.items.length < 200) break;
    }
    const latencies: number[] = [];
    for (const m of fromContact()) {
      const tipId = /id=([0-9a-f-]{36})/.exec(m.page ?? '')?.[1];
      const submittedAt = tipId ? submittedOf.get(tipId) : undefined;
      // Same-millisecond tips (rare) are paired in order: the error is at most the gap between their answers.
      const back = submittedAt ? returned.get(submittedAt)?.shift() : undefined;
      if (back === undefined) continue;
      latencies.push(Date.parse(m.at) - back);
    }
    process.stdout.write(`  ${engine} poll ${pollMs}: ${latencies.length}/${total} matched\n`);
    return { engine, pollMs, sent: total, ok, latencies, submitMs };
  } finally {
    await server.stop();
    await db.drop();
    await fake.close();
  }
}

async function login(url: string, role: string): Promise<string> {
  const res = await post(url, '/api/v1/auth/dev', { role, school: 'a' }, '127.0.0.1');
  if (res.status !== 200) throw new Error(`dev login → ${res.status} ${res.body}`);
  return JSON.parse(res.body).token;
}

async function json(url: string, method: string, path: string, token: string): Promise<any> {
  const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return res.json();
}

function post(base: string, path: string, body: unknown, localAddress: string): Promise<{ status: number; body: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolvePost, reject) => {
    const req = request(`${base}${path}`, {
      method: 'POST', localAddress, agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolvePost({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Alone: run, print, and put this section into docs/BENCHMARKS.md (replacing an earlier one; other sections stay). */
if (require.main === module) {
  (async () => {
    ensureServerBuilt();
    const report = await tipLatency.run();
    process.stdout.write(`${report.summary}\n`);
    const file = resolve(REPO, 'docs/BENCHMARKS.md');
    const section = `## ${TITLE}\n\n- Machine: ${machine()}\n- Date: ${new Date().toISOString()}\n- Command: \`node -r @swc-node/register test/bench/tip-latency.ts\`\n\n${report.markdown}\n`;
    let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
    const start = doc.indexOf(`## ${TITLE}`);
    if (start >= 0) {
      const next = doc.indexOf('\n## ', start + 3);
      doc = doc.slice(0, start) + section + (next >= 0 ? doc.slice(next + 1) : '');
    } else {
      doc = `${doc.replace(/\s*$/, '')}\n\n${section}`;
    }
    writeFileSync(file, doc);
    process.stdout.write('written to docs/BENCHMARKS.md\n');
  })().then(() => process.exit(0), (e) => {
    process.stderr.write(`bench failed: ${e?.stack ?? e}\n`);
    process.exit(1);
  });
}
