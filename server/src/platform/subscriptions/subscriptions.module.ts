import { Module } from '@nestjs/common';
import { DemoWechatConsent } from './demo-wechat-consent';
import { SubscriptionCreditsModule } from './subscription-credits.module';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsService } from './subscriptions.service';
import { WechatPushController } from './wechat-push.controller';
import { WechatPushService } from './wechat-push.service';
import { OutboxModule } from '../outbox/outbox.module';

/**
 * Subscription consent: the template catalogue served to the app, the credits per user and template (reserved by
 * the outbox before a WeChat send), the app's reports, WeChat's message push, and each school's reach.
 */
@Module({
  imports: [SubscriptionCreditsModule, OutboxModule],
  controllers: [SubscriptionsController, WechatPushController],
  providers: [SubscriptionsService, WechatPushService, DemoWechatConsent],
})
export class SubscriptionsModule {}
