import type { Logger } from 'pino';
import { ConfigError, type AppConfig } from '../config/app-config';
import type { AccessTokenService } from './access-token.service';
import { WechatApiError } from './wechat-api.errors';

/**
 * WeChat's answers to the token call that mean the configuration itself is wrong, and the variable to fix.
 * 40164 is WeChat's IP whitelist: nothing in our environment, but the app id's console setting; naming
 * WECHAT_APPID says which app to fix it for.
 */
const CREDENTIAL_ERRORS: Record<number, { variable: string; hint: string }> = {
  40001: { variable: 'WECHAT_SECRET', hint: 'check the AppSecret in the mini-program console (开发管理 → 开发设置)' },
  40125: { variable: 'WECHAT_SECRET', hint: 'check the AppSecret in the mini-program console (开发管理 → 开发设置)' },
  41004: { variable: 'WECHAT_SECRET', hint: 'set the AppSecret' },
  40013: { variable: 'WECHAT_APPID', hint: 'check the AppID of the mini-program' },
  41002: { variable: 'WECHAT_APPID', hint: 'set the AppID of the mini-program' },
  40164: { variable: 'WECHAT_APPID', hint: "add this server's outbound IP address to the app's API IP whitelist in the mini-program console" },
};

export type WechatStartupResult = 'verified' | 'skipped' | 'unverified';

/**
 * Production start-up: one access-token call before the server listens, so wrong WeChat credentials stop the
 * start (a ConfigError, exit code 78) instead of surfacing hours later as undelivered messages.
 * Anything else (time-out, refused connection, HTTP 5xx, -1 system busy, an unexpected errcode) is not proof
 * the configuration is wrong: the server starts anyway, logs an error, and delivery keeps retrying, so a WeChat
 * outage never prevents a restart. Outside production (the demo, tests) nothing is checked.
 */
export async function checkWechatAtStartup(config: AppConfig, tokens: AccessTokenService, log: Logger): Promise<WechatStartupResult> {
  if (!config.isProduction || !config.wechat.appId) return 'skipped';
  try {
    await tokens.verifyCredentials();
    log.info('wechat credentials verified (access token obtained)');
    return 'verified';
  } catch (e) {
    if (!(e instanceof WechatApiError)) throw e;
    const refused = CREDENTIAL_ERRORS[e.errcode];
    if (refused) {
      throw new ConfigError(refused.variable, `was refused by WeChat at start-up (${e.errcode} ${e.errmsg.trim()}): ${refused.hint}`);
    }
    log.error({ errcode: e.errcode, errmsg: e.errmsg }, 'wechat access token call failed at start-up; starting anyway, messages wait in the outbox until WeChat answers');
    return 'unverified';
  }
}
