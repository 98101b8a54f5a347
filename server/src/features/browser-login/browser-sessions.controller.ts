import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { BrowserSessionDto } from './browser-sessions.dto';
import { BrowserSessionsService } from './browser-sessions.service';

@ApiTags('auth')
@Controller()
export class BrowserSessionsController {
  constructor(private readonly service: BrowserSessionsService) {}

  @Get('me/browser-sessions')
  @Authenticated()
  @ApiOkResponse({ type: [BrowserSessionDto], description: "the caller's browsers signed in by scanning a code, still alive" })
  list(@Auth() auth: AuthContext): Promise<BrowserSessionDto[]> {
    return this.service.list(auth);
  }

  @Delete('me/browser-sessions/:id')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  end(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<void> {
    return this.service.end(auth, id);
  }
}
