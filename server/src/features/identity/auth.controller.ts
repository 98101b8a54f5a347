import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, Authenticated, Public } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { SessionDto, WechatLoginDto } from './auth.dto';
import { AuthService } from './auth.service';
import { ConsentDto, ConsentRecordDto, MeDto } from './me.dto';
import { MeService } from './me.service';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService, private readonly meService: MeService) {}

  @Post('auth/wechat')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: SessionDto })
  wechat(@Body() dto: WechatLoginDto): Promise<SessionDto> {
    return this.auth.wechatLogin(dto.code);
  }

  // The demo login (POST auth/dev) is DevLoginController, registered only when enabled.

  @Post('auth/logout')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  logout(@Auth() auth: AuthContext): Promise<void> {
    return this.auth.logout(auth);
  }

  @Get('me')
  @Authenticated()
  @ApiOkResponse({ type: MeDto })
  me(@Auth() auth: AuthContext): Promise<MeDto> {
    return this.meService.me(auth);
  }

  @Post('me/consents')
  @Authenticated()
  @ApiCreatedResponse({ type: ConsentRecordDto })
  consent(@Auth() auth: AuthContext, @Body() dto: ConsentDto): Promise<ConsentRecordDto> {
    return this.meService.recordConsent(auth, dto);
  }
}
