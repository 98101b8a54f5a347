import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { NoticeRemindersService } from './notice-reminders.service';
import { NoticeClassReceiptsDto, NoticePendingDto, NoticeRemindDto, NoticeStatsDto } from './notice-reports.dto';
import { NoticeReportsService } from './notice-reports.service';
import { NoticeClassParamDto, NoticeReceiptParamDto } from './notices.dto';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Staff: who has read, confirmed and signed; reminders; the receipts export and signatures. */
@ApiTags('notices (staff)')
@Controller()
export class NoticeReportsController {
  constructor(private readonly reports: NoticeReportsService, private readonly reminders: NoticeRemindersService) {}

  @Get('notices/:id/stats')
  @Authenticated({ permission: Permission.NOTICE_READ })
  @ApiOkResponse({ type: NoticeStatsDto, description: 'per class (a teacher: their classes), answers tallied' })
  stats(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<NoticeStatsDto> {
    return this.reports.stats(auth, id);
  }

  @Get('notices/:id/classes/:classId/pending')
  @Authenticated({ permission: Permission.NOTICE_READ })
  @ApiOkResponse({ type: NoticePendingDto, description: 'who has not yet read or confirmed (guardian relation and child\'s name)' })
  pending(@Auth() auth: AuthContext, @Param() p: NoticeClassParamDto): Promise<NoticePendingDto> {
    return this.reports.pending(auth, p.id, p.classId);
  }

  @Get('notices/:id/classes/:classId/receipts')
  @Authenticated({ permission: Permission.NOTICE_READ })
  @ApiOkResponse({ type: NoticeClassReceiptsDto, description: 'every receipt of the class: child, relation, the days, the answer, a stored signature' })
  classReceipts(@Auth() auth: AuthContext, @Param() p: NoticeClassParamDto): Promise<NoticeClassReceiptsDto> {
    return this.reports.classReceipts(auth, p.id, p.classId);
  }

  @Post('notices/:id/classes/:classId/remind')
  @HttpCode(200)
  @Authenticated({ permission: Permission.NOTICE_MANAGE })
  @ApiOkResponse({ type: NoticeRemindDto })
  @ApiResponse({ status: 429, description: 'NOTICE_REMIND_TOO_SOON: the class was reminded less than 12 hours ago (details.nextRemindAt)' })
  remind(@Auth() auth: AuthContext, @Param() p: NoticeClassParamDto): Promise<NoticeRemindDto> {
    return this.reminders.remind(auth, p.id, p.classId);
  }

  @Get('notices/:id/receipts.xlsx')
  @Authenticated({ permission: Permission.NOTICE_READ })
  @ApiProduces(XLSX)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async receipts(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const file = await this.reports.receiptsXlsx(auth, id);
    void reply.header('content-type', XLSX).header('content-disposition', 'attachment; filename="notice-receipts.xlsx"').header('cache-control', 'no-store');
    return file;
  }

  @Get('notices/:id/receipts/:receiptId/signature')
  @Authenticated({ permission: Permission.NOTICE_READ })
  @ApiProduces('image/png')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' }, description: 'a guardian\'s signature (each view is audited)' })
  async signature(@Auth() auth: AuthContext, @Param() p: NoticeReceiptParamDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const png = await this.reports.signature(auth, p.id, p.receiptId);
    void reply.header('content-type', 'image/png').header('content-disposition', `inline; filename="${p.receiptId}.png"`).header('cache-control', 'no-store');
    return png;
  }
}
