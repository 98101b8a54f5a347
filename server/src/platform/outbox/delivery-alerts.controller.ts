import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../common/auth/auth.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { IdParamDto } from '../common/http/params.dto';
import { DeliveryAlertPageDto, DeliveryAlertQueryDto, DeliveryStatsDto, DeliveryStatsQueryDto, DeliveryTestDto } from './delivery-alerts.dto';
import { DeliveryAlertsService } from './delivery-alerts.service';
import { DeliveryStatsService } from './delivery-stats.service';

@ApiTags('delivery')
@Controller('schools/:id/delivery-alerts')
export class DeliveryAlertsController {
  constructor(private readonly service: DeliveryAlertsService) {}

  /** Messages of this school that were late or could not be delivered on WeChat (newest first). */
  @Get()
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiOkResponse({ type: DeliveryAlertPageDto })
  list(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Query() q: DeliveryAlertQueryDto): Promise<DeliveryAlertPageDto> {
    return this.service.list(auth, id, q);
  }
}

@ApiTags('delivery')
@Controller('schools/:id/delivery-test')
export class DeliveryTestController {
  constructor(private readonly service: DeliveryAlertsService) {}

  /** Sends the caller a test message (WeChat subscribe message + in-app inbox) through the outbox, to check delivery end to end. */
  @Post()
  @HttpCode(202)
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiAcceptedResponse({ type: DeliveryTestDto })
  send(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<DeliveryTestDto> {
    return this.service.sendTest(auth, id);
  }
}

@ApiTags('delivery')
@Controller('schools/:id/delivery-stats')
export class DeliveryStatsController {
  constructor(private readonly service: DeliveryStatsService) {}

  /** Per message kind, how this school's messages of the last `days` days went out: WeChat, robot, inbox only (and why). */
  @Get()
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiOkResponse({ type: DeliveryStatsDto })
  stats(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Query() q: DeliveryStatsQueryDto): Promise<DeliveryStatsDto> {
    return this.service.stats(auth, id, q.days);
  }
}
