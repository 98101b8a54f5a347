import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Omittable } from '../../platform/common/http/omittable';
import { DRY_RUN_NO, DRY_RUN_PATTERN, DRY_RUN_YES } from './roster-upload';
import type { RosterImportReport, RosterRowProblem } from '@anxin/shared';

export class RosterImportQueryDto {
  @ApiPropertyOptional({
    pattern: DRY_RUN_PATTERN.source,
    description: `validate and report without applying (also accepted as a form field): ${DRY_RUN_YES.join('/')} (any case) mean a dry run, ${DRY_RUN_NO.filter(Boolean).join('/')} or empty an import`,
  })
  @Omittable() @IsString() @Matches(DRY_RUN_PATTERN)
  dryRun?: string;
}

export class RosterRowProblemDto implements RosterRowProblem {
  @ApiProperty({ description: 'row number as Excel shows it' }) row!: number;
  @ApiProperty({ description: "the column's header as written in the file" }) column!: string;
  @ApiProperty() problem!: string;
}

export class RosterCreatedCountsDto {
  @ApiProperty() grades!: number;
  @ApiProperty() classes!: number;
  @ApiProperty() students!: number;
  @ApiProperty() guardians!: number;
}

export class RosterUpdatedCountsDto {
  @ApiProperty() students!: number;
}

export class RosterRemovedCountsDto {
  @ApiProperty() guardians!: number;
}

/** Also the `details` of a 422 ROSTER_INVALID answer. */
export class RosterImportReportDto implements RosterImportReport {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty() applied!: boolean;
  @ApiProperty() sheetName!: string;
  @ApiProperty() rowsRead!: number;
  @ApiProperty({ type: [RosterRowProblemDto] }) problems!: RosterRowProblemDto[];
  @ApiProperty({ type: RosterCreatedCountsDto }) created!: RosterCreatedCountsDto;
  @ApiProperty({ type: RosterUpdatedCountsDto }) updated!: RosterUpdatedCountsDto;
  @ApiPropertyOptional({ type: RosterRemovedCountsDto }) removed?: RosterRemovedCountsDto;
  @ApiProperty({ description: 'students in the file that were already exactly so' }) unchanged!: number;
  @ApiProperty() durationMs!: number;
}
