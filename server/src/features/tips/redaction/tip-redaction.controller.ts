import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../../platform/common/auth/auth-context';
import { IdParamDto } from '../../../platform/common/http/params.dto';
import { SaveTipRedactionDto, TipRedactionSummaryDto, TipRedactionViewDto } from './tip-redaction.dto';
import { TipRedactionService } from './tip-redaction.service';

/** Redaction (脱敏) of a case's text before it leaves the school: the designated contact's masks and 查看原文. */
@ApiTags('tips (staff)')
@Controller()
export class TipRedactionController {
  constructor(private readonly redaction: TipRedactionService) {}

  @Get('tips/:id/redaction/summary')
  @Authenticated({ permission: Permission.TIP_READ })
  @ApiOkResponse({ type: TipRedactionSummaryDto })
  summary(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<TipRedactionSummaryDto> {
    return this.redaction.summary(auth, id);
  }

  @Get('tips/:id/redaction')
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiOkResponse({ type: TipRedactionViewDto, description: 'the original text: the designated contact only, audited as tip.original_viewed' })
  original(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<TipRedactionViewDto> {
    return this.redaction.original(auth, id);
  }

  @Put('tips/:id/redaction')
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiOkResponse({ type: TipRedactionSummaryDto })
  save(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: SaveTipRedactionDto): Promise<TipRedactionSummaryDto> {
    return this.redaction.save(auth, id, dto);
  }
}
