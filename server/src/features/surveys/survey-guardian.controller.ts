import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { SurveyParentsService } from './survey-parents.service';
import { GuardianSurveyListDto, SurveyParentAnswerDto, SurveyParentAnswerResponseDto } from './surveys.dto';

/** Guardians: the parent questionnaire of the open surveys reaching a bound child, answered once per child. */
@ApiTags('surveys (guardians)')
@Controller()
export class SurveyGuardianController {
  constructor(private readonly parents: SurveyParentsService) {}

  @Get('me/surveys')
  @Authenticated()
  @ApiOkResponse({ type: GuardianSurveyListDto, description: 'one item per open survey asking guardians and bound child it reaches' })
  list(@Auth() auth: AuthContext): Promise<GuardianSurveyListDto> {
    return this.parents.list(auth);
  }

  @Post('surveys/:id/parent-answers')
  @Authenticated()
  @ApiCreatedResponse({ type: SurveyParentAnswerResponseDto, description: 'stored apart from who answered (see docs/SURVEYS.md)' })
  @ApiResponse({ status: 404, description: 'no such survey asking guardians about a child bound to the caller' })
  @ApiResponse({ status: 409, description: 'SURVEY_ALREADY_ANSWERED, SURVEY_NOT_OPEN' })
  @ApiResponse({ status: 422, description: 'SURVEY_ANSWERS_INVALID' })
  answer(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: SurveyParentAnswerDto): Promise<SurveyParentAnswerResponseDto> {
    return this.parents.answer(auth, id, dto);
  }
}
