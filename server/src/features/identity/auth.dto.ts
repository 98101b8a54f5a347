import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { Omittable } from '../../platform/common/http/omittable';
import { DemoRole, WECHAT_VALUE_LIMITS, type DevLoginRequest, type MeResponse, type SessionResponse, type WechatLoginRequest } from '@anxin/shared';
import { MeDto } from './me.dto';

/** The characters a wx.login code is made of. */
const LOGIN_CODE = /^[\w.-]+$/;

export class WechatLoginDto implements WechatLoginRequest {
  @ApiProperty({ description: 'code from wx.login (single use, valid 5 minutes)', minLength: 1, maxLength: WECHAT_VALUE_LIMITS.loginCodeMax, pattern: LOGIN_CODE.source })
  @IsString() @Length(1, WECHAT_VALUE_LIMITS.loginCodeMax) @Matches(LOGIN_CODE, { message: 'code 格式不正确' })
  code!: string;
}

export class DevLoginDto implements DevLoginRequest {
  @ApiProperty({ enum: Object.values(DemoRole) })
  @IsIn(Object.values(DemoRole), { message: '未知的演示角色' })
  role!: DemoRole;

  @ApiPropertyOptional({ enum: ['a', 'b'], description: "'b': the same role in the second demo school" })
  @Omittable() @IsIn(['a', 'b'])
  school?: 'a' | 'b';
}

export class SessionDto implements SessionResponse {
  @ApiProperty() token!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ type: MeDto }) user!: MeResponse;
}
