import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { LegalHoldDto, RetentionRulesDto, TipRetentionInfoDto, UpcomingErasuresDto, UpdateRetentionRulesDto } from './retention.dto';
import { RetentionService } from './retention.service';

/** Retention rules of a district, legal holds on a case, a school's coming erasures (docs/PRIVACY.md). */
@ApiTags('retention')
@Controller()
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get('districts/:id/retention-rules')
  @Authenticated({ permission: Permission.DISTRICT_READ })
  @ApiOkResponse({ type: RetentionRulesDto })
  rules(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<RetentionRulesDto> {
    return this.retention.rules(auth, id);
  }

  @Put('districts/:id/retention-rules')
  @Authenticated({ permission: Permission.DISTRICT_MANAGE })
  @ApiOkResponse({ type: RetentionRulesDto })
  updateRules(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: UpdateRetentionRulesDto): Promise<RetentionRulesDto> {
    return this.retention.updateRules(auth, id, dto);
  }

  @Get('schools/:id/retention/upcoming')
  @Authenticated({ permission: Permission.RETENTION_READ })
  @ApiOkResponse({ type: UpcomingErasuresDto })
  upcoming(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<UpcomingErasuresDto> {
    return this.retention.upcoming(auth, id);
  }

  @Post('tips/:id/legal-hold')
  @HttpCode(200)
  @Authenticated({ permission: Permission.RETENTION_HOLD })
  @ApiOkResponse({ type: TipRetentionInfoDto })
  setHold(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: LegalHoldDto): Promise<TipRetentionInfoDto> {
    return this.retention.setHold(auth, id, dto);
  }

  @Post('tips/:id/legal-hold/lift')
  @HttpCode(200)
  @Authenticated({ permission: Permission.RETENTION_HOLD })
  @ApiOkResponse({ type: TipRetentionInfoDto })
  liftHold(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: LegalHoldDto): Promise<TipRetentionInfoDto> {
    return this.retention.liftHold(auth, id, dto);
  }
}
