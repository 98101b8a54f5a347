import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import type { SubscriptionReportItem } from '@anxin/shared';
import { LOGGER } from '../common/logging/logger';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { SubscriptionCredits } from './subscription-credits.service';

/**
 * Demo only (ANXIN_DEMO_WECHAT_CONSENT, which `npm start` sets and production refuses). In WeChat the consent dialog
 * is WeChat's own, so WeChat knows what the user allowed; the h5 demo shows a stand-in sheet instead, and the fake
 * WeChat server (which, like WeChat, refuses a subscribe message without consent) would never hear of it. So a
 * demo user's answers are told to the fake at WECHAT_API_BASE (`POST /__fake/subscribe`) before the server records
 * them, as WeChat records the tap before the app learns of it. Nothing is relayed for other users.
 */
@Injectable()
export class DemoWechatConsent {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly credits: SubscriptionCredits,
  ) {}

  async relay(user: { openid: string; isDemo: boolean }, results: SubscriptionReportItem[]): Promise<void> {
    if (!this.config.demoWechatConsent || !user.isDemo) return;
    for (const r of results) {
      if (r.result !== 'accept' && r.result !== 'reject') continue;
      const mode = this.credits.modeOfTemplate(r.templateId) ?? 'one_time';
      try {
        const res = await fetch(`${this.config.wechat.apiBase}/__fake/subscribe`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ openid: user.openid, templateId: r.templateId, mode, result: r.result }),
          signal: AbortSignal.timeout(this.config.wechat.timeoutMs),
        });
        if (!res.ok) this.log.warn({ status: res.status }, 'demo consent not relayed to the fake WeChat server');
      } catch (e) {
        this.log.warn({ err: e }, 'demo consent not relayed to the fake WeChat server');
      }
    }
  }
}
