import pino from 'pino';
import { ConfigError, type AppConfig } from '../config/app-config';
import type { AccessTokenService } from './access-token.service';
import { checkWechatAtStartup } from './startup-check';
import { TRANSPORT_ERROR, WechatApiError } from './wechat-api.errors';

const PRODUCTION = { isProduction: true, wechat: { appId: 'wx-app' } } as AppConfig;

/** A token service whose one call answers `outcome` (an error to throw, or nothing). */
function tokens(outcome?: Error): AccessTokenService & { calls: number } {
  const t = { calls: 0, verifyCredentials: async () => {
    t.calls++;
    if (outcome) throw outcome;
  } };
  return t as unknown as AccessTokenService & { calls: number };
}

function logs() {
  const lines: any[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => lines.push(JSON.parse(s)) });
  return { log, lines };
}

describe('checkWechatAtStartup', () => {
  it('outside production, or without an app id, makes no call', async () => {
    const t = tokens();
    expect(await checkWechatAtStartup({ isProduction: false, wechat: { appId: 'wx-app' } } as AppConfig, t, logs().log)).toBe('skipped');
    expect(await checkWechatAtStartup({ isProduction: true, wechat: { appId: null } } as AppConfig, t, logs().log)).toBe('skipped');
    expect(t.calls).toBe(0);
  });

  it('in production: one call; its success is logged', async () => {
    const t = tokens();
    const { log, lines } = logs();
    expect(await checkWechatAtStartup(PRODUCTION, t, log)).toBe('verified');
    expect(t.calls).toBe(1);
    expect(lines.map((l) => l.msg)).toContain('wechat credentials verified (access token obtained)');
  });

  it.each([
    [40001, 'WECHAT_SECRET'], [40125, 'WECHAT_SECRET'], [41004, 'WECHAT_SECRET'],
    [40013, 'WECHAT_APPID'], [41002, 'WECHAT_APPID'], [40164, 'WECHAT_APPID'],
  ])('WeChat refusing the credentials (%i) is a configuration error naming %s and WeChat\'s errmsg', async (errcode, variable) => {
    const error = await checkWechatAtStartup(PRODUCTION, tokens(new WechatApiError(errcode, 'refused rid: 1a2b', 'stable_token')), logs().log).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(`Configuration error: ${variable} was refused by WeChat at start-up (${errcode} refused rid: 1a2b)`);
  });

  it.each([
    ['a transport failure', TRANSPORT_ERROR],
    ['system busy', -1],
    ['an errcode that says nothing about the credentials', 45009],
  ])('%s does not stop the start: logged at error level, "unverified"', async (_, errcode) => {
    const { log, lines } = logs();
    expect(await checkWechatAtStartup(PRODUCTION, tokens(new WechatApiError(errcode, 'x', 'stable_token')), log)).toBe('unverified');
    expect(lines).toEqual([expect.objectContaining({ level: 50, errcode })]);
  });

  it('any other error is not swallowed', async () => {
    await expect(checkWechatAtStartup(PRODUCTION, tokens(new Error('database gone')), logs().log)).rejects.toThrow('database gone');
  });
});
