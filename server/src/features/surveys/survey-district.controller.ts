import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { SemesterQueryDto } from '../oversight/oversight.dto';
import { SurveyDistrictService } from './survey-district.service';
import { SurveyDistrictDto } from './surveys.dto';

/** The district officer: every school's survey figures of a semester side by side. */
@ApiTags('surveys (district)')
@Controller()
export class SurveyDistrictController {
  constructor(private readonly district: SurveyDistrictService) {}

  @Get('districts/:id/surveys')
  @Authenticated({ permission: Permission.DISTRICT_READ })
  @ApiOkResponse({ type: SurveyDistrictDto, description: 'aggregated per school, cells under five suppressed, sharp worsening flagged; audited' })
  view(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Query() q: SemesterQueryDto): Promise<SurveyDistrictDto> {
    return this.district.view(auth, id, q.semester);
  }
}
