import { Module } from '@nestjs/common';
import { SubscriptionCredits } from './subscription-credits.service';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsService } from './subscriptions.service';
import { WechatPushController } from './wechat-push.controller';
import { WechatPushService } from './wechat-push.service';

/**
 * Subscription consent: the template catalogue served to the app, the credits per user and template (reserved by
 * the outbox before a WeChat send), the app's reports, WeChat's message push, and each school's reach.
 */
@Module({
  controllers: [SubscriptionsController, WechatPushController],
  providers: [SubscriptionCredits, SubscriptionsService, WechatPushService],
  exports: [SubscriptionCredits],
})
export class SubscriptionsModule {}
