import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request, type Agent } from 'node:http';
import { createPool, type Pool } from 'mysql2/promise';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';

export const REPO = resolve(__dirname, '../..');

/**
 * The built server the benchmarks drive: server/dist, or ANXIN_SERVER_DIST (a build of its own elsewhere in the
 * repository, e.g. `tsc -p server/tsconfig.build.json --outDir data/bench-dist`, leaving a shared checkout's
 * server/dist alone; server processes started by test/e2e/support/server-process.ts use it too).
 */
export const SERVER_DIST = process.env.ANXIN_SERVER_DIST ? resolve(process.env.ANXIN_SERVER_DIST) : resolve(REPO, 'server/dist');

/**
 * Benchmarks drive the *built* server (compiled by tsc with Nest's decorator metadata) in this process; server/dist
 * is built when missing. Set BENCH_BUILD=1 to rebuild anyway.
 */
export function ensureServerBuilt(): void {
  if (existsSync(resolve(SERVER_DIST, 'app.factory.js')) && process.env.BENCH_BUILD !== '1') return;
  if (process.env.ANXIN_SERVER_DIST) throw new Error(`${SERVER_DIST} holds no built server (ANXIN_SERVER_DIST)`);
  process.stdout.write('building the server (npm run build -w @anxin/server)…\n');
  const r = spawnSync('npm', ['run', 'build', '-w', '@anxin/server'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('server build failed');
}

/** require() of a compiled server module, e.g. dist('app.factory'). */
export function dist<T = any>(path: string): T {
  return require(resolve(SERVER_DIST, path));
}

export function machine(): string {
  const c = cpus();
  return `${c.length} cores (${c[0]?.model?.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${process.platform}`;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Puts one benchmark's section into docs/BENCHMARKS.md (replacing an earlier one; the other sections stay), for a run of that benchmark alone. */
export function writeSection(title: string, markdown: string, command: string): void {
  const file = resolve(REPO, 'docs/BENCHMARKS.md');
  const section = `## ${title}\n\n- Machine: ${machine()}\n- Date: ${new Date().toISOString()}\n- Command: \`${command}\`\n\n${markdown.replace(/\s+$/, '')}\n`;
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = doc.indexOf(`## ${title}`);
  if (start >= 0) {
    const next = doc.indexOf('\n## ', start + 3);
    doc = doc.slice(0, start) + section + (next >= 0 ? `\n${doc.slice(next + 1)}` : '');
  } else {
    doc = `${doc.replace(/\s*$/, '')}\n\n${section}`;
  }
  writeFileSync(file, doc);
  process.stdout.write('written to docs/BENCHMARKS.md\n');
}

/** One JSON request over a keep-alive agent (the session as a bearer token when given): the status and the body text. */
export function httpSend(agent: Agent, url: string, method: string, body: string | null, token: string | null): Promise<{ status: number; body: string }> {
  return new Promise((resolveSend, reject) => {
    const req = request(url, {
      method, agent,
      headers: { ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolveSend({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/** A mysql2 pool on the database a URL names (mariadb://user:password@host:port/name), in UTC and utf8mb4. */
export function mariadbPool(databaseUrl: string, connectionLimit: number): Pool {
  const url = new URL(databaseUrl);
  return createPool({
    host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password),
    database: url.pathname.slice(1), connectionLimit, timezone: 'Z', charset: 'utf8mb4_unicode_ci',
  });
}

/** The InnoDB buffer pool docs/DEPLOYMENT.md advises for a school of 100,000 guardians (and the benchmarks run with). */
export const BUFFER_POOL_BYTES = 2 ** 30;

/**
 * Raises MariaDB's InnoDB buffer pool to at least `bytes` (`SET GLOBAL innodb_buffer_pool_size`, which MariaDB 10.11
 * resizes online), as docs/DEPLOYMENT.md advises for production; `restore` puts the size back. `mb` is the pool the
 * benchmark runs with, for its report: a user without the privilege to resize runs with what there is.
 */
export async function raiseBufferPool(pool: Pool, bytes: number): Promise<{ mb: number; restore: () => Promise<void> }> {
  const before = await bufferPoolBytes(pool);
  const unchanged = { mb: before / 2 ** 20, restore: async () => {} };
  if (before >= bytes) return unchanged;
  try {
    await resizeBufferPool(pool, bytes);
  } catch (e) {
    process.stdout.write(`  the buffer pool stays at ${fmt(before / 2 ** 20)} MB: ${(e as Error).message}\n`);
    return unchanged;
  }
  return { mb: bytes / 2 ** 20, restore: () => resizeBufferPool(pool, before) };
}

async function bufferPoolBytes(pool: Pool): Promise<number> {
  const [rows] = await pool.query('SELECT @@innodb_buffer_pool_size AS size');
  return Number((rows as { size: number | string }[])[0].size);
}

/** Sets the size and waits until the resize is done (it runs in the background; its status says when it completed). */
async function resizeBufferPool(pool: Pool, bytes: number): Promise<void> {
  await pool.query(`SET GLOBAL innodb_buffer_pool_size = ${Math.trunc(bytes)}`);
  for (let i = 0; i < 600; i++) {
    const [rows] = await pool.query("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_resize_status'");
    const status = String((rows as { Value?: string }[])[0]?.Value ?? '');
    if ((await bufferPoolBytes(pool)) === bytes && (status === '' || /^Completed/i.test(status))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the buffer pool did not reach ${bytes} bytes in 60 s`);
}

/** A process's CPU time (user + system, from `/proc`) in milliseconds; Linux only, as the benchmarks are. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The local MariaDB (or MySQL) server's CPU time in milliseconds, all its threads, or null when no such process runs
 * on this machine (a remote database). The server, MariaDB and the bench client share the cores, so what a request
 * costs MariaDB is part of what it costs.
 */
export function databaseCpuMs(): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (/^(mariadbd|mysqld)$/.test(readFileSync(`/proc/${entry}/comm`, 'utf8').trim())) return cpuMs(Number(entry));
    } catch {
      // the process ended while the list was read
    }
  }
  return null;
}

/** A per-request figure of `databaseCpuMs`, for the reports: "n.nn", or why there is none. */
export function dbCpu(r: { dbCpuMsPerRequest?: number | null }): string {
  return r.dbCpuMsPerRequest == null ? '(not measured: no MariaDB process on this machine)' : fmt(r.dbCpuMsPerRequest, 2);
}

/** The CPU a load cost per request: the server process's (`cpuMs`) and the local MariaDB's (`databaseCpuMs`, null when none). */
export interface CpuPerRequest {
  cpuMsPerRequest: number;
  dbCpuMsPerRequest: number | null;
}

/** Starts counting both processes' CPU; `perRequest(n)` gives what has passed since, divided over `n` requests. */
export function cpuMeter(pid: number): { perRequest(requests: number): CpuPerRequest } {
  const server = cpuMs(pid);
  const db = databaseCpuMs();
  return {
    perRequest: (requests) => {
      const dbNow = databaseCpuMs();
      return { cpuMsPerRequest: (cpuMs(pid) - server) / requests, dbCpuMsPerRequest: db === null || dbNow === null ? null : (dbNow - db) / requests };
    },
  };
}

/** One run of requests as measured: each answer with its latency, the run's time, and the CPU it cost (`cpuMeter`). */
export interface TimedRun<R> {
  answers: { result: R; ms: number }[];
  seconds: number;
  cpu: CpuPerRequest | null;
}

/** Runs `requests` over `lanes` keep-alive connections at once (each lane takes the next request when its answer is in). */
export async function timedRun<R>(requests: (() => Promise<R>)[], lanes: number, pid?: number): Promise<TimedRun<R>> {
  const answers: { result: R; ms: number }[] = [];
  let next = 0;
  const meter = pid === undefined ? null : cpuMeter(pid);
  const started = performance.now();
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < requests.length) {
      const run = requests[next++];
      const t0 = performance.now();
      const result = await run();
      answers.push({ result, ms: performance.now() - t0 });
    }
  }));
  return { answers, seconds: (performance.now() - started) / 1000, cpu: meter?.perRequest(answers.length) ?? null };
}

/**
 * Two servers' measured requests in `turns` parts each, one part of `a`, then one of `b`, and so on: whatever else the
 * machine does meanwhile (the server's worker at its periodic jobs, another process) falls on both alike, where run
 * one after the other it fell on one of them at random. Each side's parts are merged (`merged`).
 */
export async function inTurns<R>(
  a: { requests: (() => Promise<R>)[]; pid: number }, b: { requests: (() => Promise<R>)[]; pid: number }, turns: number, lanes: number,
): Promise<{ a: TimedRun<R>; b: TimedRun<R> }> {
  const part = (xs: (() => Promise<R>)[], i: number) => xs.slice(Math.floor((i * xs.length) / turns), Math.floor(((i + 1) * xs.length) / turns));
  const as: TimedRun<R>[] = [];
  const bs: TimedRun<R>[] = [];
  for (let i = 0; i < turns; i++) {
    as.push(await timedRun(part(a.requests, i), lanes, a.pid));
    bs.push(await timedRun(part(b.requests, i), lanes, b.pid));
  }
  return { a: merged(as), b: merged(bs) };
}

/** Runs taken as one: their answers, their times added up, their CPU per request weighted by their answers. */
export function merged<R>(runs: TimedRun<R>[]): TimedRun<R> {
  const answers = runs.flatMap((r) => r.answers);
  const weighted = (f: (c: CpuPerRequest) => number | null) => {
    let sum = 0;
    for (const r of runs) {
      const v = r.cpu ? f(r.cpu) : null;
      if (v === null) return null;
      sum += v * r.answers.length;
    }
    return sum / answers.length;
  };
  const cpuMsPerRequest = weighted((c) => c.cpuMsPerRequest);
  return {
    answers, seconds: runs.reduce((n, r) => n + r.seconds, 0),
    cpu: cpuMsPerRequest === null ? null : { cpuMsPerRequest, dbCpuMsPerRequest: weighted((c) => c.dbCpuMsPerRequest) },
  };
}

/** The q-th quantile (0–1) of `xs`, nearest rank. */
export function pct(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : NaN;
}
