import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * main.ts: a bad configuration stops the real process with exit code 78 (EX_CONFIG) and a message naming the
 * variable, before anything listens or touches a database. Runs the compiled server (`dist/main.js`); builds it
 * first when the build is missing or older than the sources this test is about.
 */
const SERVER = join(__dirname, '..', '..', '..');
const MAIN = join(SERVER, 'dist', 'main.js');

function ensureBuilt() {
  const pairs = [['src/main.ts', 'dist/main.js'], ['src/platform/config/app-config.ts', 'dist/platform/config/app-config.js']];
  const stale = pairs.some(([src, out]) => !existsSync(join(SERVER, out)) || statSync(join(SERVER, out)).mtimeMs < statSync(join(SERVER, src)).mtimeMs);
  if (stale) execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: SERVER, stdio: 'pipe' });
}

describe('server start-up with a bad configuration', () => {
  let dir: string;
  beforeAll(() => ensureBuilt(), 120_000);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'anxin-start-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, [MAIN], {
      cwd: dir,
      timeout: 30_000,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ANXIN_DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'never.db')}`, ANXIN_WORKER: 'false', ...env },
    });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '99999' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://u@h/db' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['WECHAT_APPID', { NODE_ENV: 'production' }],
    ['ANXIN_MASTER_KEY', { NODE_ENV: 'production', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's', ANXIN_MASTER_KEY: 'c2hvcnQ=' }],
  ])('exits 78 naming %s', (variable, env) => {
    const r = start(env);
    expect(r.status).toBe(78);
    expect(r.stderr).toContain(`Configuration error: ${variable}`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message for a person, not a stack trace
    expect(r.stdout).not.toContain('listening');
    expect(existsSync(join(dir, 'never.db'))).toBe(false);
  });
});
