import { Body, Controller, Get, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { CreateSemesterReportDto, SemesterReportDto, SemesterReportListDto } from './reports.dto';
import { SemesterReportsService } from './semester-reports.service';
import { attachmentDisposition } from '../../platform/common/http/attachment-name';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BINARY = { schema: { type: 'string', format: 'binary' } } as const;


/** Semester reports of a school or a district: asked for, listed, and their two files once the worker made them. */
@ApiTags('reports')
@Controller()
export class ReportsController {
  constructor(private readonly reports: SemesterReportsService) {}

  @Post('schools/:id/reports')
  @HttpCode(202)
  @Authenticated({ permission: Permission.SCHOOL_DASHBOARD })
  @ApiAcceptedResponse({ type: SemesterReportDto, description: 'queued; the worker makes it' })
  requestSchool(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: CreateSemesterReportDto): Promise<SemesterReportDto> {
    return this.reports.request(auth, 'school', id, dto.semester);
  }

  @Get('schools/:id/reports')
  @Authenticated({ permission: Permission.SCHOOL_DASHBOARD })
  @ApiOkResponse({ type: SemesterReportListDto })
  listSchool(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<SemesterReportListDto> {
    return this.reports.list(auth, 'school', id);
  }

  @Post('districts/:id/reports')
  @HttpCode(202)
  @Authenticated({ permission: Permission.DISTRICT_READ })
  @ApiAcceptedResponse({ type: SemesterReportDto, description: 'queued; the worker makes it' })
  requestDistrict(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: CreateSemesterReportDto): Promise<SemesterReportDto> {
    return this.reports.request(auth, 'district', id, dto.semester);
  }

  @Get('districts/:id/reports')
  @Authenticated({ permission: Permission.DISTRICT_READ })
  @ApiOkResponse({ type: SemesterReportListDto })
  listDistrict(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<SemesterReportListDto> {
    return this.reports.list(auth, 'district', id);
  }

  /** Who may: those who may see the report's dashboard (checked on the report's school or district). */
  @Get('reports/:id/report.xlsx')
  @Authenticated()
  @ApiProduces(XLSX)
  @ApiOkResponse({ ...BINARY, description: "the semester's figures as one sheet (409 while not ready, 404 after expiry)" })
  async xlsx(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<StreamableFile> {
    const { data, fileName } = await this.reports.file(auth, id, 'xlsx');
    return new StreamableFile(data, { type: XLSX, disposition: attachmentDisposition('semester-report.xlsx', fileName) });
  }

  @Get('reports/:id/report.pdf')
  @Authenticated()
  @ApiProduces('application/pdf')
  @ApiOkResponse({ ...BINARY, description: 'the summary with its charts (409 while not ready, 404 after expiry)' })
  async pdf(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<StreamableFile> {
    const { data, fileName } = await this.reports.file(auth, id, 'pdf');
    return new StreamableFile(data, { type: 'application/pdf', disposition: attachmentDisposition('semester-report.pdf', fileName) });
  }
}
