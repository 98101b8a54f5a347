import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, Authenticated } from '../common/auth/auth.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { IdParamDto } from '../common/http/params.dto';
import { InboxPageDto, InboxQueryDto, UnreadCountDto } from './inbox.dto';
import { InboxService } from './inbox.service';

@ApiTags('inbox')
@Controller('me/inbox')
export class InboxController {
  constructor(private readonly service: InboxService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: InboxPageDto })
  list(@Auth() auth: AuthContext, @Query() q: InboxQueryDto): Promise<InboxPageDto> {
    return this.service.list(auth, q);
  }

  @Get('unread-count')
  @Authenticated()
  @ApiOkResponse({ type: UnreadCountDto })
  unreadCount(@Auth() auth: AuthContext): Promise<UnreadCountDto> {
    return this.service.unreadCount(auth);
  }

  @Post('read-all')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  readAll(@Auth() auth: AuthContext): Promise<void> {
    return this.service.markAllRead(auth);
  }

  @Post(':id/read')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  read(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<void> {
    return this.service.markRead(auth, id);
  }
}
