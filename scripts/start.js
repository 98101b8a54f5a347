#!/usr/bin/env node
/**
 * `npm start`: the whole demo on one machine, nothing else to install.
 *  1. builds what is missing or older than its sources, each step's output kept back (shown only if it fails) and
 *     one line printed per step with its time: shared/ then server/, and beside them, in parallel, the h5 app (it
 *     compiles shared/src itself). The weapp build and the tests are not built: the demo does not serve them;
 *  2. starts the fake WeChat server in this process (so sent messages can be seen arriving);
 *  3. starts the server on SQLite with demo data, serving the h5 app at `/`, waits until it answers, and prints the
 *     URL and the role guide last. The server logs warnings and errors only, and no line per request unless
 *     ANXIN_LOG_REQUESTS=1 (LOG_LEVEL, when set, is passed on as given).
 * Ctrl-C stops both. On a terminal, a status line says what is being waited for; elsewhere only finished steps print.
 *
 * Under NODE_ENV=production it is the real server instead, and nothing of the demo: it builds shared/ and server/
 * when missing or stale (not the h5 app), then runs server/dist/main.js in this process with the environment as
 * given: no fake WeChat, no demo data, no generated keys. The server validates the production configuration and
 * checks the WeChat credentials before it listens; a bad or missing variable stops it with exit code 78 and a
 * message naming the variable.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const at = (...p) => path.join(ROOT, ...p);
const PORT = Number(process.env.PORT || 3000);
const FAKE_WECHAT_PORT = Number(process.env.FAKE_WECHAT_PORT || 3900);
const FAKE_TENCENTCLOUD_PORT = Number(process.env.FAKE_TENCENTCLOUD_PORT || 3901);
const TSC = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
const started = Date.now();

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

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
/** Build steps running now (stopped if another one fails). */
const building = new Set();

/** One status line, rewritten in place on a terminal (what is being waited for, and for how long). */
const status = {
  waiting: new Map(),
  timer: null,
  begin(what) {
    this.waiting.set(what, Date.now());
    if (process.stdout.isTTY && !this.timer) this.timer = setInterval(() => this.draw(), 500);
    this.draw();
  },
  end(what) {
    this.waiting.delete(what);
    if (this.waiting.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    this.clear();
  },
  draw() {
    if (!process.stdout.isTTY || this.waiting.size === 0) return;
    const now = Date.now();
    const text = [...this.waiting].map(([what, since]) => `${what} ${Math.round((now - since) / 1000)} s`).join(' · ');
    process.stdout.write(`\r\x1b[2K[start] … ${text}`);
  },
  clear() {
    if (process.stdout.isTTY) process.stdout.write('\r\x1b[2K');
  },
};

/** Prints a line above the status line. */
function say(line) {
  status.clear();
  console.log(line);
  status.draw();
}

/**
 * Runs one build step with its output kept back and prints one line when it is done (off a terminal, also one when it
 * starts); if it fails, rejects with its output.
 */
function step(label, command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    if (!process.stdout.isTTY) console.log(`[start] ${label}: building…`);
    status.begin(label);
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    building.add(child);
    const output = [];
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('close', (code) => {
      building.delete(child);
      status.end(label);
      if (code === 0) {
        say(`[start] ${label}: built in ${seconds(Date.now() - t0)}`);
        return resolve();
      }
      const text = Buffer.concat(output).toString('utf8').split('\n').slice(-80).join('\n');
      reject(Object.assign(new Error(`${text}\n[start] ${label}: "${[path.basename(command), ...args].join(' ')}" failed (exit ${code}); its output is above.`), { exitCode: code || 1 }));
    });
  });
}

/**
 * shared/ then server/ when stale. `check: false` (the demo) emits without type-checking (tsc --noCheck), which
 * takes a fraction of the time: `npm run typecheck` and `npm test` check the types.
 */
async function buildServer({ check }) {
  const flags = check ? [] : ['--noCheck'];
  if (stale(at('shared', 'dist', 'index.js'), [at('shared', 'src'), at('shared', 'tsconfig.json')])) {
    await step('shared/', process.execPath, [TSC, '-p', at('shared', 'tsconfig.json'), ...flags]);
  }
  if (stale(at('server', 'dist', 'main.js'), [at('server', 'src'), at('shared', 'src'), at('server', 'tsconfig.build.json')])) {
    await step('server/', process.execPath, [TSC, '-p', at('server', 'tsconfig.build.json'), ...flags]);
  }
}

async function buildH5() {
  if (!stale(at('miniprogram', 'dist', 'h5', 'index.html'), [at('miniprogram', 'src'), at('miniprogram', 'config'), at('shared', 'src')])) return;
  await step('h5 app', 'npm', ['run', 'build:h5', '--silent', '-w', '@anxin/miniprogram']);
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

/** NODE_ENV=production: the server itself, in this process (signals and the exit code are the server's own). */
async function production() {
  await buildServer({ check: true });
  console.log('[start] NODE_ENV=production: starting server/dist/main.js with the environment as given.');
  require(at('server', 'dist', 'main.js'));
}

/** What the demo serves, built where missing or stale: shared/ then server/, and the h5 app beside them. */
async function buildDemo() {
  await Promise.all([buildServer({ check: false }), buildH5()]);
}

async function main() {
  if (process.env.NODE_ENV === 'production') return production();
  await buildDemo();

  // The fake WeChat server (test/fakes/wechat), in this process: code2Session, tokens, subscribe messages.
  status.begin('starting the fake WeChat server');
  require('@swc-node/register');
  const { startFakeWechat } = require('../test/fakes/wechat');
  const fake = await startFakeWechat({ port: FAKE_WECHAT_PORT });
  // A WeCom group robot the fake knows (the same key every start, so a robot registered in the demo keeps working).
  const demoRobotKey = fake.createRobot('demo-robot-3a01-0000-0001');
  status.end('starting the fake WeChat server');
  // The fake Tencent Cloud SMS/voice server (test/fakes/tencentcloud): urgent call-downs (紧急呼叫) of danger tips ring
  // phones there; nobody answers, so the chain walks on every 5 minutes. Its page lists every SMS and call.
  const telephonyDemo = { secretId: 'AKIDanxindemo', secretKey: 'anxin-demo-secret-key', token: 'anxin-demo-callback-token' };
  const { startFakeTencentCloud } = require('../test/fakes/tencentcloud');
  const phones = await startFakeTencentCloud({
    port: FAKE_TENCENTCLOUD_PORT, secretId: telephonyDemo.secretId, secretKey: telephonyDemo.secretKey,
    callbackBase: `http://127.0.0.1:${PORT}/api/v1/telephony/callbacks`, callbackToken: telephonyDemo.token, defaultBehaviour: 'no_answer',
  });

  const requestLogs = ['1', 'true', 'yes', 'on'].includes(String(process.env.ANXIN_LOG_REQUESTS || '').toLowerCase());
  const env = {
    ...process.env,
    PORT: String(PORT),
    DATABASE_URL: process.env.DATABASE_URL || 'sqlite:./data/anxin.db',
    ANXIN_STATIC_DIR: at('miniprogram', 'dist', 'h5'),
    ANXIN_DEMO_SEED: 'true',
    WECHAT_API_BASE: fake.url,
    WECOM_API_BASE: fake.url,
    // SMS and voice for urgent call-downs go to the fake Tencent Cloud (unless this environment configures its own).
    ...(process.env.TENCENTCLOUD_SECRET_ID ? {} : {
      TENCENTCLOUD_SECRET_ID: telephonyDemo.secretId, TENCENTCLOUD_SECRET_KEY: telephonyDemo.secretKey, TENCENTCLOUD_API_BASE: phones.url,
      SMS_SDK_APP_ID: '1400000000', SMS_SIGN_NAME: '安心家校', SMS_TEMPLATE_URGENT: '100000', VMS_SDK_APP_ID: '1400000001',
      VMS_TEMPLATE_URGENT: '200000', TELEPHONY_CALLBACK_TOKEN: telephonyDemo.token,
    }),
    // The fake, like WeChat, delivers a subscribe message only after the user allowed it: the h5 app's stand-in for
    // WeChat's consent dialog tells the fake through the server (demo users only; see DemoWechatConsent).
    ANXIN_DEMO_WECHAT_CONSENT: 'true',
    ANXIN_LOG_REQUESTS: requestLogs ? 'true' : 'false',
    // Warnings and errors only, unless request logs were asked for (they are info lines) or LOG_LEVEL is set.
    LOG_LEVEL: process.env.LOG_LEVEL || (requestLogs ? 'info' : 'warn'),
  };
  const t0 = Date.now();
  status.begin('starting the server (migrations, demo data)');
  const server = spawn(process.execPath, [at('server', 'dist', 'main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Its lines pass through (warnings and errors at the default level), printed above the status line.
  let partial = '';
  const pass = (d) => {
    const lines = (partial + d).split('\n');
    partial = lines.pop();
    for (const line of lines) say(line);
  };
  server.stdout.on('data', pass);
  server.stderr.on('data', pass);

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    status.end('starting the server (migrations, demo data)');
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    await fake.close().catch(() => undefined);
    await phones.close().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  server.on('exit', (code, signal) => {
    if (stopping) return;
    if (partial) say(partial);
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
    await new Promise((r) => setTimeout(r, 200));
  }
  status.end('starting the server (migrations, demo data)');
  say(`[start] server: ready in ${seconds(Date.now() - t0)} (${seconds(Date.now() - started)} since npm start)`);

  console.log(`
────────────────────────────────────────────────────────────
 安心家校 Anxin demo is running:  ${base}/
 (API docs: ${base}/api/docs · messages sent to WeChat: ${fake.url}/__fake/
  · SMS and calls of urgent call-downs: ${phones.url}/__fake/)

 Open it in a browser (a phone-sized window reads best).
 1. Agree to the privacy guide (用户隐私保护指引).
 2. You start as 家长 (guardian). Go to 绑定孩子 and enter the
    class invite code  DEMO3A01  (阳光实验小学 三年级1班),
    choose 王*明 and type the full name 王小明.
 3. The yellow 演示模式 banner switches role: 家长, 学生, 班主任,
    欺凌防治负责人, 欺凌处置委员会成员, 校长, 学校管理员, 教育局.
    As 班主任 open 教职工工作台 → 绑定审核 to approve the binding.
 4. Tip box: as 欺凌防治负责人 tap 开启新举报提醒 on 教职工工作台
    and 允许 in the simulated WeChat dialog. As 学生 tap 我要倾诉/举报
    (find the school with code DEMO3A01), send a report and keep the
    16-digit receipt. The message to the contact appears at
    ${fake.url}/__fake/ and in the contact's 消息, marked 已通过微信提醒
    (without 允许 it stays in 消息 only; 学校管理员 sees why under
    工作台 → 消息送达). As 欺凌防治负责人 open 倾诉信箱, acknowledge
    and reply; as 学生 enter the receipt under 我有回执码.
 5. WeCom group robots: as 学校管理员 open 教职工工作台 → 群机器人,
    add a robot with the webhook key  ${demoRobotKey}
    and tap 发送测试消息; the post appears at ${fake.url}/__fake/.
 6. 紧急呼叫: as 学生 send a report with 我现在有危险 ticked. The
    contact's phone gets an SMS at once and a call 5 minutes later
    (nobody answers in the demo), listed at ${phones.url}/__fake/.
 Other codes: DEMO3A02, DEMO4A01 (second school: DEMO7B01).
 Data: ${env.DATABASE_URL}. Ctrl-C stops everything.${requestLogs ? '' : '\n Request logs: ANXIN_LOG_REQUESTS=1 npm start.'}
────────────────────────────────────────────────────────────
`);
}

if (require.main === module) {
  main().catch((e) => {
    status.clear();
    for (const child of building) child.kill('SIGTERM');
    console.error(e && e.exitCode ? e.message : `[start] ${e && e.stack ? e.stack : e}`);
    process.exit((e && e.exitCode) || 1);
  });
}

module.exports = { buildDemo };
