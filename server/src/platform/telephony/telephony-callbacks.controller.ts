import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Public } from '../common/auth/auth.decorators';
import { TelephonyCallbacks } from './telephony-callbacks.service';

export class TelephonyCallbackParamDto {
  @ApiProperty({ description: 'TELEPHONY_CALLBACK_TOKEN' }) @IsString() @Length(1, 200) token!: string;
}

export class TelephonyCallbackAckDto {
  @ApiProperty({ example: 0 }) result!: number;
  @ApiProperty({ example: 'OK' }) errmsg!: string;
}

/**
 * Tencent Cloud calls these (SMS 状态回调, 语音消息 呼叫状态 / 按键回调): authenticated by the secret token in the path
 * and by naming an SMS or call we made, not by a session.
 */
@ApiTags('telephony')
@Controller('telephony/callbacks')
export class TelephonyCallbacksController {
  constructor(private readonly callbacks: TelephonyCallbacks) {}

  @Post('sms/:token')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: TelephonyCallbackAckDto })
  sms(@Param() { token }: TelephonyCallbackParamDto, @Body() body: unknown): Promise<TelephonyCallbackAckDto> {
    return this.callbacks.receive('sms', token, body);
  }

  @Post('voice/:token')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: TelephonyCallbackAckDto })
  voice(@Param() { token }: TelephonyCallbackParamDto, @Body() body: unknown): Promise<TelephonyCallbackAckDto> {
    return this.callbacks.receive('voice', token, body);
  }
}
