import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsObject, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import {
  CALENDAR_YEARS_MAX, SCHOOL_YEAR_MAX, SCHOOL_YEAR_MIN, type DistrictCalendarResponse, type PutDistrictCalendarRequest, type SchoolYearCalendar,
  type SemesterDates, type SemesterInfo, type SemesterTerm,
} from '@anxin/shared';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MESSAGE = '日期格式应为 YYYY-MM-DD';

export class SemesterDatesDto implements SemesterDates {
  @ApiProperty({ example: '2026-09-01', pattern: DAY.source }) @IsString() @Matches(DAY, { message: DAY_MESSAGE }) startsOn!: string;
  @ApiProperty({ example: '2027-01-31', pattern: DAY.source }) @IsString() @Matches(DAY, { message: DAY_MESSAGE }) endsOn!: string;
}

export class SchoolYearCalendarDto implements SchoolYearCalendar {
  @ApiProperty({ example: 2026, minimum: SCHOOL_YEAR_MIN, maximum: SCHOOL_YEAR_MAX, description: '2026 = the 2026–2027 school year' })
  @IsInt() @Min(SCHOOL_YEAR_MIN) @Max(SCHOOL_YEAR_MAX) schoolYear!: number;

  @ApiProperty({ type: SemesterDatesDto, description: '第一学期 (autumn)' })
  @IsObject() @ValidateNested() @Type(() => SemesterDatesDto) first!: SemesterDatesDto;

  @ApiProperty({ type: SemesterDatesDto, description: '第二学期 (spring)' })
  @IsObject() @ValidateNested() @Type(() => SemesterDatesDto) second!: SemesterDatesDto;
}

export class PutDistrictCalendarDto implements PutDistrictCalendarRequest {
  @ApiProperty({ type: [SchoolYearCalendarDto], maxItems: CALENDAR_YEARS_MAX, description: 'the school years the district sets; the others follow the default' })
  @IsArray() @ArrayMaxSize(CALENDAR_YEARS_MAX) @ValidateNested({ each: true }) @Type(() => SchoolYearCalendarDto) years!: SchoolYearCalendarDto[];
}

export class SemesterInfoDto implements SemesterInfo {
  @ApiProperty({ example: '2026-1' }) key!: string;
  @ApiProperty() schoolYear!: number;
  @ApiProperty({ enum: [1, 2] }) term!: SemesterTerm;
  @ApiProperty({ example: '2026-2027学年 第一学期' }) label!: string;
  @ApiProperty({ example: '2026-09-01' }) startsOn!: string;
  @ApiProperty({ example: '2027-01-31' }) endsOn!: string;
  @ApiProperty({ format: 'date-time', description: 'the counting window starts (the day after the previous semester ended)' }) from!: string;
  @ApiProperty({ format: 'date-time', description: 'the counting window ends (exclusive)' }) until!: string;
  @ApiProperty() custom!: boolean;
}

export class EffectiveSchoolYearDto extends SchoolYearCalendarDto {
  @ApiProperty() @IsBoolean() custom!: boolean;
}

export class DistrictCalendarDto implements DistrictCalendarResponse {
  @ApiProperty() districtId!: string;
  @ApiProperty({ type: [SchoolYearCalendarDto] }) years!: SchoolYearCalendarDto[];
  @ApiProperty({ type: SemesterInfoDto }) current!: SemesterInfoDto;
  @ApiProperty({ type: [EffectiveSchoolYearDto] }) upcoming!: EffectiveSchoolYearDto[];
}
