import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { ClassService } from './class.service';
import { ClassDto, CreateClassDto, CreateGradeDto, GradeDto, StudentDto } from './tenancy.dto';

@ApiTags('classes')
@Controller()
export class ClassController {
  constructor(private readonly service: ClassService) {}

  @Get('schools/:id/grades')
  @Authenticated({ permission: Permission.SCHOOL_READ })
  @ApiOkResponse({ type: [GradeDto] })
  grades(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<GradeDto[]> {
    return this.service.listGrades(auth, id);
  }

  @Post('schools/:id/grades')
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiCreatedResponse({ type: GradeDto })
  createGrade(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: CreateGradeDto): Promise<GradeDto> {
    return this.service.createGrade(auth, id, dto);
  }

  @Get('schools/:id/classes')
  @Authenticated({ permission: Permission.SCHOOL_READ })
  @ApiOkResponse({ type: [ClassDto] })
  classes(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<ClassDto[]> {
    return this.service.listClasses(auth, id);
  }

  @Post('schools/:id/classes')
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiCreatedResponse({ type: ClassDto })
  createClass(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: CreateClassDto): Promise<ClassDto> {
    return this.service.createClass(auth, id, dto);
  }

  @Get('classes/:id/students')
  @Authenticated({ permission: Permission.ROSTER_READ })
  @ApiOkResponse({ type: [StudentDto] })
  students(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<StudentDto[]> {
    return this.service.listStudents(auth, id);
  }
}
