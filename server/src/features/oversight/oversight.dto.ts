import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, IsUUID, Length, Matches } from 'class-validator';
import {
  OVERSIGHT_LIMITS, SEMESTER_KEY_PATTERN, SUPERVISION_FLAG_KEY_PATTERN, SUPERVISION_RULES, TipCategory, TipStatus,
  type AckSupervisionFlagRequest, type Count, type DistrictDashboardResponse, type DistrictDashboardSchool, type MonthCount, type NoticeFigures, type PledgeFigures,
  type SchoolDashboardResponse, type SemesterOption, type SupervisionFlag, type SupervisionFlagCase, type SupervisionRule,
} from '@anxin/shared';
import { ApiCount } from '../../platform/common/http/api-count';
import { Omittable } from '../../platform/common/http/omittable';
import { SemesterInfoDto } from '../calendar/calendar.dto';
import { TipOutcomeFiguresDto } from '../tips/triage/tip-triage.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SemesterQueryDto {
  @ApiPropertyOptional({ pattern: SEMESTER_KEY_PATTERN.source, example: '2026-1', description: 'the semester (default: the current one): 2026-1 = 2026–2027 第一学期' })
  @Omittable() @IsString() @Matches(SEMESTER_KEY_PATTERN, { message: '学期格式应为 2026-1（学年-第几学期）' })
  semester?: string;
}

export class FlagParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id 格式不正确' }) id!: string;

  @ApiProperty({ pattern: SUPERVISION_FLAG_KEY_PATTERN.source, example: 'repeat_confirmed.6f1c…-….2026-1', description: 'rule.schoolId.semester' })
  @IsString() @Matches(SUPERVISION_FLAG_KEY_PATTERN, { message: '督导提示的标识不正确' })
  flagKey!: string;
}

export class AckSupervisionFlagDto implements AckSupervisionFlagRequest {
  @ApiProperty({ minLength: 1, maxLength: OVERSIGHT_LIMITS.flagNoteMax, description: 'what the bureau did or decided (约谈、督导整改…)' })
  @Transform(trim) @IsString() @Length(1, OVERSIGHT_LIMITS.flagNoteMax, { message: `请填写处理说明（最多 ${OVERSIGHT_LIMITS.flagNoteMax} 字）` })
  note!: string;
}

export class SemesterOptionDto implements SemesterOption {
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
}

export class CategoryCountDto {
  @ApiProperty({ enum: Object.values(TipCategory) }) category!: TipCategory;
  @ApiCount() count!: Count;
}

export class MonthCountDto implements MonthCount {
  @ApiProperty({ example: '2026-09' }) month!: string;
  @ApiProperty({ example: '9月' }) label!: string;
  @ApiCount() count!: Count;
}

export class SchoolDashboardTipsDto {
  @ApiCount() total!: Count;
  @ApiProperty({ type: [CategoryCountDto] }) byCategory!: CategoryCountDto[];
  @ApiProperty({ type: [MonthCountDto] }) byMonth!: MonthCountDto[];
  @ApiCount() escalatedToPrincipal!: Count;
  @ApiCount() escalatedToDistrict!: Count;
  @ApiCount('investigations that found bullying') confirmed!: Count;
  @ApiPropertyOptional({ type: TipOutcomeFiguresDto }) outcomes?: TipOutcomeFiguresDto;
}

export class AcknowledgementFiguresDto {
  @ApiCount() acknowledged!: Count;
  @ApiCount() withinDeadline!: Count;
  @ApiProperty({ type: Number, nullable: true, description: '0–1; null with nothing to divide or a withheld small count' }) withinDeadlineShare!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'minutes from receipt to acknowledgement' }) medianMinutes!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90Minutes!: number | null;
}

export class CaseFiguresDto {
  @ApiCount() open!: Count;
  @ApiCount() overdue!: Count;
  @ApiCount('investigations past their 15 days, undecided') investigationsOverdue!: Count;
}

export class NoticeFiguresDto implements NoticeFigures {
  @ApiProperty() published!: number;
  @ApiCount() recipients!: Count;
  @ApiCount() read!: Count;
  @ApiCount() acknowledged!: Count;
  @ApiProperty({ type: Number, nullable: true }) readShare!: number | null;
  @ApiProperty({ type: Number, nullable: true }) acknowledgedShare!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the receipts were last counted' }) countedAt!: string | null;
}

export class PendingBindingsDto {
  @ApiCount() pending!: Count;
}

export class PledgeGradeFiguresDto {
  @ApiProperty() gradeNumber!: number;
  @ApiProperty() gradeName!: string;
  @ApiCount() students!: Count;
  @ApiCount() signed!: Count;
  @ApiProperty({ type: Number, nullable: true }) signedShare!: number | null;
}

export class PledgeFiguresDto implements PledgeFigures {
  @ApiProperty() pledgeId!: string;
  @ApiProperty({ example: '2026-2027' }) schoolYear!: string;
  @ApiProperty({ type: [PledgeGradeFiguresDto] }) byGrade!: PledgeGradeFiguresDto[];
  @ApiCount() students!: Count;
  @ApiCount() signed!: Count;
  @ApiProperty({ type: Number, nullable: true }) signedShare!: number | null;
}

export class SchoolDashboardDto implements SchoolDashboardResponse {
  @ApiProperty() schoolId!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty({ type: SemesterInfoDto }) semester!: SemesterInfoDto;
  @ApiProperty({ type: [SemesterOptionDto] }) semesters!: SemesterOptionDto[];
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty() exact!: boolean;
  @ApiProperty({ type: SchoolDashboardTipsDto }) tips!: SchoolDashboardTipsDto;
  @ApiProperty({ type: AcknowledgementFiguresDto }) acknowledgement!: AcknowledgementFiguresDto;
  @ApiProperty({ type: CaseFiguresDto }) cases!: CaseFiguresDto;
  @ApiProperty({ type: NoticeFiguresDto }) notices!: NoticeFiguresDto;
  @ApiProperty({ type: PendingBindingsDto }) bindings!: PendingBindingsDto;
  @ApiProperty({ type: PledgeFiguresDto, nullable: true, description: "the school year's pledge by grade; null when there is none" }) pledges!: PledgeFiguresDto | null;
}

export class SupervisionFlagCaseDto implements SupervisionFlagCase {
  @ApiProperty() tipId!: string;
  @ApiProperty({ enum: Object.values(TipCategory) }) category!: TipCategory;
  @ApiProperty({ enum: Object.values(TipStatus) }) status!: TipStatus;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
}

export class FlagAcknowledgementDto {
  @ApiProperty() note!: string;
  @ApiProperty({ description: 'the officer, by display name' }) by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'more cases came to the flag after it was acknowledged' }) newSince!: boolean;
}

export class SupervisionFlagDto implements SupervisionFlag {
  @ApiProperty() key!: string;
  @ApiProperty({ enum: SUPERVISION_RULES }) rule!: SupervisionRule;
  @ApiProperty() schoolId!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty() semesterKey!: string;
  @ApiProperty() title!: string;
  @ApiProperty() explanation!: string;
  @ApiCount() count!: Count;
  @ApiProperty({ type: [SupervisionFlagCaseDto], description: 'the cases escalated to the district (each opening is audited)' }) cases!: SupervisionFlagCaseDto[];
  @ApiCount('the other cases, counted only') otherCases!: Count;
  @ApiProperty({ type: FlagAcknowledgementDto, nullable: true }) acknowledged!: FlagAcknowledgementDto | null;
}

export class SetupProgressDto {
  @ApiProperty() done!: number;
  @ApiProperty() total!: number;
  @ApiProperty() complete!: boolean;
}

export class DistrictDashboardSchoolDto implements DistrictDashboardSchool {
  @ApiProperty() schoolId!: string;
  @ApiProperty() schoolName!: string;
  @ApiCount() tips!: Count;
  @ApiCount() acknowledged!: Count;
  @ApiCount() withinDeadline!: Count;
  @ApiProperty({ type: Number, nullable: true }) withinDeadlineShare!: number | null;
  @ApiCount() overdue!: Count;
  @ApiCount() escalatedToDistrict!: Count;
  @ApiProperty({ type: SetupProgressDto }) setup!: SetupProgressDto;
  @ApiProperty({ type: NoticeFiguresDto }) letters!: NoticeFiguresDto;
  @ApiProperty() flagsOpen!: number;
  @ApiProperty() flagsAcknowledged!: number;
  @ApiPropertyOptional({ type: TipOutcomeFiguresDto }) outcomes?: TipOutcomeFiguresDto;
}

export class DistrictTotalsDto {
  @ApiProperty() schools!: number;
  @ApiCount() tips!: Count;
  @ApiProperty({ type: Number, nullable: true }) withinDeadlineShare!: number | null;
  @ApiCount() overdue!: Count;
  @ApiCount() escalatedToDistrict!: Count;
  @ApiProperty() schoolsSetUp!: number;
  @ApiProperty() flagsOpen!: number;
  @ApiPropertyOptional({ type: TipOutcomeFiguresDto }) outcomes?: TipOutcomeFiguresDto;
}

export class DistrictDashboardDto implements DistrictDashboardResponse {
  @ApiProperty() districtId!: string;
  @ApiProperty() districtName!: string;
  @ApiProperty({ type: SemesterInfoDto }) semester!: SemesterInfoDto;
  @ApiProperty({ type: [SemesterOptionDto] }) semesters!: SemesterOptionDto[];
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: DistrictTotalsDto }) totals!: DistrictTotalsDto;
  @ApiProperty({ type: [DistrictDashboardSchoolDto] }) schools!: DistrictDashboardSchoolDto[];
  @ApiProperty({ type: [SupervisionFlagDto] }) flags!: SupervisionFlagDto[];
}
