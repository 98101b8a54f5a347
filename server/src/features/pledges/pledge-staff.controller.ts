import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { PledgePublishingService } from './pledge-publishing.service';
import { PledgeReportsService } from './pledge-reports.service';
import {
  NewPledgeVersionDto, OpenPledgeDto, PledgeClassParamDto, PledgeCompletionDto, PledgeListDto, PledgeMissingDto, PledgeRemindDto,
  PledgeStaffDetailDto, PledgeTemplateDto,
} from './pledges.dto';

/** Staff: the default text, opening a school year's pledge, new versions, completion, missing lists and reminders. */
@ApiTags('pledges (staff)')
@Controller()
export class PledgeStaffController {
  constructor(private readonly publishing: PledgePublishingService, private readonly reports: PledgeReportsService) {}

  @Get('pledge-templates/default')
  @Authenticated({ permission: Permission.PLEDGE_MANAGE })
  @ApiOkResponse({ type: PledgeTemplateDto, description: 'the default text a school starts from' })
  template(): PledgeTemplateDto {
    return this.publishing.template();
  }

  @Get('schools/:id/pledges')
  @Authenticated({ permission: Permission.PLEDGE_READ })
  @ApiOkResponse({ type: PledgeListDto, description: 'a teacher: the pledges reaching their classes, counted over those' })
  list(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<PledgeListDto> {
    return this.publishing.list(auth, id);
  }

  @Post('schools/:id/pledges')
  @Authenticated({ permission: Permission.PLEDGE_MANAGE })
  @ApiCreatedResponse({ type: PledgeStaffDetailDto, description: 'version 1 published; guardians are messaged in the background' })
  @ApiResponse({ status: 409, description: 'PLEDGE_EXISTS: one pledge per school year' })
  @ApiResponse({ status: 422, description: 'PLEDGE_TIME_INVALID, PLEDGE_AUDIENCE_INVALID' })
  open(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: OpenPledgeDto): Promise<PledgeStaffDetailDto> {
    return this.publishing.open(auth, id, dto);
  }

  @Get('pledges/:id')
  @Authenticated({ permission: Permission.PLEDGE_READ })
  @ApiOkResponse({ type: PledgeStaffDetailDto })
  detail(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<PledgeStaffDetailDto> {
    return this.publishing.detail(auth, id);
  }

  @Post('pledges/:id/versions')
  @Authenticated({ permission: Permission.PLEDGE_MANAGE })
  @ApiCreatedResponse({ type: PledgeStaffDetailDto, description: 'earlier signatures become superseded; their guardians are asked to sign again' })
  @ApiResponse({ status: 422, description: 'PLEDGE_TEXT_UNCHANGED' })
  newVersion(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: NewPledgeVersionDto): Promise<PledgeStaffDetailDto> {
    return this.publishing.newVersion(auth, id, dto);
  }

  @Get('pledges/:id/completion')
  @Authenticated({ permission: Permission.PLEDGE_READ })
  @ApiOkResponse({ type: PledgeCompletionDto, description: 'per class the caller may see, per grade, and the totals' })
  completion(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<PledgeCompletionDto> {
    return this.reports.completion(auth, id);
  }

  @Get('pledges/:id/classes/:classId/missing')
  @Authenticated({ permission: Permission.PLEDGE_READ })
  @ApiOkResponse({ type: PledgeMissingDto, description: 'each child not done: guardians (relation), what is missing, the reminder times' })
  missing(@Auth() auth: AuthContext, @Param() p: PledgeClassParamDto): Promise<PledgeMissingDto> {
    return this.reports.missing(auth, p.id, p.classId);
  }

  @Post('pledges/:id/classes/:classId/remind')
  @HttpCode(200)
  @Authenticated({ permission: Permission.PLEDGE_REMIND })
  @ApiOkResponse({ type: PledgeRemindDto })
  @ApiResponse({ status: 429, description: 'PLEDGE_REMIND_TOO_SOON: the class was reminded less than 24 hours ago (details.nextRemindAt)' })
  remind(@Auth() auth: AuthContext, @Param() p: PledgeClassParamDto): Promise<PledgeRemindDto> {
    return this.reports.remind(auth, p.id, p.classId);
  }
}
