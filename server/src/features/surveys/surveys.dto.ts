import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsString, IsUUID, Length, Matches, Max, MaxLength, Min,
  ValidateNested,
} from 'class-validator';
import {
  normalizeSurveyCode, SURVEY_CODE_PATTERN, SURVEY_KINDS, SURVEY_LIMITS, SURVEY_QUESTION_TYPES, SURVEY_SMALL_CELL, SURVEY_VERSIONS,
  type OpenSurveyRequest, type SurveyAnswerItem, type SurveyAnswerRequest, type SurveyAnswerResponse, type SurveyClassProgress,
  type SurveyCodeCheckRequest, type SurveyCodeCheckResponse, type SurveyCodesResponse, type SurveyCount, type SurveyCustomQuestionInput,
  type SurveyDetail, type SurveyFigures, type SurveyGradeFigures, type SurveyKind, type SurveyKindFigure, type SurveyListResponse,
  type SurveyOwnQuestionFigures, type SurveyQuestion, type SurveyQuestionType, type SurveyReport, type SurveyStatus, type SurveySummary,
  type SurveyVersion, SURVEY_DATE_PATTERN, SURVEY_FINDING_LIMITS, SURVEY_PLACES, type SurveyDistrictResponse, type SurveyDistrictSchool,
  type SurveyFindingRequest, type SurveyFindingView, SURVEY_PARENT_SIGNS, type GuardianSurveyItem, type GuardianSurveyListResponse,
  type SurveyParentAnswerRequest, type SurveyParentAnswerResponse, type SurveyParentFigures,
} from '@anxin/shared';
import { Omittable } from '../../platform/common/http/omittable';

const CELL = {
  oneOf: [{ type: 'integer', minimum: 0 }, { type: 'string', enum: [SURVEY_SMALL_CELL] }],
  description: "a count of answers; '<5' when there are fewer than five",
};
const SHARE = { type: Number, nullable: true, description: 'a share 0–1; null when its cell has fewer than five answers' } as const;
const SURVEY_STATUSES: SurveyStatus[] = ['scheduled', 'open', 'closed'];

// ------------------------------------------------------------------ requests

export class SurveyCustomQuestionDto implements SurveyCustomQuestionInput {
  @ApiProperty({ enum: SURVEY_QUESTION_TYPES }) @IsIn(SURVEY_QUESTION_TYPES) type!: SurveyQuestionType;
  @ApiProperty({ maxLength: SURVEY_LIMITS.questionTextMax })
  @IsString() @Length(1, SURVEY_LIMITS.questionTextMax, { message: `问题为 1 到 ${SURVEY_LIMITS.questionTextMax} 个字` }) text!: string;
  @ApiPropertyOptional({ type: [String], maxItems: SURVEY_LIMITS.optionsMax, description: 'single and multiple choice only' })
  @Omittable() @IsArray() @ArrayMaxSize(SURVEY_LIMITS.optionsMax) @IsString({ each: true })
  @MaxLength(SURVEY_LIMITS.optionTextMax, { each: true, message: `每个选项最多 ${SURVEY_LIMITS.optionTextMax} 个字` }) options?: string[];
}

export class OpenSurveyDto implements OpenSurveyRequest {
  @ApiPropertyOptional({ maxLength: SURVEY_LIMITS.titleMax, description: 'default: 防欺凌问卷调查' })
  @Omittable() @IsString() @Length(1, SURVEY_LIMITS.titleMax, { message: `标题为 1 到 ${SURVEY_LIMITS.titleMax} 个字` }) title?: string;
  @ApiProperty({ type: [String], minItems: 1, maxItems: SURVEY_LIMITS.classesMax })
  @IsArray() @ArrayMinSize(1, { message: '请至少选择一个班级' }) @ArrayMaxSize(SURVEY_LIMITS.classesMax) @IsUUID('all', { each: true, message: '班级 id 格式不正确' })
  classIds!: string[];
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }, { message: '开始时间格式不正确' }) opensAt!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }, { message: '结束时间格式不正确' }) closesAt!: string;
  @ApiPropertyOptional({ type: [SurveyCustomQuestionDto], maxItems: SURVEY_LIMITS.customQuestionsMax })
  @Omittable() @IsArray() @ArrayMaxSize(SURVEY_LIMITS.customQuestionsMax, { message: `学校自己的问题最多 ${SURVEY_LIMITS.customQuestionsMax} 个` })
  @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => SurveyCustomQuestionDto)
  customQuestions?: SurveyCustomQuestionDto[];
  @ApiPropertyOptional({ minimum: 0, maximum: SURVEY_LIMITS.spareCodesMax, default: SURVEY_LIMITS.spareCodesDefault })
  @Omittable() @IsInt() @Min(0) @Max(SURVEY_LIMITS.spareCodesMax) spareCodes?: number;
  @ApiPropertyOptional({ default: false, description: 'also ask the guardians of these classes the parent questionnaire' })
  @Omittable() @IsBoolean() parents?: boolean;
}

export class SurveyClassParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id 格式不正确' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'classId 格式不正确' }) classId!: string;
}

const normalized = ({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeSurveyCode(value) : value);
const CODE = { example: '7K3MPQ2A', description: 'the one-time code on the slip (spaces and dashes are dropped, letters upper-cased)' } as const;

export class SurveyCodeCheckDto implements SurveyCodeCheckRequest {
  @ApiProperty(CODE) @Transform(normalized) @IsString() @Matches(SURVEY_CODE_PATTERN, { message: '答题码是 8 位字母和数字' }) code!: string;
  @ApiPropertyOptional({ format: 'uuid', description: "the class whose page the teacher opened on this device (another class's code is then refused)" })
  @Omittable() @IsUUID('all', { message: 'classId 格式不正确' }) classId?: string;
}

export class SurveyAnswerItemDto implements SurveyAnswerItem {
  @ApiProperty({ maxLength: SURVEY_LIMITS.questionIdMax }) @IsString() @MaxLength(SURVEY_LIMITS.questionIdMax) questionId!: string;
  @ApiPropertyOptional({ minimum: 0, description: 'single choice and scale: the option index' })
  @Omittable() @IsInt() @Min(0) @Max(SURVEY_LIMITS.answerOptionsMax) choice?: number;
  @ApiPropertyOptional({ type: [Number], description: 'multiple choice: the option indexes' })
  @Omittable() @IsArray() @ArrayMaxSize(SURVEY_LIMITS.answerOptionsMax) @IsInt({ each: true }) @Min(0, { each: true }) choices?: number[];
  @ApiPropertyOptional({ maxLength: SURVEY_LIMITS.answerTextMax, description: 'short text' })
  @Omittable() @IsString() @MaxLength(SURVEY_LIMITS.answerTextMax, { message: `回答最多 ${SURVEY_LIMITS.answerTextMax} 个字` }) text?: string;
}

export class SurveyAnswerDto implements SurveyAnswerRequest {
  @ApiProperty(CODE) @Transform(normalized) @IsString() @Matches(SURVEY_CODE_PATTERN, { message: '答题码是 8 位字母和数字' }) code!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the survey the code was checked for (a code of another survey is then refused)' })
  @Omittable() @IsUUID('all', { message: 'surveyId 格式不正确' }) surveyId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "the class whose page the teacher opened on this device (another class's code is then refused)" })
  @Omittable() @IsUUID('all', { message: 'classId 格式不正确' }) classId?: string;
  @ApiProperty({ type: [SurveyAnswerItemDto], maxItems: SURVEY_LIMITS.answersMax })
  @IsArray() @ArrayMaxSize(SURVEY_LIMITS.answersMax) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => SurveyAnswerItemDto)
  answers!: SurveyAnswerItemDto[];
  @ApiPropertyOptional({ default: false, description: '我想和老师谈谈' }) @Omittable() @IsBoolean() talkToTeacher?: boolean;
}

// ------------------------------------------------------------------ responses

export class SurveyQuestionDto implements SurveyQuestion {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: SURVEY_QUESTION_TYPES }) type!: SurveyQuestionType;
  @ApiProperty() text!: string;
  @ApiProperty({ type: [String] }) options!: string[];
  @ApiPropertyOptional({ type: [String] }) faces?: string[];
  @ApiProperty() core!: boolean;
}

export class SurveyCodeCheckResponseDto implements SurveyCodeCheckResponse {
  @ApiProperty({ format: 'uuid' }) surveyId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty({ enum: SURVEY_VERSIONS }) version!: SurveyVersion;
  @ApiProperty({ type: [SurveyQuestionDto] }) questions!: SurveyQuestionDto[];
}

export class SurveyTipBoxDto {
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
}

export class SurveyAnswerResponseDto implements SurveyAnswerResponse {
  @ApiProperty({ type: SurveyTipBoxDto, nullable: true }) tipBox!: SurveyTipBoxDto | null;
}

export class SurveySummaryDto implements SurveySummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: '2026-1' }) semesterKey!: string;
  @ApiProperty() semesterLabel!: string;
  @ApiProperty({ enum: SURVEY_STATUSES }) status!: SurveyStatus;
  @ApiProperty({ format: 'date-time' }) opensAt!: string;
  @ApiProperty({ format: 'date-time' }) closesAt!: string;
  @ApiProperty() parents!: boolean;
}

export class SurveyListDto implements SurveyListResponse {
  @ApiProperty({ type: [SurveySummaryDto] }) items!: SurveySummaryDto[];
  @ApiProperty() canManage!: boolean;
}

export class SurveyClassProgressDto implements SurveyClassProgress {
  @ApiProperty({ format: 'uuid' }) classId!: string;
  @ApiProperty() className!: string;
  @ApiProperty() gradeName!: string;
  @ApiProperty({ enum: SURVEY_VERSIONS }) version!: SurveyVersion;
  @ApiProperty() students!: number;
  @ApiProperty() codes!: number;
  @ApiProperty(CELL) answers!: SurveyCount;
  @ApiProperty(SHARE) rate!: number | null;
}

export class SurveyDetailDto extends SurveySummaryDto implements SurveyDetail {
  @ApiProperty({ type: [SurveyQuestionDto] }) customQuestions!: SurveyQuestionDto[];
  @ApiProperty({ type: [SurveyClassProgressDto] }) classes!: SurveyClassProgressDto[];
  @ApiProperty() canManage!: boolean;
  @ApiProperty() canReadReport!: boolean;
}

export class SurveyCodesDto implements SurveyCodesResponse {
  @ApiProperty({ format: 'uuid' }) surveyId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) classId!: string;
  @ApiProperty() className!: string;
  @ApiProperty({ enum: SURVEY_VERSIONS }) version!: SurveyVersion;
  @ApiProperty({ format: 'date-time' }) opensAt!: string;
  @ApiProperty({ format: 'date-time' }) closesAt!: string;
  @ApiProperty({ type: [String] }) codes!: string[];
}

export class SurveyKindFigureDto implements SurveyKindFigure {
  @ApiProperty({ enum: SURVEY_KINDS }) kind!: SurveyKind;
  @ApiProperty(SHARE) share!: number | null;
}

export class SurveyFiguresDto implements SurveyFigures {
  @ApiProperty(CELL) responses!: SurveyCount;
  @ApiProperty({ type: [SurveyKindFigureDto] }) kinds!: SurveyKindFigureDto[];
  @ApiProperty({ type: [Number], description: 'per place (SURVEY_PLACES order), null when suppressed' }) places!: (number | null)[];
  @ApiProperty(SHARE) toldAnyone!: number | null;
  @ApiProperty({ type: [Number], description: 'per person told (SURVEY_TOLD order), null when suppressed' }) told!: (number | null)[];
  @ApiProperty(SHARE) helped!: number | null;
  @ApiProperty(SHARE) witnessed!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'mean safety 1–5; null below five answers' }) safetyMean!: number | null;
  @ApiProperty({ ...SHARE, description: 'share answering any kind above 从来没有 (of those who answered one); null below five' }) prevalence!: number | null;
}

export class SurveyGradeFiguresDto extends SurveyFiguresDto implements SurveyGradeFigures {
  @ApiProperty() gradeName!: string;
  @ApiProperty() gradeNumber!: number;
}

export class SurveyOptionShareDto {
  @ApiProperty() option!: string;
  @ApiProperty(SHARE) share!: number | null;
}

export class SurveyOwnQuestionFiguresDto implements SurveyOwnQuestionFigures {
  @ApiProperty() questionId!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ enum: SURVEY_QUESTION_TYPES }) type!: SurveyQuestionType;
  @ApiProperty(CELL) responses!: SurveyCount;
  @ApiProperty({ type: [SurveyOptionShareDto] }) options!: SurveyOptionShareDto[];
  @ApiProperty({ type: [String], nullable: true, description: 'text answers that passed the content check: the designated contact only' }) texts!: string[] | null;
  @ApiProperty({ ...CELL, nullable: true, description: 'the designated contact only: texts still waiting for the content check' }) textsPending!: SurveyCount | null;
  @ApiProperty({ ...CELL, nullable: true, description: 'the designated contact only: texts held back by the content check' }) textsHeld!: SurveyCount | null;
}

export class SurveyPreviousDto {
  @ApiProperty({ type: SurveySummaryDto }) survey!: SurveySummaryDto;
  @ApiProperty({ type: SurveyFiguresDto }) overall!: SurveyFiguresDto;
}

export class SurveyReportDto implements SurveyReport {
  @ApiProperty({ type: SurveySummaryDto }) survey!: SurveySummaryDto;
  @ApiProperty({ type: [SurveyClassProgressDto] }) classes!: SurveyClassProgressDto[];
  @ApiProperty({ type: SurveyFiguresDto }) overall!: SurveyFiguresDto;
  @ApiProperty({ type: [SurveyGradeFiguresDto] }) grades!: SurveyGradeFiguresDto[];
  @ApiProperty({ type: [SurveyOwnQuestionFiguresDto] }) ownQuestions!: SurveyOwnQuestionFiguresDto[];
  @ApiProperty(CELL) talkRequests!: SurveyCount;
  @ApiProperty({ type: SurveyPreviousDto, nullable: true }) previous!: SurveyPreviousDto | null;
  @ApiProperty({ type: () => SurveyParentFiguresDto, nullable: true, description: 'null when guardians were not asked' }) parents!: SurveyParentFiguresDto | null;
  @ApiProperty({ type: () => [SurveyFindingDto] }) findings!: SurveyFindingDto[];
  @ApiProperty({ type: () => [SurveyFindingDto], description: 'findings of the previous semester\'s survey: the figure then and now' }) followUps!: SurveyFindingDto[];
  @ApiProperty() canMarkFindings!: boolean;
}

// ------------------------------------------------------------------ findings

export class SurveyFindingRequestDto implements SurveyFindingRequest {
  @ApiPropertyOptional({ maxLength: SURVEY_FINDING_LIMITS.gradeNameMax, description: 'a grade of the survey; left out: the whole school' })
  @Omittable() @IsString() @MaxLength(SURVEY_FINDING_LIMITS.gradeNameMax) gradeName?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: SURVEY_PLACES.length - 1, description: 'an index into SURVEY_PLACES' })
  @Omittable() @IsInt() @Min(0) @Max(SURVEY_PLACES.length - 1) place?: number;
  @ApiPropertyOptional({ enum: SURVEY_KINDS }) @Omittable() @IsIn(SURVEY_KINDS) kind?: SurveyKind;
  @ApiProperty({ maxLength: SURVEY_FINDING_LIMITS.textMax })
  @IsString() @Length(1, SURVEY_FINDING_LIMITS.textMax, { message: `发现为 1 到 ${SURVEY_FINDING_LIMITS.textMax} 个字` }) text!: string;
  @ApiProperty({ maxLength: SURVEY_FINDING_LIMITS.measuresMax })
  @IsString() @Length(1, SURVEY_FINDING_LIMITS.measuresMax, { message: `措施为 1 到 ${SURVEY_FINDING_LIMITS.measuresMax} 个字` }) measures!: string;
  @ApiProperty({ example: '2031-04-30', description: 'a Shanghai calendar day' })
  @IsString() @Matches(SURVEY_DATE_PATTERN, { message: '日期格式应为 2031-04-30' }) dueOn!: string;
}

export class SurveyFindingDto implements SurveyFindingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) surveyId!: string;
  @ApiProperty({ type: String, nullable: true }) gradeName!: string | null;
  @ApiProperty({ type: Number, nullable: true }) place!: number | null;
  @ApiProperty({ enum: SURVEY_KINDS, nullable: true }) kind!: SurveyKind | null;
  @ApiProperty() text!: string;
  @ApiProperty() measures!: string;
  @ApiProperty() dueOn!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() figureLabel!: string;
  @ApiProperty({ ...SHARE, description: 'the figure in the survey the finding was marked on' }) then!: number | null;
  @ApiProperty({ ...SHARE, description: 'the figure in the report being read' }) now!: number | null;
}

// ------------------------------------------------------------------ the district's view

export class SurveyDistrictPreviousDto {
  @ApiProperty(SHARE) prevalence!: number | null;
  @ApiProperty({ type: Number, nullable: true }) safetyMean!: number | null;
}

export class SurveyDistrictSchoolDto implements SurveyDistrictSchool {
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty({ type: SurveySummaryDto, nullable: true }) survey!: SurveySummaryDto | null;
  @ApiProperty({ ...CELL, nullable: true }) responses!: SurveyCount | null;
  @ApiProperty(SHARE) responseRate!: number | null;
  @ApiProperty(SHARE) prevalence!: number | null;
  @ApiProperty({ type: Number, nullable: true }) safetyMean!: number | null;
  @ApiProperty({ type: SurveyDistrictPreviousDto, nullable: true }) previous!: SurveyDistrictPreviousDto | null;
  @ApiProperty({ type: Number, nullable: true }) prevalenceChange!: number | null;
  @ApiProperty({ type: Number, nullable: true }) safetyChange!: number | null;
  @ApiProperty() worsenedSharply!: boolean;
}

export class SurveySemesterOptionDto {
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
}

export class SurveyDistrictDto implements SurveyDistrictResponse {
  @ApiProperty() semesterKey!: string;
  @ApiProperty() semesterLabel!: string;
  @ApiProperty({ type: [SurveySemesterOptionDto] }) semesters!: SurveySemesterOptionDto[];
  @ApiProperty({ type: [SurveyDistrictSchoolDto] }) schools!: SurveyDistrictSchoolDto[];
}

// ------------------------------------------------------------------ the parent questionnaire

export class SurveyParentFiguresDto implements SurveyParentFigures {
  @ApiProperty(CELL) responses!: SurveyCount;
  @ApiProperty({ type: [Number], description: `per sign (SURVEY_PARENT_SIGNS order, ${SURVEY_PARENT_SIGNS.length}), null when suppressed` }) signs!: (number | null)[];
  @ApiProperty(SHARE) anySign!: number | null;
  @ApiProperty({ type: [Number], description: 'per answer (SURVEY_PARENT_CHILD_TOLD order), null when suppressed' }) childTold!: (number | null)[];
  @ApiProperty(SHARE) toldSchool!: number | null;
  @ApiProperty({ type: Number, nullable: true }) safetyMean!: number | null;
}

export class GuardianSurveyItemDto implements GuardianSurveyItem {
  @ApiProperty({ format: 'uuid' }) surveyId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty({ format: 'uuid' }) studentId!: string;
  @ApiProperty() childName!: string;
  @ApiProperty({ format: 'date-time' }) closesAt!: string;
  @ApiProperty() answered!: boolean;
}

export class GuardianSurveyListDto implements GuardianSurveyListResponse {
  @ApiProperty({ type: [GuardianSurveyItemDto] }) items!: GuardianSurveyItemDto[];
  @ApiProperty({ type: [SurveyQuestionDto] }) questions!: SurveyQuestionDto[];
}

export class SurveyParentAnswerDto implements SurveyParentAnswerRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'studentId 格式不正确' }) studentId!: string;
  @ApiProperty({ type: [SurveyAnswerItemDto], maxItems: SURVEY_LIMITS.answersMax })
  @IsArray() @ArrayMaxSize(SURVEY_LIMITS.answersMax) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => SurveyAnswerItemDto)
  answers!: SurveyAnswerItemDto[];
}

export class SurveyParentAnswerResponseDto implements SurveyParentAnswerResponse {
  @ApiProperty({ enum: [true] }) answered!: true;
}
