import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { DistrictDashboardService } from './district-dashboard.service';
import { FlagAcksService } from './flag-acks.service';
import {
  AckSupervisionFlagDto, DistrictDashboardDto, FlagParamDto, SchoolDashboardDto, SemesterQueryDto, SupervisionFlagDto,
} from './oversight.dto';
import { SchoolDashboardService } from './school-dashboard.service';

/** The school and district dashboards, and acknowledging a supervision flag. */
@ApiTags('oversight')
@Controller()
export class DashboardsController {
  constructor(
    private readonly schools: SchoolDashboardService,
    private readonly districts: DistrictDashboardService,
    private readonly acks: FlagAcksService,
  ) {}

  @Get('schools/:id/dashboard')
  @Authenticated({ permission: Permission.SCHOOL_DASHBOARD })
  @ApiOkResponse({ type: SchoolDashboardDto })
  school(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Query() q: SemesterQueryDto): Promise<SchoolDashboardDto> {
    return this.schools.get(auth, id, q.semester) as Promise<SchoolDashboardDto>;
  }

  /** Sent as the JSON text the dashboard was kept as (dashboard-snapshots.ts): no parsing and serialising it again. */
  @Get('districts/:id/dashboard')
  @Authenticated({ permission: Permission.DISTRICT_READ })
  @ApiOkResponse({ type: DistrictDashboardDto })
  async district(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Query() q: SemesterQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const json = await this.districts.getJson(auth, id, q.semester);
    void reply.header('content-type', 'application/json; charset=utf-8');
    return json;
  }

  @Post('districts/:id/flags/:flagKey/ack')
  @HttpCode(200)
  @Authenticated({ permission: Permission.DISTRICT_MANAGE })
  @ApiOkResponse({ type: SupervisionFlagDto })
  ack(@Auth() auth: AuthContext, @Param() p: FlagParamDto, @Body() dto: AckSupervisionFlagDto): Promise<SupervisionFlagDto> {
    return this.acks.ack(auth, p.id, p.flagKey, dto.note) as Promise<SupervisionFlagDto>;
  }
}
