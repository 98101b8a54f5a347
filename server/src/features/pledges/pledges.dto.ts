import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsInt, IsObject, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested,
} from 'class-validator';
import {
  PLEDGE_LIMITS, PLEDGE_MISSING_PARTS, PLEDGE_STATUSES, Relation, SCHOOL_YEAR_PATTERN,
  type NewPledgeVersionRequest, type OpenPledgeRequest, type PledgeAudienceView, type PledgeClassCompletion, type PledgeCompletionResponse,
  type PledgeCounts, type PledgeGradeCompletion, type PledgeListItem, type PledgeListResponse, type PledgeMissingEntry,
  type PledgeMissingGuardian, type PledgeMissingPart, type PledgeMissingResponse, type PledgeRemindResponse, type PledgeStaffDetail,
  type PledgeStatus, type PledgeTemplateResponse, type PledgeText, type PledgeVersionView,
} from '@anxin/shared';
import { Omittable } from '../../platform/common/http/omittable';

const DAY = { type: String, format: 'date', example: '2026-10-31', description: 'a day (Asia/Shanghai), YYYY-MM-DD' } as const;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

// ------------------------------------------------------------------ requests

export class PledgeTextDto implements PledgeText {
  @ApiProperty({ maxLength: PLEDGE_LIMITS.partMax, description: 'what the school promises: paragraphs separated by blank lines' })
  @IsString() @Length(1, PLEDGE_LIMITS.partMax, { message: `学校承诺为 1 到 ${PLEDGE_LIMITS.partMax} 个字` }) school!: string;
  @ApiProperty({ maxLength: PLEDGE_LIMITS.partMax, description: 'what the guardian undertakes' })
  @IsString() @Length(1, PLEDGE_LIMITS.partMax, { message: `家长承诺为 1 到 ${PLEDGE_LIMITS.partMax} 个字` }) guardian!: string;
  @ApiProperty({ maxLength: PLEDGE_LIMITS.partMax, description: 'what the child promises' })
  @IsString() @Length(1, PLEDGE_LIMITS.partMax, { message: `学生承诺为 1 到 ${PLEDGE_LIMITS.partMax} 个字` }) student!: string;
  @ApiPropertyOptional({ maxLength: PLEDGE_LIMITS.studentYoungMax, description: 'the shorter child\'s part for grades 1–3' })
  @Omittable() @IsString() @Length(0, PLEDGE_LIMITS.studentYoungMax, { message: `低年级学生承诺最多 ${PLEDGE_LIMITS.studentYoungMax} 个字` }) studentYoung?: string;
}

export class OpenPledgeDto implements OpenPledgeRequest {
  @ApiProperty({ example: '2026-2027' }) @IsString() @Matches(SCHOOL_YEAR_PATTERN, { message: '学年格式应为 2026-2027' }) schoolYear!: string;
  @ApiProperty({ type: PledgeTextDto }) @IsObject() @ValidateNested() @Type(() => PledgeTextDto) text!: PledgeTextDto;
  @ApiPropertyOptional({ type: [Number], maxItems: PLEDGE_LIMITS.gradesMax, description: 'grade numbers (一年级 = 1 … 高三 = 12); empty or absent: the whole school' })
  @Omittable() @IsArray() @ArrayMaxSize(PLEDGE_LIMITS.gradesMax) @IsInt({ each: true }) @Min(1, { each: true }) @Max(PLEDGE_LIMITS.studentFromGradeMax, { each: true })
  grades?: number[];
  @ApiProperty(DAY) @IsString() @Matches(DAY_PATTERN, { message: '截止日期格式应为 YYYY-MM-DD' }) deadline!: string;
  @ApiPropertyOptional({ minimum: 0, maximum: PLEDGE_LIMITS.studentFromGradeMax, default: 3, description: '0: no student part' })
  @Omittable() @IsInt() @Min(0) @Max(PLEDGE_LIMITS.studentFromGradeMax) studentFromGrade?: number;
  @ApiPropertyOptional({ default: false }) @Omittable() @IsBoolean() requireAllGuardians?: boolean;
}

export class NewPledgeVersionDto implements NewPledgeVersionRequest {
  @ApiProperty({ type: PledgeTextDto }) @IsObject() @ValidateNested() @Type(() => PledgeTextDto) text!: PledgeTextDto;
  @ApiProperty({ maxLength: PLEDGE_LIMITS.changeNoteMax })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString() @Length(1, PLEDGE_LIMITS.changeNoteMax, { message: `请用 1 到 ${PLEDGE_LIMITS.changeNoteMax} 个字说明改了什么` }) changeNote!: string;
}

export class PledgeClassParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id 格式不正确' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'classId 格式不正确' }) classId!: string;
}

// ------------------------------------------------------------------ responses

export class PledgeTextViewDto implements PledgeText {
  @ApiProperty() school!: string;
  @ApiProperty() guardian!: string;
  @ApiProperty() student!: string;
  @ApiPropertyOptional() studentYoung?: string;
}

export class PledgeTemplateDto implements PledgeTemplateResponse {
  @ApiProperty({ type: PledgeTextViewDto }) text!: PledgeTextViewDto;
  @ApiProperty() studentFromGrade!: number;
}

export class PledgeCountsDto implements PledgeCounts {
  @ApiProperty() students!: number;
  @ApiProperty({ description: 'everything required signed for the current version' }) signed!: number;
  @ApiProperty({ description: 'signed an older version only' }) superseded!: number;
  @ApiProperty() missing!: number;
}

export class PledgeListItemDto implements PledgeListItem {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '2026-2027' }) schoolYear!: string;
  @ApiProperty({ enum: PLEDGE_STATUSES }) status!: PledgeStatus;
  @ApiProperty() currentVersion!: number;
  @ApiProperty(DAY) deadline!: string;
  @ApiProperty({ type: PledgeCountsDto, description: 'over the classes the caller may see' }) totals!: PledgeCountsDto;
}

export class PledgeListDto implements PledgeListResponse {
  @ApiProperty({ type: [PledgeListItemDto] }) items!: PledgeListItemDto[];
  @ApiProperty({ description: 'may open a pledge' }) canManage!: boolean;
}

export class PledgeVersionViewDto implements PledgeVersionView {
  @ApiProperty() number!: number;
  @ApiProperty() textHash!: string;
  @ApiProperty({ nullable: true, type: String }) changeNote!: string | null;
  @ApiProperty(DAY) publishedOn!: string;
}

export class PledgeAudienceViewDto implements PledgeAudienceView {
  @ApiProperty({ type: [Number], description: 'grade numbers; empty: the whole school' }) grades!: number[];
  @ApiProperty() studentFromGrade!: number;
  @ApiProperty() requireAllGuardians!: boolean;
}

export class PledgeStaffDetailDto implements PledgeStaffDetail {
  @ApiProperty() id!: string;
  @ApiProperty() schoolId!: string;
  @ApiProperty() schoolYear!: string;
  @ApiProperty({ enum: PLEDGE_STATUSES }) status!: PledgeStatus;
  @ApiProperty(DAY) deadline!: string;
  @ApiProperty({ type: PledgeAudienceViewDto }) audience!: PledgeAudienceViewDto;
  @ApiProperty() currentVersion!: number;
  @ApiProperty({ type: PledgeTextViewDto }) text!: PledgeTextViewDto;
  @ApiProperty() textHash!: string;
  @ApiProperty({ type: [PledgeVersionViewDto] }) versions!: PledgeVersionViewDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() canManage!: boolean;
}

export class PledgeClassCompletionDto extends PledgeCountsDto implements PledgeClassCompletion {
  @ApiProperty() classId!: string;
  @ApiProperty() className!: string;
  @ApiProperty() gradeNumber!: number;
}

export class PledgeGradeCompletionDto extends PledgeCountsDto implements PledgeGradeCompletion {
  @ApiProperty() gradeNumber!: number;
  @ApiProperty() gradeName!: string;
}

export class PledgeCompletionDto implements PledgeCompletionResponse {
  @ApiProperty() pledgeId!: string;
  @ApiProperty() currentVersion!: number;
  @ApiProperty({ type: [PledgeClassCompletionDto] }) classes!: PledgeClassCompletionDto[];
  @ApiProperty({ type: [PledgeGradeCompletionDto] }) grades!: PledgeGradeCompletionDto[];
  @ApiProperty({ type: PledgeCountsDto }) totals!: PledgeCountsDto;
}

export class PledgeMissingGuardianDto implements PledgeMissingGuardian {
  @ApiProperty({ enum: Object.values(Relation) }) relation!: Relation;
  @ApiProperty({ example: '母亲' }) relationLabel!: string;
  @ApiProperty() signed!: boolean;
}

export class PledgeMissingEntryDto implements PledgeMissingEntry {
  @ApiProperty() studentId!: string;
  @ApiProperty() studentName!: string;
  @ApiProperty({ type: [PledgeMissingGuardianDto] }) guardians!: PledgeMissingGuardianDto[];
  @ApiProperty({ enum: PLEDGE_MISSING_PARTS, isArray: true }) missing!: PledgeMissingPart[];
}

export class PledgeMissingDto implements PledgeMissingResponse {
  @ApiProperty() classId!: string;
  @ApiProperty() className!: string;
  @ApiProperty({ type: [PledgeMissingEntryDto] }) entries!: PledgeMissingEntryDto[];
  @ApiProperty({ nullable: true, type: String }) lastRemindedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) nextRemindAt!: string | null;
}

export class PledgeRemindDto implements PledgeRemindResponse {
  @ApiProperty() reminded!: number;
  @ApiProperty({ nullable: true, type: String }) nextRemindAt!: string | null;
}
