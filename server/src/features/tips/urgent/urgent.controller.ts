import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../../platform/common/auth/auth-context';
import { IdParamDto } from '../../../platform/common/http/params.dto';
import { CallDownViewService } from './call-down-view.service';
import { UrgentSettingsService } from './urgent-settings.service';
import {
  CallDownResponseDto, DistrictDutyPhoneDto, PutDistrictDutyPhoneDto, PutUrgentSettingsDto, UrgentSettingsDto,
} from './urgent.dto';

/** Urgent call-down (紧急呼叫): a school's settings, the district duty phone, a tip's call-down and 标记为紧急. */
@ApiTags('urgent call-down')
@Controller()
export class UrgentController {
  constructor(private readonly settings: UrgentSettingsService, private readonly callDowns: CallDownViewService) {}

  @Get('schools/:id/urgent-settings')
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiOkResponse({ type: UrgentSettingsDto })
  getSettings(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<UrgentSettingsDto> {
    return this.settings.get(auth, id);
  }

  @Put('schools/:id/urgent-settings')
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiOkResponse({ type: UrgentSettingsDto })
  putSettings(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: PutUrgentSettingsDto): Promise<UrgentSettingsDto> {
    return this.settings.put(auth, id, dto);
  }

  @Get('districts/:id/urgent-duty')
  @Authenticated({ permission: Permission.DISTRICT_MANAGE })
  @ApiOkResponse({ type: DistrictDutyPhoneDto })
  getDistrictDuty(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<DistrictDutyPhoneDto> {
    return this.settings.getDistrict(auth, id);
  }

  @Put('districts/:id/urgent-duty')
  @Authenticated({ permission: Permission.DISTRICT_MANAGE })
  @ApiOkResponse({ type: DistrictDutyPhoneDto })
  putDistrictDuty(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: PutDistrictDutyPhoneDto): Promise<DistrictDutyPhoneDto> {
    return this.settings.putDistrict(auth, id, dto);
  }

  @Get('tips/:id/call-down')
  @Authenticated({ permission: Permission.TIP_READ })
  @ApiOkResponse({ type: CallDownResponseDto })
  callDown(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<CallDownResponseDto> {
    return this.callDowns.state(auth, id);
  }

  @Post('tips/:id/urgent')
  @HttpCode(200)
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiOkResponse({ type: CallDownResponseDto })
  markUrgent(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<CallDownResponseDto> {
    return this.callDowns.markUrgent(auth, id);
  }
}
