import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../../platform/common/auth/auth-context';
import { IdParamDto } from '../../../platform/common/http/params.dto';
import { ReporterViewSettingsDto } from './reporter-view.dto';
import { ReporterViewService } from './reporter-view.service';

/** What the reporter's 处理记录 shows of the school's staff: roles only, or names too. */
@ApiTags('tips')
@Controller('schools/:id/reporter-view')
export class ReporterViewController {
  constructor(private readonly settings: ReporterViewService) {}

  @Get()
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiOkResponse({ type: ReporterViewSettingsDto })
  get(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<ReporterViewSettingsDto> {
    return this.settings.get(auth, id);
  }

  @Put()
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiOkResponse({ type: ReporterViewSettingsDto })
  put(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: ReporterViewSettingsDto): Promise<ReporterViewSettingsDto> {
    return this.settings.put(auth, id, dto);
  }
}
