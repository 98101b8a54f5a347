import { Module } from '@nestjs/common';
import { CryptoModule } from '../crypto/crypto.module';
import { TelephonyCallbacksController } from './telephony-callbacks.controller';
import { TelephonyCallbacks } from './telephony-callbacks.service';
import { TelephonyEvents } from './telephony-events';
import { TelephonySender } from './telephony-sender';
import { TencentCloudClient } from './tencent-cloud.client';

/**
 * SMS and voice calls through Tencent Cloud (SendSms, SendTtsVoice), signed with TC3-HMAC-SHA256: the sender the
 * outbox uses for its `sms` and `voice` channels, the provider's callbacks, and the events a feature listens to.
 */
@Module({
  imports: [CryptoModule],
  controllers: [TelephonyCallbacksController],
  providers: [TencentCloudClient, TelephonySender, TelephonyEvents, TelephonyCallbacks],
  exports: [TencentCloudClient, TelephonySender, TelephonyEvents],
})
export class TelephonyModule {}
