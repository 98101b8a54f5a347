import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { AccessTokenService } from './access-token.service';
import { WechatApiError } from './wechat-api.errors';
import { wechatFetch } from './wechat-http';

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page?: string | null;
  /** Already shaped: `{thing1: {value: '…'}}` (see template-values.ts). */
  data: Record<string, { value: string }>;
  /** Sent as the `X-Idempotency-Key` header (WeChat ignores it; the fake records it to count duplicates). */
  idempotencyKey?: string;
}

export interface SecCheckResult {
  suggest: 'pass' | 'review' | 'risky';
  label: number;
  traceId: string | null;
}

/**
 * WeChat server APIs that need the access token. A 40001/42001 answer refreshes the
 * shared token once and retries once.
 */
@Injectable()
export class WechatClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly tokens: AccessTokenService) {}

  async sendSubscribe(msg: SubscribeMessage): Promise<void> {
    await this.withToken('subscribe/send', (token) => wechatFetch('subscribe/send', `${this.config.wechat.apiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
      method: 'POST',
      body: {
        touser: msg.touser,
        template_id: msg.templateId,
        ...(msg.page ? { page: msg.page } : {}),
        data: msg.data,
        miniprogram_state: this.config.wechat.miniprogramState,
        lang: 'zh_CN',
      },
      headers: msg.idempotencyKey ? { 'x-idempotency-key': msg.idempotencyKey } : undefined,
      timeoutMs: this.config.wechat.timeoutMs,
    }));
  }

  /** msg_sec_check v2. v2 answers errcode 0 for risky text too: the verdict is `result.suggest`. */
  async msgSecCheck(input: { openid: string; content: string; scene: 1 | 2 | 3 | 4; title?: string }): Promise<SecCheckResult> {
    const res = await this.withToken('msg_sec_check', (token) => wechatFetch<{
      errcode?: number; errmsg?: string; trace_id?: string; result?: { suggest: SecCheckResult['suggest']; label: number | string };
    }>('msg_sec_check', `${this.config.wechat.apiBase}/wxa/msg_sec_check?access_token=${encodeURIComponent(token)}`, {
      method: 'POST',
      body: { version: 2, openid: input.openid, scene: input.scene, content: input.content.slice(0, 2500), ...(input.title ? { title: input.title } : {}) },
      timeoutMs: this.config.wechat.timeoutMs,
    }));
    const suggest = res.result?.suggest;
    if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') throw new WechatApiError(-1003, 'msg_sec_check answer has no result.suggest', 'msg_sec_check');
    return { suggest, label: Number(res.result?.label ?? 100), traceId: res.trace_id ?? null };
  }

  private async withToken<T>(api: string, call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.tokens.getToken();
    try {
      return await call(token);
    } catch (e) {
      if (!(e instanceof WechatApiError) || !e.tokenProblem) throw e;
      const fresh = await this.tokens.replaceRejected(token);
      return call(fresh);
    }
  }
}
