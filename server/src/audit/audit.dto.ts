import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import type { AuditCheckpoint, AuditEntryResponse, AuditVerifyResponse } from '@anxin/shared';

export class AuditListQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) afterSeq?: number;
  @ApiPropertyOptional({ maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() action?: string;
}

export class AuditVerifyQueryDto {
  @ApiPropertyOptional({ description: 'seq of an exported checkpoint' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) checkpointSeq?: number;
  @ApiPropertyOptional({ description: 'hash of an exported checkpoint' })
  @IsOptional() @Matches(/^[0-9a-f]{64}$/) checkpointHash?: string;
}

export class AuditEntryDto implements AuditEntryResponse {
  @ApiProperty() seq!: number;
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: String }) actorUserId!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty({ nullable: true, type: String }) targetType!: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty() total!: number;
}

export class AuditCheckpointDto implements AuditCheckpoint {
  @ApiProperty() schoolId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty() hash!: string;
  @ApiProperty() at!: string;
}

export class AuditVerifyDto implements AuditVerifyResponse {
  @ApiProperty() ok!: boolean;
  @ApiProperty() entries!: number;
  @ApiProperty({ type: AuditCheckpointDto, nullable: true }) head!: AuditCheckpointDto | null;
  @ApiProperty({ nullable: true, type: Number }) firstBrokenSeq!: number | null;
  @ApiProperty({ nullable: true, type: String }) problem!: string | null;
}
