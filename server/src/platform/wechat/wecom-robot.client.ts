import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { truncateBytes } from './template-values';
import { wechatFetch } from './wechat-http';

export type RobotMessage = { msgtype: 'text'; content: string; mentionAll?: boolean } | { msgtype: 'markdown'; content: string };

/** WeCom group robot `webhook/send`: text ≤2048 bytes, markdown ≤4096 bytes (shortened safely). */
@Injectable()
export class WecomRobotClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(robotKey: string, message: RobotMessage, idempotencyKey?: string): Promise<void> {
    const body = message.msgtype === 'text'
      ? { msgtype: 'text', text: { content: truncateBytes(message.content, 2048), ...(message.mentionAll ? { mentioned_list: ['@all'] } : {}) } }
      : { msgtype: 'markdown', markdown: { content: truncateBytes(message.content, 4096) } };
    await wechatFetch('webhook/send', `${this.config.wechat.wecomApiBase}/cgi-bin/webhook/send?key=${encodeURIComponent(robotKey)}`, {
      method: 'POST',
      body,
      headers: idempotencyKey ? { 'x-idempotency-key': idempotencyKey } : undefined,
      timeoutMs: this.config.wechat.timeoutMs,
    });
  }
}
