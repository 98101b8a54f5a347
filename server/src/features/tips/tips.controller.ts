import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { TipCaseViewService } from './tip-case-view.service';
import { TipLedgerService } from './tip-ledger.service';
import { TipListService } from './tip-list.service';
import { TipStaffAttachmentsService } from './tip-staff-attachments.service';
import { TipWorkflowService } from './tip-workflow.service';
import {
  AckTipDto, DistrictTipOverviewDto, OnwardReportDto, ReopenTipDto, StaffMessageDto, TipAssigneeOptionDto, TipAttachmentParamDto, TipDetailDto, TipListDto,
  TipListQueryDto, TipOnwardReportDto, TipStaffMessageDto, TipStatsDto, UpdateTipDto,
} from './tips.dto';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Staff routes of the tip box: the inbox and counts (TipListService), a tip's page (TipCaseViewService), its photos
 * (TipStaffAttachmentsService), the case workflow (TipWorkflowService) and the ledger (TipLedgerService). Who may do
 * what with which tip: tip-access.policy.ts.
 */
@ApiTags('tips (staff)')
@Controller()
export class TipsController {
  constructor(
    private readonly lists: TipListService,
    private readonly caseView: TipCaseViewService,
    private readonly attachments: TipStaffAttachmentsService,
    private readonly workflow: TipWorkflowService,
    private readonly ledgers: TipLedgerService,
  ) {}

  @Get('schools/:id/tips')
  @Authenticated({ permission: Permission.TIP_READ })
  @ApiOkResponse({ type: TipListDto })
  list(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Query() q: TipListQueryDto): Promise<TipListDto> {
    return this.lists.list(auth, id, q);
  }

  @Get('schools/:id/tips/stats')
  @Authenticated({ permission: Permission.TIP_STATS })
  @ApiOkResponse({ type: TipStatsDto })
  stats(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<TipStatsDto> {
    return this.lists.stats(auth, id);
  }

  @Get('districts/:id/tips/overview')
  @Authenticated({ permission: Permission.DISTRICT_READ })
  @ApiOkResponse({ type: DistrictTipOverviewDto })
  districtOverview(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<DistrictTipOverviewDto> {
    return this.lists.districtOverview(auth, id);
  }

  @Get('schools/:id/tips.xlsx')
  @Authenticated({ permission: Permission.TIP_EXPORT })
  @ApiProduces(XLSX)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async ledger(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const file = await this.ledgers.xlsx(auth, id);
    void reply.header('content-type', XLSX).header('content-disposition', 'attachment; filename="tip-ledger.xlsx"').header('cache-control', 'no-store');
    return file;
  }

  @Get('tips/:id')
  @Authenticated({ permission: Permission.TIP_READ })
  @ApiOkResponse({ type: TipDetailDto })
  detail(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<TipDetailDto> {
    return this.caseView.detail(auth, id) as Promise<TipDetailDto>;
  }

  @Get('tips/:id/attachments/:attachmentId')
  @Authenticated({ permission: Permission.TIP_READ })
  @ApiProduces('image/jpeg')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' }, description: 'the staff copy: re-encoded JPEG without EXIF/GPS' })
  async attachment(@Auth() auth: AuthContext, @Param() p: TipAttachmentParamDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const data = await this.attachments.staffCopy(auth, p.id, p.attachmentId);
    void reply.header('content-type', 'image/jpeg').header('content-disposition', `inline; filename="${p.attachmentId}.jpg"`).header('cache-control', 'no-store');
    return data;
  }

  @Get('tips/:id/attachments/:attachmentId/original')
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiProduces('image/jpeg', 'image/png')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' }, description: 'the original as uploaded (evidence): designated contact and assignee only' })
  async evidence(@Auth() auth: AuthContext, @Param() p: TipAttachmentParamDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const { data, mime } = await this.attachments.evidence(auth, p.id, p.attachmentId);
    const ext = mime === 'image/png' ? 'png' : 'jpg';
    void reply.header('content-type', mime).header('content-disposition', `attachment; filename="${p.attachmentId}-original.${ext}"`).header('cache-control', 'no-store');
    return data;
  }

  @Post('tips/:id/ack')
  @HttpCode(200)
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiOkResponse({ type: TipDetailDto })
  ack(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: AckTipDto): Promise<TipDetailDto> {
    return this.workflow.acknowledge(auth, id, dto.message) as Promise<TipDetailDto>;
  }

  @Post('tips/:id/messages')
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiCreatedResponse({ type: TipStaffMessageDto })
  message(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: StaffMessageDto): Promise<TipStaffMessageDto> {
    return this.workflow.postMessage(auth, id, dto.body);
  }

  @Patch('tips/:id')
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiOkResponse({ type: TipDetailDto })
  update(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: UpdateTipDto): Promise<TipDetailDto> {
    return this.workflow.update(auth, id, dto) as Promise<TipDetailDto>;
  }

  @Post('tips/:id/reopen')
  @HttpCode(200)
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiOkResponse({ type: TipDetailDto })
  reopen(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: ReopenTipDto): Promise<TipDetailDto> {
    return this.workflow.reopen(auth, id, dto) as Promise<TipDetailDto>;
  }

  @Get('tips/:id/assignees')
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiOkResponse({ type: [TipAssigneeOptionDto] })
  assignees(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<TipAssigneeOptionDto[]> {
    return this.workflow.assignees(auth, id);
  }

  @Post('tips/:id/reports')
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiCreatedResponse({ type: TipOnwardReportDto })
  report(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: OnwardReportDto): Promise<TipOnwardReportDto> {
    return this.workflow.report(auth, id, dto);
  }
}
