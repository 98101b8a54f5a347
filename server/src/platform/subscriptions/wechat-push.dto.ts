import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { Omittable } from '../common/http/omittable';

/** The query WeChat puts on a message push (URL check: + echostr; safe mode: + encrypt_type, msg_signature). */
export class WechatPushQueryDto {
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 64) signature?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 16) timestamp?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 64) nonce?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 128) echostr?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 64) openid?: string;
  @ApiPropertyOptional({ enum: ['aes'] }) @Omittable() @IsIn(['aes']) encrypt_type?: 'aes';
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 64) msg_signature?: string;
}
