import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../platform/common/auth/auth.decorators';
import { DevLoginDto, SessionDto } from './auth.dto';
import { AuthService } from './auth.service';
import { IdentityModule } from './identity.module';

/**
 * The demo login. Registered only when the dev login is enabled (not production, no WeChat app id; see
 * AppModule): otherwise the route does not exist at all, so it answers exactly like any unknown path (same
 * status, headers and body; no validation error that would betray it).
 */
@ApiTags('auth')
@Controller()
export class DevLoginController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/dev')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: SessionDto })
  dev(@Body() dto: DevLoginDto): Promise<SessionDto> {
    return this.auth.devLogin(dto.role, dto.school);
  }
}

@Module({ imports: [IdentityModule], controllers: [DevLoginController] })
export class DevLoginModule {}
