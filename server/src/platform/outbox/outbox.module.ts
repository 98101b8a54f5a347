import { Global, Module } from '@nestjs/common';
import { DeliveryAlertRaiser } from './delivery-alert-raiser';
import { DeliveryAlertsController, DeliveryTestController } from './delivery-alerts.controller';
import { DeliveryAlertsService } from './delivery-alerts.service';
import { OutboxDispatcher } from './outbox-dispatcher';
import { OutboxService } from './outbox.service';

/**
 * The transactional outbox: OutboxService.enqueue (global: every feature module enqueues inside its own
 * transaction), the dispatcher the worker drives, and the school admin's delivery alerts (raised, messaged, resolved).
 */
@Global()
@Module({
  controllers: [DeliveryAlertsController, DeliveryTestController],
  providers: [OutboxService, OutboxDispatcher, DeliveryAlertsService, DeliveryAlertRaiser],
  exports: [OutboxService, OutboxDispatcher],
})
export class OutboxModule {}
