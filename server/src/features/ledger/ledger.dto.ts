import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, Min,
} from 'class-validator';
import {
  LEDGER_FREQUENCIES, LEDGER_LIMITS, LEDGER_STATUSES, SEMESTER_KEY_PATTERN, type CreateLedgerActivityRequest, type CreateLedgerExportRequest,
  type LedgerActivity, type LedgerAudience, type LedgerCatalogueResponse, type LedgerChoice, type LedgerDistrictResponse, type LedgerDuty,
  type LedgerDutyRow, type LedgerEvidence, type LedgerExport, type LedgerExportListResponse, type LedgerExportStatus, type LedgerFileRef,
  type LedgerFrequency, type LedgerResponse, type LedgerSchoolSummary, type LedgerSemesterOption, type LedgerSource, type LedgerStatus,
  type PutLedgerDutyRequest, type UpdateLedgerActivityRequest,
} from '@anxin/shared';
import { Omittable } from '../../platform/common/http/omittable';

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const AUDIENCES: LedgerAudience[] = ['school', 'classes', 'staff'];
const SOURCES: LedgerSource[] = ['letter', 'survey', 'pledge', 'contact', 'test_tip'];
const EXPORT_STATUSES: LedgerExportStatus[] = ['queued', 'running', 'ready', 'failed'];
const COUNTS = { type: 'object', additionalProperties: { type: 'integer' }, description: `duties per status (${LEDGER_STATUSES.join(', ')})` } as const;

// ------------------------------------------------------------------ requests

export class LedgerSemesterQueryDto {
  @ApiPropertyOptional({ pattern: SEMESTER_KEY_PATTERN.source, example: '2026-1', description: 'the semester (default: the current one)' })
  @Omittable() @IsString() @Matches(SEMESTER_KEY_PATTERN, { message: '学期格式应为 2026-1（学年-第几学期）' })
  semester?: string;
}

export class CreateLedgerActivityDto implements CreateLedgerActivityRequest {
  @ApiProperty({ example: 'class_meeting', maxLength: LEDGER_LIMITS.dutyKeyMax }) @IsString() @Length(1, LEDGER_LIMITS.dutyKeyMax, { message: '请选择工作项目' }) dutyKey!: string;
  @ApiProperty({ example: '2026-11-20', description: 'the day it happened (Shanghai), not after today' })
  @IsString() @Matches(DAY_PATTERN, { message: '日期格式应为 2026-11-20' }) heldOn!: string;
  @ApiProperty({ maxLength: LEDGER_LIMITS.leaderMax })
  @IsString() @Length(1, LEDGER_LIMITS.leaderMax, { message: `负责人或主讲人为 1 到 ${LEDGER_LIMITS.leaderMax} 个字` }) leader!: string;
  @ApiProperty({ enum: AUDIENCES }) @IsIn(AUDIENCES, { message: '对象应为全校、班级或教职工' }) audience!: LedgerAudience;
  @ApiPropertyOptional({ type: [String], maxItems: LEDGER_LIMITS.classesMax, description: "audience 'classes': the classes" })
  @Omittable() @IsArray() @ArrayMaxSize(LEDGER_LIMITS.classesMax) @IsUUID('all', { each: true, message: '班级 id 格式不正确' }) classIds?: string[];
  @ApiPropertyOptional({ format: 'uuid', description: 'a training (a teacher_3y duty): the teacher it is for' })
  @Omittable() @IsUUID('all', { message: '教师 id 格式不正确' }) teacherUserId?: string;
  @ApiProperty({ minimum: 0, maximum: LEDGER_LIMITS.attendanceMax })
  @IsInt({ message: '参加人数应为整数' }) @Min(0) @Max(LEDGER_LIMITS.attendanceMax) attendance!: number;
  @ApiProperty({ maxLength: LEDGER_LIMITS.descriptionMax })
  @IsString() @Length(1, LEDGER_LIMITS.descriptionMax, { message: `简要说明为 1 到 ${LEDGER_LIMITS.descriptionMax} 个字` }) description!: string;
}

export class UpdateLedgerActivityDto implements UpdateLedgerActivityRequest {
  @ApiPropertyOptional({ example: '2026-11-20' }) @Omittable() @IsString() @Matches(DAY_PATTERN, { message: '日期格式应为 2026-11-20' }) heldOn?: string;
  @ApiPropertyOptional({ maxLength: LEDGER_LIMITS.leaderMax })
  @Omittable() @IsString() @Length(1, LEDGER_LIMITS.leaderMax, { message: `负责人或主讲人为 1 到 ${LEDGER_LIMITS.leaderMax} 个字` }) leader?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: LEDGER_LIMITS.attendanceMax })
  @Omittable() @IsInt({ message: '参加人数应为整数' }) @Min(0) @Max(LEDGER_LIMITS.attendanceMax) attendance?: number;
  @ApiPropertyOptional({ maxLength: LEDGER_LIMITS.descriptionMax })
  @Omittable() @IsString() @Length(1, LEDGER_LIMITS.descriptionMax, { message: `简要说明为 1 到 ${LEDGER_LIMITS.descriptionMax} 个字` }) description?: string;
}

export class PutLedgerDutyDto implements PutLedgerDutyRequest {
  @ApiPropertyOptional({ maxLength: LEDGER_LIMITS.dutyKeyMax, description: 'the duty changed; left out: a new duty of the district' })
  @Omittable() @IsString() @Length(1, LEDGER_LIMITS.dutyKeyMax) key?: string;
  @ApiProperty({ maxLength: LEDGER_LIMITS.dutyNameMax })
  @IsString() @Length(1, LEDGER_LIMITS.dutyNameMax, { message: `名称为 1 到 ${LEDGER_LIMITS.dutyNameMax} 个字` }) name!: string;
  @ApiProperty({ enum: LEDGER_FREQUENCIES }) @IsIn(LEDGER_FREQUENCIES, { message: '频次不正确' }) frequency!: LedgerFrequency;
  @ApiProperty({ maxLength: LEDGER_LIMITS.appliesToMax })
  @IsString() @Length(1, LEDGER_LIMITS.appliesToMax, { message: `适用对象为 1 到 ${LEDGER_LIMITS.appliesToMax} 个字` }) appliesTo!: string;
  @ApiProperty({ maxLength: LEDGER_LIMITS.evidenceMax })
  @IsString() @Length(1, LEDGER_LIMITS.evidenceMax, { message: `佐证材料说明为 1 到 ${LEDGER_LIMITS.evidenceMax} 个字` }) evidence!: string;
  @ApiProperty() @IsBoolean() retired!: boolean;
}

export class CreateLedgerExportDto implements CreateLedgerExportRequest {
  @ApiPropertyOptional({ pattern: SEMESTER_KEY_PATTERN.source, example: '2026-1', description: 'the semester (default: the current one)' })
  @Omittable() @IsString() @Matches(SEMESTER_KEY_PATTERN, { message: '学期格式应为 2026-1（学年-第几学期）' })
  semester?: string;
}

// ------------------------------------------------------------------ responses

export class LedgerFileRefDto implements LedgerFileRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['photo', 'pdf'] }) kind!: 'photo' | 'pdf';
  @ApiProperty({ example: '照片1.jpg' }) name!: string;
  @ApiProperty() bytes!: number;
}

export class LedgerEvidenceDto implements LedgerEvidence {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) activityId!: string | null;
  @ApiProperty({ enum: SOURCES, nullable: true }) source!: LedgerSource | null;
  @ApiProperty({ example: '2026-11-20' }) heldOn!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty() leader!: string;
  @ApiProperty({ enum: AUDIENCES }) audience!: LedgerAudience;
  @ApiProperty({ nullable: true, type: Number }) attendance!: number | null;
  @ApiProperty({ type: [String] }) classNames!: string[];
  @ApiProperty({ nullable: true, type: String }) teacherName!: string | null;
  @ApiProperty({ nullable: true, type: String }) recordedBy!: string | null;
  @ApiProperty({ format: 'date-time', description: 'when it was recorded (the real creation time)' }) recordedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) updatedAt!: string | null;
  @ApiProperty({ type: [LedgerFileRefDto] }) files!: LedgerFileRefDto[];
  @ApiProperty({ nullable: true, type: String, description: 'the app page of the record it came from' }) link!: string | null;
  @ApiProperty() editable!: boolean;
}

export class LedgerDutyRowDto implements LedgerDutyRow {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: LEDGER_FREQUENCIES }) frequency!: LedgerFrequency;
  @ApiProperty() appliesTo!: string;
  @ApiProperty() evidenceText!: string;
  @ApiProperty({ enum: SOURCES, nullable: true }) source!: LedgerSource | null;
  @ApiProperty({ enum: LEDGER_STATUSES }) status!: LedgerStatus;
  @ApiProperty() required!: number;
  @ApiProperty() covered!: number;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ example: '2027-01-31' }) dueOn!: string;
  @ApiProperty({ type: [String] }) missing!: string[];
  @ApiProperty({ type: [LedgerEvidenceDto] }) evidence!: LedgerEvidenceDto[];
}

export class LedgerSemesterOptionDto implements LedgerSemesterOption {
  @ApiProperty({ example: '2026-1' }) key!: string;
  @ApiProperty({ example: '2026-2027学年 第一学期' }) label!: string;
}

export class LedgerChoiceDto implements LedgerChoice {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class LedgerResponseDto implements LedgerResponse {
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty({ example: '2026-1' }) semester!: string;
  @ApiProperty() semesterLabel!: string;
  @ApiProperty({ type: [LedgerSemesterOptionDto] }) semesters!: LedgerSemesterOptionDto[];
  @ApiProperty(COUNTS) counts!: Record<LedgerStatus, number>;
  @ApiProperty({ type: [LedgerDutyRowDto] }) duties!: LedgerDutyRowDto[];
  @ApiProperty({ type: [LedgerChoiceDto] }) classes!: LedgerChoiceDto[];
  @ApiProperty({ type: [LedgerChoiceDto] }) teachers!: LedgerChoiceDto[];
  @ApiProperty() recordsAll!: boolean;
  @ApiProperty() canExport!: boolean;
}

export class LedgerActivityDto implements LedgerActivity {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
  @ApiProperty() dutyKey!: string;
  @ApiProperty({ example: '2026-11-20' }) heldOn!: string;
  @ApiProperty() leader!: string;
  @ApiProperty({ enum: AUDIENCES }) audience!: LedgerAudience;
  @ApiProperty({ type: [String] }) classIds!: string[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) teacherUserId!: string | null;
  @ApiProperty() attendance!: number;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [LedgerFileRefDto] }) files!: LedgerFileRefDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) updatedAt!: string | null;
}

export class LedgerSchoolSummaryDto implements LedgerSchoolSummary {
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty(COUNTS) counts!: Record<LedgerStatus, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: LEDGER_STATUSES }, description: 'duty key → status' })
  statuses!: Record<string, LedgerStatus>;
}

export class LedgerDutyNameDto {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
}

export class LedgerDistrictResponseDto implements LedgerDistrictResponse {
  @ApiProperty({ format: 'uuid' }) districtId!: string;
  @ApiProperty({ example: '2026-1' }) semester!: string;
  @ApiProperty() semesterLabel!: string;
  @ApiProperty({ type: [LedgerSemesterOptionDto] }) semesters!: LedgerSemesterOptionDto[];
  @ApiProperty({ type: [LedgerDutyNameDto] }) duties!: LedgerDutyNameDto[];
  @ApiProperty({ type: [LedgerSchoolSummaryDto] }) schools!: LedgerSchoolSummaryDto[];
}

export class LedgerDutyDto implements LedgerDuty {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: LEDGER_FREQUENCIES }) frequency!: LedgerFrequency;
  @ApiProperty() appliesTo!: string;
  @ApiProperty() evidence!: string;
  @ApiProperty({ enum: SOURCES, nullable: true }) source!: LedgerSource | null;
  @ApiProperty() retired!: boolean;
  @ApiProperty() custom!: boolean;
}

export class LedgerCatalogueDto implements LedgerCatalogueResponse {
  @ApiProperty({ type: [LedgerDutyDto] }) duties!: LedgerDutyDto[];
}

export class LedgerExportDto implements LedgerExport {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
  @ApiProperty({ example: '2026-1' }) semester!: string;
  @ApiProperty() semesterLabel!: string;
  @ApiProperty({ enum: EXPORT_STATUSES }) status!: LedgerExportStatus;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class LedgerExportListDto implements LedgerExportListResponse {
  @ApiProperty({ type: [LedgerExportDto] }) items!: LedgerExportDto[];
}

export const LEDGER_UPLOAD_SCHEMA = {
  schema: {
    type: 'object', required: ['file'],
    properties: { file: { type: 'string', format: 'binary', description: `a JPEG or PNG photo, or a PDF; at most ${LEDGER_LIMITS.fileBytesMax} bytes` } },
  },
};

