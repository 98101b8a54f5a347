import { Body, Controller, Get, Headers, Put } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, Public } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { FOLLOWUP_HEADER } from './tip-reporter.service';
import { ReplyAlertDto, ReplyAlertStateDto } from './tip-reply-alert.dto';
import { TipReplyAlertService } from './tip-reply-alert.service';

/** 学校回复时提醒我: the reporter, with the follow-up token from the receipt, turns the WeChat alert on or off. */
@ApiTags('tips (reporter)')
@Controller('tips/followup/reply-alert')
export class TipReplyAlertController {
  constructor(private readonly service: TipReplyAlertService) {}

  @Get()
  @Public()
  @ApiHeader({ name: 'X-Followup-Token', required: true, description: 'token from POST /tips/followup' })
  @ApiOkResponse({ type: ReplyAlertStateDto })
  state(@Headers(FOLLOWUP_HEADER) token: string | undefined): Promise<ReplyAlertStateDto> {
    return this.service.state(token);
  }

  @Put()
  @Public({ optionalSession: true })
  @ApiHeader({ name: 'X-Followup-Token', required: true, description: 'token from POST /tips/followup' })
  @ApiOkResponse({ type: ReplyAlertStateDto })
  set(@Auth() auth: AuthContext | undefined, @Headers(FOLLOWUP_HEADER) token: string | undefined, @Body() dto: ReplyAlertDto): Promise<ReplyAlertStateDto> {
    return this.service.set(auth, token, dto.on);
  }
}
