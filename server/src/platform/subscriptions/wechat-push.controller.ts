import { Body, Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/auth.decorators';
import { WechatPushQueryDto } from './wechat-push.dto';
import { WechatPushService } from './wechat-push.service';

/** WeChat's server calls this (消息推送): authenticated by the Token signature, not by a session. */
@ApiTags('subscriptions')
@Controller('wechat/push')
export class WechatPushController {
  constructor(private readonly service: WechatPushService) {}

  @Get()
  @Public()
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOkResponse({ type: String, description: 'the echostr, when the signature matches' })
  verify(@Query() q: WechatPushQueryDto): string {
    return this.service.verifyUrl(q);
  }

  @Post()
  @HttpCode(200)
  @Public()
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOkResponse({ type: String, description: '"success"' })
  receive(@Query() q: WechatPushQueryDto, @Body() body: unknown): Promise<string> {
    return this.service.receive(q, body);
  }
}
