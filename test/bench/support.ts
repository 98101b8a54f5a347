import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';

export const REPO = resolve(__dirname, '../..');

/**
 * Benchmarks drive the *built* server (server/dist, compiled by tsc with Nest's decorator metadata) in this
 * process; it is built when missing. Set BENCH_BUILD=1 to rebuild anyway.
 */
export function ensureServerBuilt(): void {
  if (existsSync(resolve(REPO, 'server/dist/app.factory.js')) && process.env.BENCH_BUILD !== '1') return;
  process.stdout.write('building the server (npm run build -w @anxin/server)…\n');
  const r = spawnSync('npm', ['run', 'build', '-w', '@anxin/server'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('server build failed');
}

/** require() of a compiled server module, e.g. dist('app.factory'). */
export function dist<T = any>(path: string): T {
  return require(resolve(REPO, 'server/dist', path));
}

export function machine(): string {
  const c = cpus();
  return `${c.length} cores (${c[0]?.model?.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${process.platform}`;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
