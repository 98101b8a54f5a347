import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { wechatFetch } from './wechat-http';

export interface Code2SessionResult { openid: string; session_key: string; unionid?: string }

/** auth.code2Session. The session_key stays on the server. */
@Injectable()
export class Code2SessionClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async code2Session(jsCode: string): Promise<Code2SessionResult> {
    const { apiBase, appId, secret } = this.config.wechat;
    const q = new URLSearchParams({
      appid: appId ?? 'anxin-dev-appid',
      secret: secret ?? 'anxin-dev-secret',
      js_code: jsCode,
      grant_type: 'authorization_code',
    });
    return wechatFetch<Code2SessionResult & { errcode?: number }>('code2Session', `${apiBase}/sns/jscode2session?${q}`);
  }
}
