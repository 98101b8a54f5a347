import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../common/auth/auth.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { IdParamDto } from '../common/http/params.dto';
import { SchoolReachDto, SubscriptionReportDto, SubscriptionStateDto, SubscriptionTemplateDto } from './subscriptions.dto';
import { SubscriptionsService } from './subscriptions.service';

@ApiTags('subscriptions')
@Controller()
export class SubscriptionsController {
  constructor(private readonly service: SubscriptionsService) {}

  /** The templates the app asks consent for: kind, template id, one-time or long-term, what the switch does. */
  @Get('wechat/templates')
  @Authenticated()
  @ApiOkResponse({ type: [SubscriptionTemplateDto] })
  templates(): SubscriptionTemplateDto[] {
    return this.service.templates();
  }

  /** The app reports each requestSubscribeMessage result; answers the caller's state afterwards. */
  @Post('me/subscriptions')
  @Authenticated()
  @ApiCreatedResponse({ type: [SubscriptionStateDto] })
  report(@Auth() auth: AuthContext, @Body() dto: SubscriptionReportDto): Promise<SubscriptionStateDto[]> {
    return this.service.report(auth, dto);
  }

  @Get('me/subscriptions')
  @Authenticated()
  @ApiOkResponse({ type: [SubscriptionStateDto] })
  mine(@Auth() auth: AuthContext): Promise<SubscriptionStateDto[]> {
    return this.service.mine(auth);
  }

  /** For each staff member with an alerting role: whether new-tip alerts reach them in WeChat, and credits left. */
  @Get('schools/:id/reach')
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiOkResponse({ type: SchoolReachDto })
  reach(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<SchoolReachDto> {
    return this.service.reach(auth, id);
  }
}
