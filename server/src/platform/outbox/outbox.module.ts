import { Module } from '@nestjs/common';
import { SubscriptionCreditsModule } from '../subscriptions/subscription-credits.module';
import { ContactReachAlerts } from './contact-reach-alerts';
import { DeliveryAlertRaiser } from './delivery-alert-raiser';
import { DeliveryAlertsController, DeliveryStatsController, DeliveryTestController } from './delivery-alerts.controller';
import { DeliveryAlertsService } from './delivery-alerts.service';
import { DeliveryStatsService } from './delivery-stats.service';
import { LateAlerts } from './late-alerts';
import { OutboxClaimer } from './outbox-claim';
import { OutboxDispatcher } from './outbox-dispatcher';
import { OutboxOutcomes } from './outbox-outcomes';
import { OutboxSender } from './outbox-send';
import { OutboxService } from './outbox.service';
import { OutboxSentHooks } from './outbox-sent-hooks';
import { WechatModule } from '../wechat/wechat.module';
import { TelephonyModule } from '../telephony/telephony.module';

/**
 * The transactional outbox: OutboxService.enqueue (global: every feature module enqueues inside its own
 * transaction), the dispatcher the worker drives (claim, send, outcomes), the school admin's delivery alerts (raised,
 * messaged, resolved; late messages; an unreachable designated contact) and the delivery counts.
 */
@Module({
  imports: [SubscriptionCreditsModule, WechatModule, TelephonyModule],
  controllers: [DeliveryAlertsController, DeliveryTestController, DeliveryStatsController],
  providers: [
    OutboxService, OutboxDispatcher, OutboxClaimer, OutboxSender, OutboxOutcomes, LateAlerts, ContactReachAlerts,
    DeliveryAlertsService, DeliveryAlertRaiser, DeliveryStatsService, OutboxSentHooks,
  ],
  exports: [OutboxService, OutboxDispatcher, DeliveryAlertRaiser, LateAlerts, ContactReachAlerts, OutboxSentHooks],
})
export class OutboxModule {}
