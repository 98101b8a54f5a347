import { Body, Controller, Get, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { attachmentDisposition } from '../../platform/common/http/attachment-name';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { SurveyFindingsService } from './survey-findings.service';
import { SurveyPublishingService } from './survey-publishing.service';
import { SurveyReportsService } from './survey-reports.service';
import {
  OpenSurveyDto, SurveyClassParamDto, SurveyCodesDto, SurveyDetailDto, SurveyFindingDto, SurveyFindingRequestDto, SurveyListDto, SurveyReportDto,
} from './surveys.dto';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BINARY = { schema: { type: 'string', format: 'binary' } } as const;

/** Staff: opening and closing a survey, the codes of a class, response rates and the report. */
@ApiTags('surveys (staff)')
@Controller()
export class SurveyStaffController {
  constructor(
    private readonly publishing: SurveyPublishingService,
    private readonly reports: SurveyReportsService,
    private readonly findings: SurveyFindingsService,
  ) {}

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

  @Post('surveys/:id/findings')
  @Authenticated({ permission: Permission.SURVEY_MANAGE })
  @ApiCreatedResponse({ type: SurveyFindingDto, description: 'a finding with its measures and due day, and its figure in this survey (audited)' })
  @ApiResponse({ status: 422, description: 'SURVEY_INVALID: a grade the survey does not reach, a date that is no day, too many findings' })
  markFinding(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: SurveyFindingRequestDto): Promise<SurveyFindingDto> {
    return this.findings.mark(auth, id, dto);
  }

  @Get('surveys/:id/report.xlsx')
  @Authenticated({ permission: Permission.SURVEY_REPORT })
  @ApiProduces(XLSX)
  @ApiOkResponse({ ...BINARY, description: 'the report\'s aggregated tables (no free text); audited' })
  async xlsx(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<StreamableFile> {
    const { data, fileName } = await this.reports.export(auth, id, 'xlsx');
    return new StreamableFile(data, { type: XLSX, disposition: attachmentDisposition('survey-report.xlsx', fileName) });
  }

  @Get('surveys/:id/report.pdf')
  @Authenticated({ permission: Permission.SURVEY_REPORT })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ ...BINARY, description: 'a summary for the school meeting (no free text); audited' })
  async pdf(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<StreamableFile> {
    const { data, fileName } = await this.reports.export(auth, id, 'pdf');
    return new StreamableFile(data, { type: 'application/pdf', disposition: attachmentDisposition('survey-report.pdf', fileName) });
  }
}
