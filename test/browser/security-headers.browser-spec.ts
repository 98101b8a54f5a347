/**
 * The Content-Security-Policy and the other security headers are strict, yet the h5 app and Swagger UI work
 * under them in a real Chromium: nothing is blocked (no `securitypolicyviolation` event), Taro's inline root
 * font-size script ran (allowed by its hash), the app renders and calls the API.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { chromiumOrSkip, ensureBuilt, openPhone, startServer, visibleText, tapOn, type RunningServer } from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

suite('security headers: the h5 app and Swagger UI work under the CSP', () => {
  let server: RunningServer;
  let phone: Awaited<ReturnType<typeof openPhone>>;
  let page: Page;

  beforeAll(async () => {
    ensureBuilt();
    server = await startServer();
    phone = await openPhone(chromiumPath!);
    page = phone.page;
    // Recorded from the first script on: every resource or inline code the policy blocks.
    await phone.context.addInitScript(() => {
      (window as any).__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => (window as any).__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  });

  afterAll(async () => {
    await phone?.close();
    await server?.stop();
  });

  const violations = () => page.evaluate(() => (window as any).__cspViolations as string[]);

  it('the h5 app: served with the headers, nothing blocked, the inline root font-size script ran, the app works', async () => {
    const res = await page.goto(`${server.url}/`);
    const headers = res!.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    await visibleText(page, '用户隐私保护指引').waitFor({ state: 'visible', timeout: 30_000 });
    // Taro's inline script sets the root font size the whole layout is measured in (rem).
    expect(await page.evaluate(() => document.documentElement.style.fontSize)).toMatch(/px$/);
    await tapOn(page, '同意并继续');
    // The app reached the API (fetch under connect-src 'self') and rendered its answer.
    await visibleText(page, /演示模式 · 当前身份：家长/, false).waitFor({ state: 'visible', timeout: 30_000 });
    expect(await violations()).toEqual([]);
  });

  it('Swagger UI (/api/docs) renders the operations, nothing blocked', async () => {
    const res = await page.goto(`${server.url}/api/docs`);
    expect(res!.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.locator('.opblock').first().waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
    expect(await violations()).toEqual([]);
  });
});
