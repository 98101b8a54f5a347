import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../common/auth/auth.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { IdParamDto } from '../common/http/params.dto';
import { CreateRobotDto, RobotDto, RobotListDto, RobotSettingsDto, SchoolRobotParamDto, UpdateRobotDto } from './robots.dto';
import { RobotsService } from './robots.service';

@ApiTags('robots')
@Controller('schools/:id')
export class RobotsController {
  constructor(private readonly service: RobotsService) {}

  @Get('robots')
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiOkResponse({ type: RobotListDto, description: "The school's WeCom group robots (keys masked) and its robot settings" })
  list(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<RobotListDto> {
    return this.service.list(auth, id);
  }

  @Post('robots')
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiCreatedResponse({ type: RobotDto, description: 'Registers a robot for the school, a grade or a class; the key is stored encrypted' })
  create(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: CreateRobotDto): Promise<RobotDto> {
    return this.service.create(auth, id, dto);
  }

  @Patch('robots/:robotId')
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiOkResponse({ type: RobotDto })
  update(@Auth() auth: AuthContext, @Param() { id, robotId }: SchoolRobotParamDto, @Body() dto: UpdateRobotDto): Promise<RobotDto> {
    return this.service.update(auth, id, robotId, dto);
  }

  @Delete('robots/:robotId')
  @HttpCode(204)
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiNoContentResponse({ description: 'The registration and its key are deleted' })
  remove(@Auth() auth: AuthContext, @Param() { id, robotId }: SchoolRobotParamDto): Promise<void> {
    return this.service.remove(auth, id, robotId);
  }

  @Post('robots/:robotId/test')
  @HttpCode(202)
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiAcceptedResponse({ type: RobotDto, description: 'A test message is queued in the outbox; lastTest shows its result once the worker has sent it' })
  test(@Auth() auth: AuthContext, @Param() { id, robotId }: SchoolRobotParamDto): Promise<RobotDto> {
    return this.service.test(auth, id, robotId);
  }

  @Put('robot-settings')
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiOkResponse({ type: RobotSettingsDto })
  settings(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: RobotSettingsDto): Promise<RobotSettingsDto> {
    return this.service.updateSettings(auth, id, dto);
  }
}
