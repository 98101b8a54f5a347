import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { StaffService } from './staff.service';
import { CreateStaffInviteDto, RedeemStaffInviteDto, StaffInviteDto, StaffRoleDto, StaffRoleParamDto } from './tenancy.dto';

@ApiTags('staff')
@Controller()
export class StaffController {
  constructor(private readonly service: StaffService) {}

  @Get('schools/:id/staff')
  @Authenticated({ permission: Permission.STAFF_MANAGE })
  @ApiOkResponse({ type: [StaffRoleDto] })
  list(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<StaffRoleDto[]> {
    return this.service.list(auth, id);
  }

  @Post('schools/:id/staff-invites')
  @Authenticated({ permission: Permission.STAFF_MANAGE })
  @ApiCreatedResponse({ type: StaffInviteDto })
  invite(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: CreateStaffInviteDto): Promise<StaffInviteDto> {
    return this.service.createInvite(auth, id, dto);
  }

  /** A district officer appoints the principal of a school in their district (schools never grant that role themselves). */
  @Post('schools/:id/principal-invites')
  @Authenticated({ permission: Permission.DISTRICT_MANAGE })
  @ApiCreatedResponse({ type: StaffInviteDto })
  invitePrincipal(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<StaffInviteDto> {
    return this.service.createPrincipalInvite(auth, id);
  }

  /** Any logged-in user: the code itself is the authorisation (one-time, expiring, issued by STAFF_MANAGE). */
  @Post('staff-invites/redeem')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: StaffRoleDto })
  redeem(@Auth() auth: AuthContext, @Body() dto: RedeemStaffInviteDto): Promise<StaffRoleDto> {
    return this.service.redeemInvite(auth, dto.code);
  }

  @Delete('schools/:id/staff/:roleId')
  @HttpCode(204)
  @Authenticated({ permission: Permission.STAFF_MANAGE })
  @ApiNoContentResponse()
  revoke(@Auth() auth: AuthContext, @Param() { id, roleId }: StaffRoleParamDto): Promise<void> {
    return this.service.revoke(auth, id, roleId);
  }
}
