import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated, Public } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { SchoolService } from './school.service';
import { CreateDistrictSchoolDto, SchoolDto, SchoolPublicDto, SetContactDto, UpdateSchoolDto } from './tenancy.dto';

@ApiTags('schools')
@Controller()
export class SchoolController {
  constructor(private readonly service: SchoolService) {}

  @Get('schools/:id/public')
  @Public()
  @ApiOkResponse({ type: SchoolPublicDto })
  publicCard(@Param() { id }: IdParamDto): Promise<SchoolPublicDto> {
    return this.service.publicCard(id);
  }

  @Get('schools/:id')
  @Authenticated({ permission: Permission.SCHOOL_READ })
  @ApiOkResponse({ type: SchoolDto })
  get(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<SchoolDto> {
    return this.service.get(auth, id);
  }

  @Patch('schools/:id')
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiOkResponse({ type: SchoolDto })
  update(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: UpdateSchoolDto): Promise<SchoolDto> {
    return this.service.update(auth, id, dto);
  }

  @Put('schools/:id/contact')
  @Authenticated({ permission: Permission.CONTACT_DESIGNATE })
  @ApiOkResponse({ type: SchoolDto })
  setContact(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: SetContactDto): Promise<SchoolDto> {
    return this.service.setContact(auth, id, dto);
  }

  @Get('districts/:id/schools')
  @Authenticated({ permission: Permission.DISTRICT_READ })
  @ApiOkResponse({ type: [SchoolDto] })
  districtSchools(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<SchoolDto[]> {
    return this.service.listForDistrict(auth, id);
  }

  @Post('districts/:id/schools')
  @Authenticated({ permission: Permission.DISTRICT_MANAGE })
  @ApiCreatedResponse({ type: SchoolDto })
  createSchool(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: CreateDistrictSchoolDto): Promise<SchoolDto> {
    return this.service.createInDistrict(auth, id, dto);
  }
}
