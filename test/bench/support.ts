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
  const section = `## ${title}\n\n- Machine: ${machine()}\n- Date: ${new Date().toISOString()}\n- Command: \`${command}\`\n\n${markdown}\n`;
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = doc.indexOf(`## ${title}`);
  if (start >= 0) {
    const next = doc.indexOf('\n## ', start + 3);
    doc = doc.slice(0, start) + section + (next >= 0 ? doc.slice(next + 1) : '');
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
