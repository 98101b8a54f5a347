import { Module } from '@nestjs/common';
import { AccessTokenService } from './access-token.service';
import { WechatClient } from './wechat.client';
import { WecomRobotClient } from './wecom-robot.client';
import { WxaCodeClient } from './wxacode.client';

/**
 * WeChat and WeCom server APIs: the shared access token, subscribe messages, msg_sec_check,
 * and WeCom group robots. Base URLs come from WECHAT_API_BASE / WECOM_API_BASE (the fake server in tests
 * and in the demo). `Code2SessionClient` (login) lives beside them and is provided by IdentityModule.
 */
@Module({
  providers: [AccessTokenService, WechatClient, WecomRobotClient, WxaCodeClient],
  exports: [AccessTokenService, WechatClient, WecomRobotClient, WxaCodeClient],
})
export class WechatModule {}
