import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import {
  CreateShareDto, NameShareGroupDto, SchoolGroupParamDto, ShareDto, ShareGroupDto, ShareOpenDto, ShareOpenResultDto, ShareStatsDto,
} from './shares.dto';
import { SharesService } from './shares.service';

@ApiTags('shares')
@Controller()
export class SharesController {
  constructor(private readonly service: SharesService) {}

  @Post('shares')
  @Authenticated()
  @ApiCreatedResponse({ type: ShareDto, description: 'The subject\'s share id (the same for every caller); staff of the subject or a guardian bound at the school' })
  create(@Auth() auth: AuthContext, @Body() dto: CreateShareDto): Promise<ShareDto> {
    return this.service.create(auth, dto);
  }

  @Post('shares/:id/opens')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: ShareOpenResultDto })
  @ApiResponse({ status: 400, description: 'SHARE_INFO_INVALID / SHARE_INFO_WRONG_APP / SHARE_INFO_EXPIRED: group data that does not check out' })
  open(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: ShareOpenDto): Promise<ShareOpenResultDto> {
    return this.service.open(auth, id, dto);
  }

  @Get('shares/:id/stats')
  @Authenticated({ permission: Permission.SCHOOL_READ })
  @ApiOkResponse({ type: ShareStatsDto })
  stats(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<ShareStatsDto> {
    return this.service.stats(auth, id);
  }

  @Put('schools/:id/groups/:groupId')
  @Authenticated({ permission: Permission.INVITE_MANAGE })
  @ApiOkResponse({ type: ShareGroupDto })
  nameGroup(@Auth() auth: AuthContext, @Param() { id, groupId }: SchoolGroupParamDto, @Body() dto: NameShareGroupDto): Promise<ShareGroupDto> {
    return this.service.nameGroup(auth, id, groupId, dto);
  }
}
