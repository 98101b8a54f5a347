#!/usr/bin/env node
/**
 * `npm test`: every suite, named steps. After the check of tracked files and the server's build, two lanes run at once,
 * one per core, each lane's steps one after another: typecheck, lint, the unit tests, the SQLite database suite, the
 * mini-program's unit tests and builds, then the browser tests (on the h5 build just made); beside it the MariaDB
 * database suite, then the API end-to-end suite (on the server just built). Under CI (scripts/ci.js) a
 * MariaDB that cannot be reached, or a missing Chromium, fails the run instead of skipping.
 * Ends with one line "N passed, N failed, N skipped" (steps, not individual tests).
 */
const { spawn, spawnSync } = require('node:child_process');
const net = require('node:net');
const { existsSync } = require('node:fs');

const { ciIsOn } = require('./ci');

const CI = ciIsOn();
const only = process.argv.slice(2); // e.g. `npm test -- server-unit e2e`
const results = [];

function run(name, cmd, args, env = {}) {
  if (only.length && !only.some((o) => name.includes(o))) return;
  const started = Date.now();
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env }, shell: false });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const ok = r.status === 0;
  results.push({ name, status: ok ? 'passed' : 'failed', secs });
  process.stdout.write(`=== ${name}: ${ok ? 'passed' : 'FAILED'} in ${secs}s\n`);
}

/** One step with its output kept apart (run beside other steps); resolves with what runLanes prints. */
function runQuietly({ name, cmd, args, env = {} }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const out = [];
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, shell: false });
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => out.push(b));
    child.on('close', (code) => resolve({ name, cmd, args, ok: code === 0, secs: ((Date.now() - started) / 1000).toFixed(1), out: Buffer.concat(out) }));
  });
}

/**
 * Lanes of steps at once, each lane's steps one after another (each database suite runs in band, so the two use the
 * two cores; the end-to-end suites wait on servers and browsers as much as they compute, so each one's idle time goes
 * to the other lane). Each step's output is kept apart and printed whole when every lane has ended, lane by lane.
 * A step given as a function is decided when its lane reaches it (it returns a step, or null after recording a skip
 * or failure itself).
 */
async function runLanes(lanes) {
  const done = await Promise.all(lanes.map(async (lane) => {
    const ran = [];
    for (const step of lane) {
      const s = typeof step === 'function' ? step() : step;
      if (!s || (only.length && !only.some((o) => s.name.includes(o)))) continue;
      process.stdout.write(`=== ${s.name}: started\n`);
      const r = await runQuietly(s);
      process.stdout.write(`=== ${s.name}: ${r.ok ? 'passed' : 'FAILED'} in ${r.secs}s (its output follows when both lanes have ended)\n`);
      ran.push(r);
    }
    return ran;
  }));
  for (const r of done.flat()) {
    process.stdout.write(`\n=== ${r.name}: ${r.cmd} ${r.args.join(' ')} (run beside the other lane)\n`);
    process.stdout.write(r.out);
    results.push({ name: r.name, status: r.ok ? 'passed' : 'failed', secs: r.secs });
    process.stdout.write(`=== ${r.name}: ${r.ok ? 'passed' : 'FAILED'} in ${r.secs}s\n`);
  }
}

function skip(name, why) {
  if (only.length && !only.some((o) => name.includes(o))) return;
  results.push({ name, status: 'skipped', secs: '0', why });
  process.stdout.write(`\n=== ${name}: skipped — ${why}\n`);
}

function fail(name, why) {
  results.push({ name, status: 'failed', secs: '0', why });
  process.stdout.write(`\n=== ${name}: FAILED — ${why}\n`);
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 2000 }, () => { s.end(); resolve(true); });
    s.on('error', () => resolve(false));
    s.on('timeout', () => { s.destroy(); resolve(false); });
  });
}

function chromiumPath() {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
}

(async () => {
  const npm = 'npm';
  run('repo-files', process.execPath, ['scripts/check-tracked.js']);
  run('build-server', npm, ['run', 'build', '-w', '@anxin/server']);
  const checks = [
    { name: 'typecheck', cmd: npm, args: ['run', 'typecheck'] },
    { name: 'lint', cmd: npm, args: ['run', 'lint'] },
    { name: 'shared-unit', cmd: npm, args: ['run', 'test:unit', '-w', '@anxin/shared'] },
    { name: 'server-unit', cmd: npm, args: ['run', 'test:unit', '-w', '@anxin/server'] },
  ];
  const sqliteSuite = { name: 'server-db-sqlite', cmd: npm, args: ['run', 'test:db', '-w', '@anxin/server'], env: { ANXIN_TEST_DB: 'sqlite' } };
  const miniprogram = [
    { name: 'miniprogram-unit', cmd: npm, args: ['run', 'test:unit', '-w', '@anxin/miniprogram'] },
    { name: 'build-weapp', cmd: npm, args: ['run', 'build:weapp'] },
    { name: 'weapp-size', cmd: 'node', args: ['scripts/check-weapp-size.js'] },
    { name: 'build-h5', cmd: npm, args: ['run', 'build:h5'] },
  ];
  const maria = new URL(process.env.TEST_MARIADB_URL || 'mariadb://root@127.0.0.1:3306/test');
  const mariadbSuite = { name: 'server-db-mariadb', cmd: npm, args: ['run', 'test:db', '-w', '@anxin/server'], env: { ANXIN_TEST_DB: 'mariadb' } };
  const apiE2e = { name: 'api-e2e', cmd: npm, args: ['run', 'test:e2e', '-w', '@anxin/test'] };
  const browser = () => {
    const chromium = chromiumPath();
    if (chromium) return { name: 'browser-e2e', cmd: npm, args: ['run', 'test:browser', '-w', '@anxin/test'], env: { CHROMIUM_PATH: chromium } };
    if (CI) fail('browser-e2e', 'Chromium is missing (CI is on: this is a failure). Install it: apt-get install -y chromium');
    else skip('browser-e2e', 'Chromium is missing. Install it with: apt-get install -y chromium');
    return null;
  };
  if (await reachable(maria.hostname, Number(maria.port || 3306))) {
    await runLanes([[...checks, sqliteSuite, ...miniprogram, browser], [mariadbSuite, apiE2e]]);
  } else {
    if (CI) fail('server-db-mariadb', `MariaDB is not reachable at ${maria.host} (CI is on: this is a failure)`);
    else skip('server-db-mariadb', `MariaDB is not reachable at ${maria.host}; start it to run the MariaDB suite`);
    await runLanes([[...checks, sqliteSuite, ...miniprogram, browser], [apiE2e]]);
  }

  const count = (s) => results.filter((r) => r.status === s).length;
  process.stdout.write('\nSummary of test steps:\n');
  for (const r of results) process.stdout.write(`  ${r.status.padEnd(7)} ${r.name} (${r.secs}s)${r.why ? ` — ${r.why}` : ''}\n`);
  process.stdout.write(`${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped\n`);
  process.exit(count('failed') === 0 && count('passed') > 0 ? 0 : 1);
})();
