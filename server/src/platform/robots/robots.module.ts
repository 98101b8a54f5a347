import { Global, Module } from '@nestjs/common';
import { RobotPosts } from './robot-posts';
import { RobotRateLimiter } from './robot-rate-limiter';
import { RobotSender } from './robot-sender';
import { RobotsController } from './robots.controller';
import { RobotsService } from './robots.service';
import { AuditModule } from '../audit/audit.module';
import { CryptoModule } from '../crypto/crypto.module';
import { OutboxModule } from '../outbox/outbox.module';
import { WechatModule } from '../wechat/wechat.module';

/**
 * WeCom group robots (企业微信群机器人): the schools' registrations (`wecom_robots`, key encrypted), the delivery path
 * features post through (`RobotPosts`), the sender the outbox dispatcher calls for channel `wecom_robot`
 * (`RobotSender`) and the per-robot rate limit held in the database (`RobotRateLimiter`). Global so the outbox's
 * sender reaches `RobotSender` although this module imports OutboxModule (the outbox importing it back would be a
 * module cycle); a feature that posts imports it all the same.
 */
@Global()
@Module({
  imports: [AuditModule, CryptoModule, OutboxModule, WechatModule],
  controllers: [RobotsController],
  providers: [RobotsService, RobotPosts, RobotSender, RobotRateLimiter],
  exports: [RobotPosts, RobotSender],
})
export class RobotsModule {}
