import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { TestEngine } from '../../../server/test/support/test-database';

/**
 * The built server. Building it is the caller's job (`npm test` builds first; alone: `npm run build -w @anxin/server`).
 * ANXIN_SERVER_DIST points at a build elsewhere (the benchmarks' own, see test/bench/support.ts).
 */
export const SERVER_MAIN = resolve(process.env.ANXIN_SERVER_DIST ?? resolve(__dirname, '../../../server/dist'), 'main.js');

export interface ServerProcess {
  /** http://127.0.0.1:port (null for a worker-only process). */
  url: string | null;
  proc: ChildProcess;
  /** Everything the process wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL (kill -9): no shutdown hooks run. */
  kill9(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolvePort(port));
    });
  });
}

/**
 * Spawns `node server/dist/main.js` (or `--worker`) with `env` on top of a test baseline, and waits until it
 * reports ready over IPC (HTTP server: listening, then /api/health answers; worker: running).
 */
export async function startServer(options: { env: Record<string, string>; worker?: boolean; readyTimeoutMs?: number }): Promise<ServerProcess> {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: build the server first (npm run build -w @anxin/server)`);
  const port = options.worker ? 0 : await freePort();
  const proc = spawn(process.execPath, [SERVER_MAIN, ...(options.worker ? ['--worker'] : [])], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const ready = new Promise<string | null>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not become ready in time:\n${out}`)), options.readyTimeoutMs ?? 60_000);
    proc.on('message', (m: any) => {
      if (m?.type === 'listening' || m?.type === 'worker') {
        clearTimeout(timer);
        resolveReady(m.type === 'listening' ? `http://127.0.0.1:${port}` : null);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${out}`));
    });
  });
  const url = await ready;
  if (url) await waitForHealth(url);
  return {
    url,
    proc,
    output: () => out,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
    kill9: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls GET /api/health until it answers 200. */
export async function waitForHealth(url: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url}/api/health did not answer 200: ${last}`);
}

/** Waits until `check()` holds (a wait for a background process, not a timing assertion): throws with `describe()` if it never does. */
export async function waitFor(check: () => Promise<boolean> | boolean, describe: () => Promise<string> | string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition not reached: ${await describe()}`);
}

/**
 * Declares one suite per engine. A MariaDB suite is skipped (and reported as skipped) when the e2e global setup
 * (support/mariadb-probe.js) found MariaDB unreachable outside CI; under CI that setup fails the run instead.
 */
export function describeOnEngines(engines: TestEngine[], title: string, suite: (engine: TestEngine) => void): void {
  for (const engine of engines) {
    const skip = engine === 'mariadb' && process.env.ANXIN_E2E_MARIADB !== 'reachable';
    (skip ? describe.skip : describe)(`${title} (${engine})`, () => suite(engine));
  }
}
