import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { DistrictCalendarDto, PutDistrictCalendarDto } from './calendar.dto';
import { CalendarService } from './calendar.service';

/** A district's school-year calendar (学期日期): which semester every "this semester" figure counts. */
@ApiTags('oversight')
@Controller()
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('districts/:id/calendar')
  @Authenticated({ permission: Permission.DISTRICT_READ })
  @ApiOkResponse({ type: DistrictCalendarDto })
  get(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<DistrictCalendarDto> {
    return this.calendar.get(auth, id);
  }

  @Put('districts/:id/calendar')
  @Authenticated({ permission: Permission.DISTRICT_MANAGE })
  @ApiOkResponse({ type: DistrictCalendarDto })
  put(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: PutDistrictCalendarDto): Promise<DistrictCalendarDto> {
    return this.calendar.put(auth, id, dto);
  }
}
