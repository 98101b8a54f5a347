import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { WECHAT_VALUE_LIMITS as W } from '@anxin/shared';
import { Omittable } from '../common/http/omittable';

/** The query WeChat puts on a message push (URL check: + echostr; safe mode: + encrypt_type, msg_signature). */
export class WechatPushQueryDto {
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, W.pushSignatureMax) signature?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, W.pushTimestampMax) timestamp?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, W.pushNonceMax) nonce?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, W.pushEchostrMax) echostr?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, W.openidMax) openid?: string;
  @ApiPropertyOptional({ enum: ['aes'] }) @Omittable() @IsIn(['aes']) encrypt_type?: 'aes';
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, W.pushSignatureMax) msg_signature?: string;
}
