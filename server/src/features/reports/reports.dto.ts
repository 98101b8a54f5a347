import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import {
  SEMESTER_KEY_PATTERN, type CreateSemesterReportRequest, type SemesterReport, type SemesterReportListResponse, type SemesterReportScope,
  type SemesterReportStatus,
} from '@anxin/shared';
import { Omittable } from '../../platform/common/http/omittable';

export class CreateSemesterReportDto implements CreateSemesterReportRequest {
  @ApiPropertyOptional({ pattern: SEMESTER_KEY_PATTERN.source, example: '2026-1', description: 'the semester (default: the current one)' })
  @Omittable() @IsString() @Matches(SEMESTER_KEY_PATTERN, { message: '学期格式应为 2026-1（学年-第几学期）' })
  semester?: string;
}

export class SemesterReportDto implements SemesterReport {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['school', 'district'] }) scope!: SemesterReportScope;
  @ApiProperty({ format: 'uuid', description: "the school's or the district's id" }) scopeId!: string;
  @ApiProperty({ example: '2026-1' }) semester!: string;
  @ApiProperty({ example: '2026-2027学年 第一学期' }) semesterLabel!: string;
  @ApiProperty({ enum: ['queued', 'running', 'ready', 'failed'] }) status!: SemesterReportStatus;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress!: number;
  @ApiProperty({ description: "exact counts (a school's case handlers), or small counts as '<3'" }) exact!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'the files are deleted then' }) expiresAt!: string;
}

export class SemesterReportListDto implements SemesterReportListResponse {
  @ApiProperty({ type: [SemesterReportDto] }) items!: SemesterReportDto[];
}
