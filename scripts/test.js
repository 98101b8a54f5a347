#!/usr/bin/env node
/**
 * `npm test`: every suite, in order, each step named. Database suites run on SQLite and on MariaDB (the two at once, the
 * mini-program's unit tests and builds after the SQLite suite, beside the MariaDB one);
 * under CI (scripts/ci.js) a MariaDB that cannot be reached, or a missing Chromium, fails the run instead of skipping.
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
 * Lanes of steps at once, each lane's steps one after another (the two database engines: each suite runs in band, so
 * two use the two cores; the SQLite suite ends first, and the mini-program's steps take its core while the MariaDB suite
 * goes on). Each step's output is kept apart and printed whole when every lane has ended, lane by lane.
 */
async function runLanes(lanes) {
  const chosen = lanes.map((lane) => lane.filter(({ name }) => !only.length || only.some((o) => name.includes(o))));
  const done = await Promise.all(chosen.map(async (lane) => {
    const ran = [];
    for (const step of lane) ran.push(await runQuietly(step));
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
  run('typecheck', npm, ['run', 'typecheck']);
  run('lint', npm, ['run', 'lint']);
  run('build-server', npm, ['run', 'build', '-w', '@anxin/server']);
  run('shared-unit', npm, ['run', 'test:unit', '-w', '@anxin/shared']);
  run('server-unit', npm, ['run', 'test:unit', '-w', '@anxin/server']);
  const sqliteSuite = { name: 'server-db-sqlite', cmd: npm, args: ['run', 'test:db', '-w', '@anxin/server'], env: { ANXIN_TEST_DB: 'sqlite' } };
  const miniprogram = [
    { name: 'miniprogram-unit', cmd: npm, args: ['run', 'test:unit', '-w', '@anxin/miniprogram'] },
    { name: 'build-weapp', cmd: npm, args: ['run', 'build:weapp'] },
    { name: 'weapp-size', cmd: 'node', args: ['scripts/check-weapp-size.js'] },
    { name: 'build-h5', cmd: npm, args: ['run', 'build:h5'] },
  ];
  const maria = new URL(process.env.TEST_MARIADB_URL || 'mariadb://root@127.0.0.1:3306/test');
  const inTurn = (steps) => steps.forEach((x) => run(x.name, x.cmd, x.args, x.env));
  if (await reachable(maria.hostname, Number(maria.port || 3306))) {
    await runLanes([[sqliteSuite, ...miniprogram], [{ name: 'server-db-mariadb', cmd: npm, args: ['run', 'test:db', '-w', '@anxin/server'], env: { ANXIN_TEST_DB: 'mariadb' } }]]);
  } else if (CI) {
    inTurn([sqliteSuite]);
    fail('server-db-mariadb', `MariaDB is not reachable at ${maria.host} (CI is on: this is a failure)`);
    inTurn(miniprogram);
  } else {
    inTurn([sqliteSuite]);
    skip('server-db-mariadb', `MariaDB is not reachable at ${maria.host}; start it to run the MariaDB suite`);
    inTurn(miniprogram);
  }

  run('api-e2e', npm, ['run', 'test:e2e', '-w', '@anxin/test']);

  if (chromiumPath()) {
    run('browser-e2e', npm, ['run', 'test:browser', '-w', '@anxin/test'], { CHROMIUM_PATH: chromiumPath() });
  } else if (CI) {
    fail('browser-e2e', 'Chromium is missing (CI is on: this is a failure). Install it: apt-get install -y chromium');
  } else {
    skip('browser-e2e', 'Chromium is missing. Install it with: apt-get install -y chromium');
  }

  const count = (s) => results.filter((r) => r.status === s).length;
  process.stdout.write('\nSummary of test steps:\n');
  for (const r of results) process.stdout.write(`  ${r.status.padEnd(7)} ${r.name} (${r.secs}s)${r.why ? ` — ${r.why}` : ''}\n`);
  process.stdout.write(`${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped\n`);
  process.exit(count('failed') === 0 && count('passed') > 0 ? 0 : 1);
})();
