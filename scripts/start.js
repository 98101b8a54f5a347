#!/usr/bin/env node
/**
 * `npm start`: the whole demo on one machine, nothing else to install.
 *  1. builds shared/ and server/ when their dist is missing or older than the sources;
 *  2. builds the h5 app when miniprogram/dist/h5 is missing or older than miniprogram/src or shared/src;
 *  3. starts the fake WeChat server in this process (so sent messages can be seen arriving);
 *  4. starts the server on SQLite with demo data, serving the h5 app at `/`, and prints the URL.
 * Ctrl-C stops both.
 *
 * Under NODE_ENV=production it is the real server instead, and nothing of the demo: it builds shared/ and server/
 * when missing or stale (not the h5 app), then runs server/dist/main.js in this process with the environment as
 * given: no fake WeChat, no demo data, no generated keys. The server validates the production configuration and
 * checks the WeChat credentials before it listens; a bad or missing variable stops it with exit code 78 and a
 * message naming the variable.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const at = (...p) => path.join(ROOT, ...p);
const PORT = Number(process.env.PORT || 3000);
const FAKE_WECHAT_PORT = Number(process.env.FAKE_WECHAT_PORT || 3900);

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

/** True when `output` is missing or older than anything in `sources`. */
function stale(output, sources) {
  if (!fs.existsSync(output)) return true;
  const built = fs.statSync(output).mtimeMs;
  return sources.some((s) => newestMtime(s) > built);
}

function npm(args, why, env = {}) {
  console.log(`\n[start] ${why}: npm ${args.join(' ')}`);
  const r = spawnSync('npm', args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`[start] "npm ${args.join(' ')}" failed (exit ${r.status}).`);
    process.exit(r.status || 1);
  }
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => {
      req.destroy();
      resolve(0);
    });
  });
}

function buildServer() {
  if (stale(at('shared', 'dist', 'index.js'), [at('shared', 'src')])) npm(['run', 'build', '-w', '@anxin/shared'], 'shared/ is not built or is out of date');
  if (stale(at('server', 'dist', 'main.js'), [at('server', 'src'), at('shared', 'src')])) npm(['run', 'build', '-w', '@anxin/server'], 'server/ is not built or is out of date');
}

/** NODE_ENV=production: the server itself, in this process (signals and the exit code are the server's own). */
function production() {
  buildServer();
  console.log('[start] NODE_ENV=production: starting server/dist/main.js with the environment as given.');
  require(at('server', 'dist', 'main.js'));
}

async function main() {
  if (process.env.NODE_ENV === 'production') return production();
  buildServer();
  if (stale(at('miniprogram', 'dist', 'h5', 'index.html'), [at('miniprogram', 'src'), at('miniprogram', 'config'), at('shared', 'src')])) {
    npm(['run', 'build:h5'], 'the h5 app is not built or is out of date');
  }

  // The fake WeChat server (test/fakes/wechat), in this process: code2Session, tokens, subscribe messages.
  require('@swc-node/register');
  const { startFakeWechat } = require('../test/fakes/wechat');
  const fake = await startFakeWechat({ port: FAKE_WECHAT_PORT });
  console.log(`[start] fake WeChat server at ${fake.url}`);

  const env = {
    ...process.env,
    PORT: String(PORT),
    DATABASE_URL: process.env.DATABASE_URL || 'sqlite:./data/anxin.db',
    ANXIN_STATIC_DIR: at('miniprogram', 'dist', 'h5'),
    ANXIN_DEMO_SEED: 'true',
    WECHAT_API_BASE: fake.url,
    WECOM_API_BASE: fake.url,
  };
  const server = spawn(process.execPath, [at('server', 'dist', 'main.js')], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    await fake.close().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  server.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[start] the server stopped (${signal || `exit ${code}`}).`);
    void stop(code || 1);
  });

  const base = `http://localhost:${PORT}`;
  const deadline = Date.now() + 90_000;
  while ((await get(`${base}/api/health`)) !== 200) {
    if (stopping) return;
    if (Date.now() > deadline) {
      console.error(`[start] the server did not become healthy at ${base}/api/health within 90 s.`);
      return stop(1);
    }
    await new Promise((r) => setTimeout(r, 500));
  }

  console.log(`
────────────────────────────────────────────────────────────
 安心家校 Anxin demo is running:  ${base}/
 (API docs: ${base}/api/docs · messages sent to WeChat: ${fake.url}/__fake/)

 Open it in a browser (a phone-sized window reads best).
 1. Agree to the privacy guide (用户隐私保护指引).
 2. You start as 家长 (guardian). Go to 绑定孩子 and enter the
    class invite code  DEMO3A01  (阳光实验小学 三年级1班),
    choose 王*明 and type the full name 王小明.
 3. The yellow 演示模式 banner switches role: 家长, 学生, 班主任,
    欺凌防治负责人, 欺凌处置委员会成员, 校长, 学校管理员, 教育局.
    As 班主任 open 教职工工作台 → 绑定审核 to approve the binding.
 4. Tip box: as 学生 tap 我要倾诉/举报 (find the school with code
    DEMO3A01), send a report and keep the 16-digit receipt. The
    message to the contact appears at ${fake.url}/__fake/ and in
    the contact's 消息. As 欺凌防治负责人 open 倾诉信箱, acknowledge
    and reply; as 学生 enter the receipt under 我有回执码.
 Other codes: DEMO3A02, DEMO4A01 (second school: DEMO7B01).
 Data: ${env.DATABASE_URL}. Ctrl-C stops everything.
────────────────────────────────────────────────────────────
`);
}

main().catch((e) => {
  console.error(`[start] ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
