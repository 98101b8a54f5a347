import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { tc3Authorization, TC3_CONTENT_TYPE } from './tc3-signer';
import type { TelephonyConfig } from './telephony-config';

/** A refusal or failure of a Tencent Cloud call: its error code (`FailedOperation…`, `LimitExceeded…`, `HTTP 502`). */
export class TencentCloudError extends Error {
  constructor(readonly code: string, message: string) {
    super(`${code}: ${message}`.slice(0, 400));
  }
}

const PRODUCTS = {
  sms: { host: 'sms.tencentcloudapi.com', version: '2021-01-11' },
  vms: { host: 'vms.tencentcloudapi.com', version: '2020-09-02' },
} as const;

/**
 * The two Tencent Cloud calls the urgent call-down makes, signed with TC3-HMAC-SHA256 (tc3-signer.ts): `SendSms`
 * (SMS, API 2021-01-11) and `SendTtsVoice` (语音消息, API 2020-09-02). Our own small signer rather than the official
 * SDK: the two calls are one signed POST each, the SDK packages are not among this project's dependencies, and the
 * base URL must point at the fake provider in tests (TENCENTCLOUD_API_BASE). The text of both is a template approved
 * in Tencent's console that says only 「安心家校紧急举报，请立即处理」 (and, for the call, 按 1 确认): no parameters.
 */
@Injectable()
export class TencentCloudClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get configured(): boolean {
    return !!this.config.telephony;
  }

  /** Sends the urgent SMS; returns Tencent's SerialNo (the id its delivery receipt carries). */
  async sendSms(phoneE164: string, sessionContext: string): Promise<string> {
    const t = this.settings();
    const res = await this.call('sms', 'SendSms', {
      PhoneNumberSet: [phoneE164], SmsSdkAppId: t.smsSdkAppId, SignName: t.smsSignName, TemplateId: t.smsTemplateId,
      TemplateParamSet: [], SessionContext: sessionContext,
    });
    const status = Array.isArray(res.SendStatusSet) ? res.SendStatusSet[0] : null;
    if (!status || typeof status !== 'object') throw new TencentCloudError('InternalError.BadResponse', 'SendSms answered without SendStatusSet');
    if (status.Code !== 'Ok') throw new TencentCloudError(String(status.Code), String(status.Message ?? ''));
    return String(status.SerialNo);
  }

  /** Places the urgent voice call (text to speech from the template); returns Tencent's CallId. */
  async sendTtsVoice(phoneE164: string, sessionContext: string): Promise<string> {
    const t = this.settings();
    const res = await this.call('vms', 'SendTtsVoice', {
      TemplateId: t.vmsTemplateId, TemplateParamSet: [], CalledNumber: phoneE164, VoiceSdkAppid: t.vmsSdkAppId,
      PlayTimes: 2, SessionContext: sessionContext,
    });
    const callId = res.SendStatus?.CallId;
    if (!callId) throw new TencentCloudError('InternalError.BadResponse', 'SendTtsVoice answered without CallId');
    return String(callId);
  }

  private settings(): TelephonyConfig {
    if (!this.config.telephony) throw new TencentCloudError('NotConfigured', 'SMS and voice are not configured');
    return this.config.telephony;
  }

  private async call(product: keyof typeof PRODUCTS, action: string, body: Record<string, unknown>): Promise<any> {
    const t = this.settings();
    const { host: realHost, version } = PRODUCTS[product];
    const url = t.apiBase ? `${t.apiBase}/` : `https://${realHost}/`;
    const host = new URL(url).host;
    const payload = JSON.stringify(body);
    const timestamp = Math.floor(Date.now() / 1000); // Tencent checks it against real time, not the app's clock
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          Authorization: tc3Authorization({ secretId: t.secretId, secretKey: t.secretKey, service: product, host, payload, timestamp }),
          'Content-Type': TC3_CONTENT_TYPE,
          'X-TC-Action': action,
          'X-TC-Version': version,
          'X-TC-Timestamp': String(timestamp),
          'X-TC-Region': t.region,
          'X-TC-RequestClient': 'anxin',
          'X-Request-Id': randomUUID(),
        },
        body: payload,
        signal: AbortSignal.timeout(t.timeoutMs),
      });
    } catch (e) {
      throw new TencentCloudError('NetworkError', String((e as Error)?.message ?? e));
    }
    if (!res.ok) throw new TencentCloudError(`HTTP ${res.status}`, `${action} answered HTTP ${res.status}`);
    let json: any;
    try {
      json = await res.json();
    } catch {
      throw new TencentCloudError('InternalError.BadResponse', `${action} answered a body that is not JSON`);
    }
    const response = json?.Response;
    if (!response || typeof response !== 'object') throw new TencentCloudError('InternalError.BadResponse', `${action} answered without Response`);
    if (response.Error) throw new TencentCloudError(String(response.Error.Code), String(response.Error.Message ?? ''));
    return response;
  }
}
