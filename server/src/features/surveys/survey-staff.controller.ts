import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { SurveyPublishingService } from './survey-publishing.service';
import { SurveyReportsService } from './survey-reports.service';
import { OpenSurveyDto, SurveyClassParamDto, SurveyCodesDto, SurveyDetailDto, SurveyListDto, SurveyReportDto } from './surveys.dto';

/** Staff: opening and closing a survey, the codes of a class, response rates and the report. */
@ApiTags('surveys (staff)')
@Controller()
export class SurveyStaffController {
  constructor(private readonly publishing: SurveyPublishingService, private readonly reports: SurveyReportsService) {}

  @Get('schools/:id/surveys')
  @Authenticated({ permission: Permission.SURVEY_READ })
  @ApiOkResponse({ type: SurveyListDto, description: 'a teacher: the surveys reaching their classes' })
  list(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<SurveyListDto> {
    return this.publishing.list(auth, id);
  }

  @Post('schools/:id/surveys')
  @Authenticated({ permission: Permission.SURVEY_MANAGE })
  @ApiCreatedResponse({ type: SurveyDetailDto, description: 'the survey with one-time codes for each class (students + spares)' })
  @ApiResponse({ status: 422, description: 'SURVEY_INVALID: the window, a class of another school, or a question of the school\'s own' })
  open(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: OpenSurveyDto): Promise<SurveyDetailDto> {
    return this.publishing.open(auth, id, dto);
  }

  @Get('surveys/:id')
  @Authenticated({ permission: Permission.SURVEY_READ })
  @ApiOkResponse({ type: SurveyDetailDto, description: 'response rates of the classes the caller may see' })
  detail(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<SurveyDetailDto> {
    return this.publishing.detail(auth, id);
  }

  @Post('surveys/:id/close')
  @HttpCode(200)
  @Authenticated({ permission: Permission.SURVEY_MANAGE })
  @ApiOkResponse({ type: SurveyDetailDto })
  @ApiResponse({ status: 409, description: 'SURVEY_NOT_OPEN: already closed' })
  close(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<SurveyDetailDto> {
    return this.publishing.close(auth, id);
  }

  @Get('surveys/:id/classes/:classId/codes')
  @Authenticated({ permission: Permission.SURVEY_MANAGE })
  @ApiOkResponse({ type: SurveyCodesDto, description: 'the class\'s one-time codes, to print as slips (audited)' })
  codes(@Auth() auth: AuthContext, @Param() p: SurveyClassParamDto): Promise<SurveyCodesDto> {
    return this.publishing.codes(auth, p.id, p.classId);
  }

  @Get('surveys/:id/report')
  @Authenticated({ permission: Permission.SURVEY_REPORT })
  @ApiOkResponse({ type: SurveyReportDto, description: 'cells of fewer than five answers are \'<5\' or null; audited' })
  report(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<SurveyReportDto> {
    return this.reports.report(auth, id);
  }
}
