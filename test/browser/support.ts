import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect } from '@jest/globals';
import { chromium, type BrowserContext, type CDPSession, type Locator, type Page } from 'playwright-core';
import { PRIVACY_GUIDE_VERSION, type DemoRole } from '@anxin/shared';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat';
import { ciIsOn } from '../../scripts/ci';

export const ROOT = resolve(__dirname, '..', '..');
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');
const CI = ciIsOn();

/** Chromium for the browser tests. Outside CI a missing browser skips them (with the install command). */
export function findChromium(): string | null {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p)) ?? null;
}

export function chromiumOrSkip(): string | null {
  const path = findChromium();
  if (path) return path;
  const message = 'Chromium is missing: install it with `apt-get install -y chromium` to run the browser tests.';
  if (CI) throw new Error(`${message} (CI is on: the browser tests must run)`);
  console.warn(`SKIPPED browser tests — ${message}`);
  return null;
}

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(p, { withFileTypes: true })
    .filter((e) => e.name !== 'node_modules' && e.name !== 'dist' && !e.name.startsWith('.'))
    .reduce((m, e) => Math.max(m, newest(join(p, e.name))), 0);
}

function buildIfStale(output: string, sources: string[], args: string[]) {
  if (existsSync(output) && sources.every((s) => newest(s) <= statSync(output).mtimeMs)) return;
  const r = spawnSync('npm', args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: '' } });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed`);
}

/** The server and the h5 app as `npm start` would serve them (built when missing or stale). */
export function ensureBuilt() {
  buildIfStale(join(ROOT, 'shared/dist/index.js'), [join(ROOT, 'shared/src')], ['run', 'build', '-w', '@anxin/shared']);
  buildIfStale(join(ROOT, 'server/dist/main.js'), [join(ROOT, 'server/src'), join(ROOT, 'shared/src')], ['run', 'build', '-w', '@anxin/server']);
  buildIfStale(join(ROOT, 'miniprogram/dist/h5/index.html'), [join(ROOT, 'miniprogram/src'), join(ROOT, 'miniprogram/config'), join(ROOT, 'shared/src')], ['run', 'build:h5']);
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

export interface RunningServer { url: string; output: () => string; stop: () => Promise<void> }

/**
 * A real server process on a fresh temp SQLite with the demo seed, serving the h5 build at `/`. `env` is laid on top
 * (e.g. WECHAT_API_BASE pointing at a fake WeChat server).
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'anxin-browser-'));
  const port = await freePort();
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'server/dist/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'anxin.db')}`,
      ANXIN_DATA_DIR: dir,
      ANXIN_STATIC_DIR: join(ROOT, 'miniprogram/dist/h5'),
      ANXIN_DEMO_SEED: 'true',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server not healthy within 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A browser with its own profile (removed on close). */
async function launch(executablePath: string, device: { viewport: { width: number; height: number }; hasTouch?: boolean; isMobile?: boolean; deviceScaleFactor?: number }) {
  const profile = mkdtempSync(join(tmpdir(), 'anxin-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    locale: 'zh-CN',
    ...device,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A phone-sized touch browser, 390×844 (Taro's form buttons fire on touch: use tap()). */
export function openPhone(executablePath: string): Promise<{ context: BrowserContext; page: Page; close: () => Promise<void> }> {
  return launch(executablePath, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
}

/** A desktop browser window: mouse, no touch, 1280×800. */
export function openDesktop(executablePath: string): Promise<{ context: BrowserContext; page: Page; close: () => Promise<void> }> {
  return launch(executablePath, { viewport: { width: 1280, height: 800 } });
}

/**
 * Taro h5 keeps earlier pages in the DOM: only look at what is visible. The header (Taro's navigation bar) repeats
 * the page's title, often the label of the button that opened it: text in it is looked up through its own locator.
 */
export function visibleText(page: Page, text: string | RegExp, exact = true): Locator {
  const outsideHeader = page.locator('xpath=//*[not(ancestor-or-self::*[@id="taro-navigation-bar"])]');
  return page.getByText(text, { exact }).filter({ visible: true }).and(outsideHeader).and(notOnPageLeftBehind(page)).first();
}

/**
 * Elements on the page the app shows now, or on no page at all (the tab bar, a toast). Taro's h5 router adds the next
 * page at once but shows it (`taro_page_show`, which starts its slide) only after a timer, and hides the page left
 * behind only when the slide ends (another timer): for a moment both pages are in the DOM and Playwright calls both
 * visible (a page still waiting to slide in sits to the right of the screen, off it but not hidden). A text on both
 * (a banner, 我现在有危险, 我有回执码) would otherwise match the old page's copy first, and a tap found there lands on
 * the new page once it slides over: Playwright keeps the element it found and taps wherever it is.
 */
function notOnPageLeftBehind(page: Page): Locator {
  const cls = (name: string) => `contains(concat(' ', normalize-space(@class), ' '), ' ${name} ')`;
  // A page not (yet) shown, shaded (a tab page hidden behind another), or followed by a page that is not shaded.
  const notCurrent = `not(${cls('taro_page_show')}) or ${cls('taro_page_shade')} or following-sibling::*[${cls('taro_page')} and not(${cls('taro_page_shade')})]`;
  return page.locator(`xpath=//*[not(ancestor-or-self::*[${cls('taro_page')}][${notCurrent}])]`);
}

/** Waits until `text` is visible on `page` (see `visibleText`). */
export async function seeOn(page: Page, text: string | RegExp, exact = true, timeoutMs = 15_000): Promise<void> {
  await visibleText(page, text, exact).waitFor({ state: 'visible', timeout: timeoutMs });
}

/** What the app shows while a part of the page is still loading (each becomes content of another height). */
const LOADING = /^(加载中|正在检查|正在读取.*|正在生成二维码)…$/;

/**
 * Taps `text` on `page` once it is visible and the page has finished loading (Taro's form buttons fire on touch).
 * A part that loads after the rest (the staff home's 消息送达 card) moves what is below it; Playwright takes the
 * element's position and then taps there, so a tap while the page was still loading could land on the next entry.
 */
export async function tapOn(page: Page, text: string | RegExp, exact = true, timeoutMs = 15_000): Promise<void> {
  const el = visibleText(page, text, exact);
  await el.waitFor({ state: 'visible', timeout: timeoutMs });
  await visibleText(page, LOADING, false).waitFor({ state: 'hidden', timeout: timeoutMs });
  await el.tap();
}

/**
 * Draws `strokes` on a signature pad's canvas with a finger: each [x0, y0, x1, y1] (CSS pixels from the canvas's top
 * left) as touchstart, ten touchmoves and touchend through CDP, as a phone sends them.
 */
export async function drawStrokes(cdp: CDPSession, canvas: Locator, strokes: number[][]): Promise<void> {
  await canvas.scrollIntoViewIfNeeded();
  await canvas.page().getByText('签名框加载中…').filter({ visible: true }).waitFor({ state: 'detached' });
  const box = (await canvas.boundingBox())!;
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x?: number, y?: number) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: x === undefined ? [] : [{ x: box.x + x, y: box.y + y! }] });
  for (const [x0, y0, x1, y1] of strokes) {
    await touch('touchStart', x0, y0);
    for (let i = 1; i <= 10; i++) await touch('touchMove', x0 + ((x1 - x0) * i) / 10, y0 + ((y1 - y0) * i) / 10 + (i % 2));
    await touch('touchEnd');
  }
}

/**
 * Presses what the next step needs right after the page scrolled under the test: the button after a drawing (the pad
 * was brought into view), a control on a step that opened scrolled to its top. Chromium drops the click of a synthetic
 * tap that comes within moments of such a scroll (touchstart and touchend arrive, no click; seen by recording the
 * events). A finger takes longer than that; the test clicks the enabled element itself (what is under test is the
 * drawing, made of real touch events, and the page's answer to the press).
 */
export async function pressAfterScroll(button: Locator): Promise<void> {
  await button.waitFor({ state: 'visible' });
  if ((await button.getAttribute('disabled')) !== null) throw new Error(`pressAfterScroll: ${await button.innerText()} is disabled`);
  await button.dispatchEvent('click');
}

const TAB_PAGES = { 首页: 'pages/index/index', 消息: 'pages/inbox/index', 我的: 'pages/mine/index' } as const;

/**
 * Taps a tab of the tab bar and waits until its page is the one shown. The tap returns before Taro's router has
 * switched: a text on both pages (the demo banner's 切换身份) would otherwise be found on the page being left, and
 * Playwright keeps waiting on that element once it has found it, even after it is hidden for good.
 */
export async function switchTab(page: Page, label: keyof typeof TAB_PAGES): Promise<void> {
  await page.locator('.weui-tabbar__item').filter({ hasText: label, visible: true }).first().tap();
  await page.waitForFunction((path) => {
    const shown = Array.from(document.querySelectorAll('.taro_page.taro_page_show:not(.taro_page_shade)'));
    // Taro names each page's container by its path; the tab left behind is shaded.
    return shown.length === 1 && shown[0].id.replace(/\?.*/, '').endsWith(path);
  }, TAB_PAGES[label], { timeout: 15_000 });
}

export type Phone = Awaited<ReturnType<typeof openPhone>>;

/**
 * What most browser tests start from: the server as a real process (temp SQLite, demo seed), optionally the fake
 * WeChat/WeCom server it talks to, and one phone. Call inside `describe`: it registers the set-up and tear-down hooks;
 * the fields are there once the suite's `beforeAll` hooks have run (later hooks of the suite can use them).
 */
export interface PhoneSuite {
  readonly server: RunningServer;
  /** The fake WeChat/WeCom server (only with `fake: true`). */
  readonly fake: FakeWechat;
  readonly phone: Phone;
  readonly page: Page;
  see(text: string | RegExp, exact?: boolean): Promise<void>;
  tap(text: string | RegExp, exact?: boolean): Promise<void>;
}

export function phoneSuite(opts: { fake?: boolean; env?: Record<string, string> } = {}): PhoneSuite {
  const state: { server?: RunningServer; fake?: FakeWechat; phone?: Phone } = {};
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`phoneSuite: no ${what} (used before beforeAll, or without fake: true)`);
    return value;
  };
  beforeAll(async () => {
    ensureBuilt();
    if (opts.fake) state.fake = await startFakeWechat();
    const wechat: Record<string, string> = state.fake ? { WECHAT_API_BASE: state.fake.url, WECOM_API_BASE: state.fake.url } : {};
    state.server = await startServer({ ...wechat, ...opts.env });
    state.phone = await openPhone(need(findChromium() ?? undefined, 'Chromium'));
  });
  afterAll(async () => {
    await state.phone?.close();
    await state.server?.stop();
    await state.fake?.close();
  });
  const suite: PhoneSuite = {
    get server() { return need(state.server, 'server'); },
    get fake() { return need(state.fake, 'fake WeChat server'); },
    get phone() { return need(state.phone, 'phone'); },
    get page() { return need(state.phone, 'phone').page; },
    see: (text, exact = true) => seeOn(suite.page, text, exact),
    tap: (text, exact = true) => tapOn(suite.page, text, exact),
  };
  return suite;
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.waitForTimeout(250); // let transitions settle
  // Viewport only: Taro h5 scrolls inside its page container, and a full-page capture resizes the window
  // (which re-runs Taro's root font sizing).
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/**
 * Calls the server's API as a test would from outside the app, and insists on a 2xx: a failure names the
 * status and what the server answered, instead of surfacing later as a missing field.
 */
export async function apiCall(baseUrl: string, method: string, path: string, opts: { token?: string | null; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await res.text();
  if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Retries `check` (which throws on failure, e.g. an expect) until it passes or `timeoutMs` ends. */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * Every visible element matching `selectors` (buttons, entries, tappable rows) is at least 44 px high,
 * and no button carries disabled="false": React writes disabled={false} onto Taro's h5 custom elements as that
 * attribute, which Taro's [disabled] styles match (white text on white).
 */
export async function expectTouchTargets(page: Page, selectors: string): Promise<void> {
  const small = await page.evaluate((sel) => {
    const els = Array.from(document.querySelectorAll(sel));
    return els
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => ({ text: (el.textContent || '').trim().slice(0, 20), h: el.getBoundingClientRect().height }))
      .filter((x) => x.h > 0 && x.h < 44);
  }, selectors);
  expect(small).toEqual([]);
  expect(await page.locator('.btn[disabled="false"]').count()).toBe(0);
}

/**
 * Demo-login sessions against one server, one per role (privacy guide accepted), and opening the app on a page as a
 * role: its session, role and privacy agreement put in the page's storage, then a fresh load at `hash` (a hash change
 * alone would not start the app again). `loads`: API paths the page GETs as it opens, waited for before going on.
 */
export function demoSessions(baseUrl: () => string) {
  const tokens = new Map<DemoRole, string>();
  async function token(role: DemoRole): Promise<string> {
    if (!tokens.has(role)) {
      const t = (await apiCall(baseUrl(), 'POST', '/auth/dev', { body: { role } })).body.token as string;
      await apiCall(baseUrl(), 'POST', '/me/consents', { token: t, body: { kind: 'privacy_guide', version: PRIVACY_GUIDE_VERSION } });
      tokens.set(role, t);
    }
    return tokens.get(role)!;
  }
  async function openAs(page: Page, role: DemoRole, hash: string, loads: string[] = []): Promise<void> {
    const t = await token(role);
    await page.goto(`${baseUrl()}/`);
    await page.evaluate(([tok, r, v]) => {
      localStorage.clear();
      localStorage.setItem('anxin.token', JSON.stringify({ data: tok }));
      localStorage.setItem('anxin.demoRole', JSON.stringify({ data: r }));
      localStorage.setItem('anxin.privacyAcceptedVersion', JSON.stringify({ data: v }));
    }, [t, role, PRIVACY_GUIDE_VERSION]);
    await page.goto('about:blank');
    const loaded = loads.map((path) => page.waitForResponse((r) => r.url().endsWith(`/api/v1${path}`) && r.request().method() === 'GET'));
    await page.goto(`${baseUrl()}/#${hash}`);
    await Promise.all(loaded);
  }
  return { token, openAs };
}
