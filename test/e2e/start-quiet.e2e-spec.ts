import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, waitFor } from './support/server-process';

// scripts/start.js is plain JavaScript; its build step is what `npm start` runs first.
const { buildDemo } = require('../../scripts/start.js') as { buildDemo: () => Promise<void> };

const ROOT = resolve(__dirname, '../..');
/** At most this many lines before the URL on a built tree: the server's readiness, the blank line and the box's rule. */
const MAX_LINES_BEFORE_URL = 5;

interface Demo {
  proc: ChildProcess;
  lines: string[];
  url: string;
  /** Index of the line that carries the URL. */
  urlLine: number;
  stop(): Promise<void>;
}

/** `npm start` (scripts/start.js) in demo mode on its own ports, data folder and SQLite file, on a built tree. */
async function startDemo(env: Record<string, string>): Promise<Demo> {
  const dir = mkdtempSync(join(tmpdir(), 'anxin-start-'));
  const port = await freePort();
  const childEnv: Record<string, string> = {
    ...(process.env as Record<string, string>), PORT: String(port), FAKE_WECHAT_PORT: String(await freePort()),
    DATABASE_URL: `sqlite:${join(dir, 'anxin.db')}`, ANXIN_DATA_DIR: dir, ...env,
  };
  // The demo as a person starts it: not under Jest's NODE_ENV=test, and with no log settings of the test run.
  delete childEnv.NODE_ENV;
  delete childEnv.LOG_LEVEL;
  if (!('ANXIN_LOG_REQUESTS' in env)) delete childEnv.ANXIN_LOG_REQUESTS;
  const proc = spawn(process.execPath, [join(ROOT, 'scripts', 'start.js')], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  const onData = (d: Buffer) => {
    const parts = (partial + d.toString('utf8')).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const url = `http://localhost:${port}/`;
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGINT');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => lines.some((l) => l.includes(`demo is running:  ${url}`)) || proc.exitCode !== null, () => lines.join('\n'), 90_000);
  } catch (e) {
    await stop();
    throw e;
  }
  const urlLine = lines.findIndex((l) => l.includes('demo is running'));
  if (urlLine < 0) {
    await stop();
    throw new Error(`npm start stopped before printing the URL:\n${lines.join('\n')}`);
  }
  return { proc, lines, url, urlLine, stop };
}

async function someRequests(url: string): Promise<void> {
  expect((await fetch(`${url}api/health`)).status).toBe(200);
  expect((await fetch(url)).status).toBe(200);
  const login = await fetch(`${url}api/v1/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'guardian', school: 'a' }) });
  expect(login.status).toBe(200);
  const { token } = await login.json();
  expect((await fetch(`${url}api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
}

const requestLines = (lines: string[]) => lines.filter((l) => /"msg":"request"/.test(l));

describe('npm start is quiet', () => {
  // What a stale tree needs first (`npm test` has built it already: then this does nothing).
  beforeAll(() => buildDemo(), 600_000);

  it('prints a few lines, then the URL and the role guide last, and no line per request', async () => {
    const demo = await startDemo({});
    try {
      const before = demo.lines.slice(0, demo.urlLine);
      expect(before.length).toBeLessThan(MAX_LINES_BEFORE_URL);
      expect(before.join('\n')).not.toMatch(/webpack|DeprecationWarning|"level"/i);
      const guideEnd = demo.lines.findIndex((l, i) => i > demo.urlLine && l.startsWith('────'));
      expect(guideEnd).toBeGreaterThan(demo.urlLine);
      await someRequests(demo.url);
    } finally {
      await demo.stop();
    }
    // Everything the demo printed has arrived (it has exited): nothing after the guide, no request lines.
    expect(requestLines(demo.lines)).toEqual([]);
    const guideEnd = demo.lines.findIndex((l, i) => i > demo.urlLine && l.startsWith('────'));
    expect(demo.lines.slice(guideEnd + 1).filter((l) => l.trim())).toEqual([]);
  });

  it('ANXIN_LOG_REQUESTS=1 turns the request lines on', async () => {
    const demo = await startDemo({ ANXIN_LOG_REQUESTS: '1' });
    try {
      await someRequests(demo.url);
      await waitFor(() => requestLines(demo.lines).length >= 3, () => demo.lines.join('\n'));
    } finally {
      await demo.stop();
    }
    expect(requestLines(demo.lines).some((l) => l.includes('"route":"/api/v1/me"'))).toBe(true);
  });
});
