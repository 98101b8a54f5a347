/**
 * Tencent Cloud SMS and Voice Messaging (语音消息) settings, read once at start-up with the rest of the configuration.
 * Telephony is optional: without the credentials (or any of the app ids, sign name and templates) it is off, the
 * server starts anyway, and urgent call-downs go out by WeChat and the in-app inbox only (the school's call-down
 * settings page and the audit chain say so).
 */
export interface TelephonyConfig {
  secretId: string;
  secretKey: string;
  smsSdkAppId: string;
  smsSignName: string;
  smsTemplateId: string;
  vmsSdkAppId: string;
  vmsTemplateId: string;
  /** TENCENTCLOUD_REGION (SendSms needs one; default ap-guangzhou). */
  region: string;
  /**
   * TENCENTCLOUD_API_BASE: send both products' requests to this base URL instead of `https://sms.tencentcloudapi.com`
   * and `https://vms.tencentcloudapi.com` (the fake provider in tests and the demo). Null in production use.
   */
  apiBase: string | null;
  /** TELEPHONY_CALLBACK_TOKEN: the secret path segment of the delivery-receipt and call-status callbacks. */
  callbackToken: string | null;
  timeoutMs: number;
}

type Env = Record<string, string | undefined>;

const REQUIRED = ['TENCENTCLOUD_SECRET_ID', 'TENCENTCLOUD_SECRET_KEY', 'SMS_SDK_APP_ID', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_URGENT', 'VMS_SDK_APP_ID', 'VMS_TEMPLATE_URGENT'] as const;

export class TelephonyConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`Configuration error: ${variable} ${problem}`);
  }
}

const value = (v: string | undefined) => (v && v.trim() ? v.trim() : null);

/** Null when telephony is not configured at all; a half-filled configuration is an error that names what is missing. */
export function parseTelephonyConfig(env: Env): TelephonyConfig | null {
  const given = REQUIRED.filter((name) => value(env[name]));
  if (given.length === 0) return null;
  const missing = REQUIRED.filter((name) => !value(env[name]));
  if (missing.length) throw new TelephonyConfigError(missing[0], `is required when any of ${REQUIRED.join(', ')} is set (missing: ${missing.join(', ')})`);
  const apiBase = value(env.TENCENTCLOUD_API_BASE);
  if (apiBase && !/^https?:\/\/[^/]+\/?$/.test(apiBase)) throw new TelephonyConfigError('TENCENTCLOUD_API_BASE', 'must be a base URL such as http://127.0.0.1:3901');
  const token = value(env.TELEPHONY_CALLBACK_TOKEN);
  if (token && token.length < 16) throw new TelephonyConfigError('TELEPHONY_CALLBACK_TOKEN', 'must be at least 16 characters');
  const timeout = Number(env.TENCENTCLOUD_TIMEOUT_MS || 10_000);
  if (!Number.isInteger(timeout) || timeout <= 0) throw new TelephonyConfigError('TENCENTCLOUD_TIMEOUT_MS', 'must be a positive integer');
  return {
    secretId: value(env.TENCENTCLOUD_SECRET_ID)!,
    secretKey: value(env.TENCENTCLOUD_SECRET_KEY)!,
    smsSdkAppId: value(env.SMS_SDK_APP_ID)!,
    smsSignName: value(env.SMS_SIGN_NAME)!,
    smsTemplateId: value(env.SMS_TEMPLATE_URGENT)!,
    vmsSdkAppId: value(env.VMS_SDK_APP_ID)!,
    vmsTemplateId: value(env.VMS_TEMPLATE_URGENT)!,
    region: value(env.TENCENTCLOUD_REGION) ?? 'ap-guangzhou',
    apiBase: apiBase ? apiBase.replace(/\/$/, '') : null,
    callbackToken: token,
    timeoutMs: timeout,
  };
}
