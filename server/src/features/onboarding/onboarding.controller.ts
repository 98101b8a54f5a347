import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { DistrictConsoleDto, OnboardingInviteDto, RedeemInviteDto, RedeemInviteResultDto, SchoolSetupDto } from './onboarding.dto';
import { OnboardingService } from './onboarding.service';
import { SetupService } from './setup.service';

/** Onboarding: redeeming invites, a school's first administrator, the set-up checklist and the district console. */
@ApiTags('onboarding')
@Controller()
export class OnboardingController {
  constructor(private readonly onboarding: OnboardingService, private readonly setup: SetupService) {}

  /** Any logged-in user: the one-time code is the authorisation (an onboarding invite or a staff invite). */
  @Post('onboarding/redeem')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: RedeemInviteResultDto })
  redeem(@Auth() auth: AuthContext, @Body() dto: RedeemInviteDto): Promise<RedeemInviteResultDto> {
    return this.onboarding.redeem(auth, dto);
  }

  /** A district officer invites the first administrator of a school in their district. */
  @Post('schools/:id/admin-invites')
  @Authenticated({ permission: Permission.DISTRICT_MANAGE })
  @ApiCreatedResponse({ type: OnboardingInviteDto })
  inviteAdmin(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<OnboardingInviteDto> {
    return this.onboarding.createAdminInvite(auth, id);
  }

  @Get('schools/:id/setup')
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiOkResponse({ type: SchoolSetupDto })
  schoolSetup(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<SchoolSetupDto> {
    return this.setup.school(auth, id);
  }

  @Get('districts/:id/setup')
  @Authenticated({ permission: Permission.DISTRICT_READ })
  @ApiOkResponse({ type: DistrictConsoleDto })
  districtSetup(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<DistrictConsoleDto> {
    return this.setup.district(auth, id);
  }
}
