import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { InviteCodeService } from './invite-code.service';
import { CodeParamDto, InviteCodeDto, InviteLookupDto } from './tenancy.dto';

@ApiTags('invite-codes')
@Controller()
export class InviteCodeController {
  constructor(private readonly service: InviteCodeService) {}

  @Post('classes/:id/invite-codes')
  @Authenticated({ permission: Permission.INVITE_MANAGE })
  @ApiCreatedResponse({ type: InviteCodeDto })
  create(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<InviteCodeDto> {
    return this.service.create(auth, id);
  }

  @Get('classes/:id/invite-codes')
  @Authenticated({ permission: Permission.INVITE_MANAGE })
  @ApiOkResponse({ type: [InviteCodeDto] })
  list(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<InviteCodeDto[]> {
    return this.service.list(auth, id);
  }

  @Post('invite-codes/:id/revoke')
  @HttpCode(200)
  @Authenticated({ permission: Permission.INVITE_MANAGE })
  @ApiOkResponse({ type: InviteCodeDto })
  revoke(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<InviteCodeDto> {
    return this.service.revoke(auth, id);
  }

  /** Any logged-in user who has the code (guardians); wrong codes are rate-limited per user. */
  @Get('invite-codes/:code/lookup')
  @Authenticated()
  @ApiOkResponse({ type: InviteLookupDto })
  lookup(@Auth() auth: AuthContext, @Param() { code }: CodeParamDto): Promise<InviteLookupDto> {
    return this.service.lookup(auth, code);
  }
}
