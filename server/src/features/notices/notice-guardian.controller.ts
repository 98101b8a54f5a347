import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { AckNoticeDto, GuardianNoticeAckDto, GuardianNoticeDetailDto, GuardianNoticeListDto, GuardianNoticeListQueryDto } from './notice-guardian.dto';
import { NoticeReceiptWrites } from './notice-receipt-writes';
import { NoticeReceiptsService } from './notice-receipts.service';

/** Guardians: their notices, opening one, and confirming, signing, answering. Only their own receipts exist for them. */
@ApiTags('notices (guardian)')
@Controller()
export class NoticeGuardianController {
  constructor(private readonly receipts: NoticeReceiptsService, private readonly writes: NoticeReceiptWrites) {}

  @Get('me/notices')
  @Authenticated()
  @ApiOkResponse({ type: GuardianNoticeListDto, description: 'pinned warnings, then unread, then newest' })
  list(@Auth() auth: AuthContext, @Query() q: GuardianNoticeListQueryDto): Promise<GuardianNoticeListDto> {
    return this.receipts.list(auth, q);
  }

  @Get('me/notices/:id')
  @Authenticated()
  @ApiOkResponse({ type: GuardianNoticeDetailDto, description: 'the first opening is recorded on the receipt' })
  open(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<GuardianNoticeDetailDto> {
    return this.writes.open(auth.userId, id);
  }

  @Post('notices/:id/ack')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: GuardianNoticeAckDto, description: 'the receipt as now recorded and what is still asked (not the notice again)' })
  ack(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: AckNoticeDto): Promise<GuardianNoticeAckDto> {
    return this.writes.acknowledge(auth.userId, id, dto);
  }
}
