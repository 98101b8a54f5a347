import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../platform/common/auth/auth.decorators';
import { SurveyAnsweringService } from './survey-answering.service';
import { SurveyAnswerDto, SurveyAnswerResponseDto, SurveyCodeCheckDto, SurveyCodeCheckResponseDto } from './surveys.dto';

/**
 * The child's routes: public, no session read at all (a shared classroom tablet, no WeChat identity). The client
 * address is handed on only as the subject of the wrong-code count; it is never stored or logged.
 */
@ApiTags('surveys (students)')
@Controller('surveys')
export class SurveyStudentController {
  constructor(private readonly answering: SurveyAnsweringService) {}

  @Post('codes/check')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: SurveyCodeCheckResponseDto, description: 'the questions the code opens' })
  @ApiResponse({ status: 404, description: 'a wrong code' })
  @ApiResponse({ status: 409, description: 'SURVEY_CODE_USED, SURVEY_NOT_OPEN' })
  @ApiResponse({ status: 429, description: 'too many wrong codes from this client' })
  check(@Body() dto: SurveyCodeCheckDto, @Req() req: FastifyRequest): Promise<SurveyCodeCheckResponseDto> {
    return this.answering.check(dto.code, req.ip, dto.classId);
  }

  @Post('answers')
  @Public()
  @ApiCreatedResponse({ type: SurveyAnswerResponseDto, description: 'the code is spent; tipBox when the child asked to talk' })
  @ApiResponse({ status: 409, description: 'SURVEY_CODE_USED, SURVEY_NOT_OPEN' })
  @ApiResponse({ status: 422, description: 'SURVEY_ANSWERS_INVALID' })
  answer(@Body() dto: SurveyAnswerDto, @Req() req: FastifyRequest): Promise<SurveyAnswerResponseDto> {
    return this.answering.answer(dto, req.ip);
  }
}
