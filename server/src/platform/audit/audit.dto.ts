import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { Omittable } from '../common/http/omittable';
import type {
  AuditBrokenCheckpoint, AuditCheckpoint, AuditEntryResponse, AuditSealProblem, AuditSealProblemReason, AuditSealReport, AuditSignedCheckpoint,
  AuditVerifyResponse,
} from '@anxin/shared';

export class AuditListQueryDto {
  @ApiPropertyOptional() @Omittable() @Type(() => Number) @IsInt() @Min(0) afterSeq?: number;
  @ApiPropertyOptional({ maximum: 500 }) @Omittable() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional() @Omittable() @IsString() action?: string;
}

export class AuditVerifyQueryDto {
  @ApiPropertyOptional({ description: 'seq of an exported checkpoint' })
  @Omittable() @Type(() => Number) @IsInt() @Min(1) checkpointSeq?: number;
  @ApiPropertyOptional({ description: 'hash of an exported checkpoint' })
  @Omittable() @Matches(/^[0-9a-f]{64}$/) checkpointHash?: string;
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

export class AuditSignedCheckpointDto implements AuditSignedCheckpoint {
  @ApiProperty() schoolId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty() headHash!: string;
  @ApiProperty() signedAt!: string;
  @ApiProperty({ description: 'first 16 hex digits of SHA-256 of the raw Ed25519 public key' }) keyId!: string;
  @ApiProperty({ description: 'base64 Ed25519 signature' }) signature!: string;
}

export class AuditBrokenCheckpointDto implements AuditBrokenCheckpoint {
  @ApiProperty({ nullable: true, type: Number, description: "line of the school's checkpoint file; null for the checkpoint given in the query" }) line!: number | null;
  @ApiProperty({ nullable: true, type: Number }) seq!: number | null;
  @ApiProperty({ nullable: true, type: String }) headHash!: string | null;
  @ApiProperty({ nullable: true, type: String }) signedAt!: string | null;
}

export class AuditSealProblemDto implements AuditSealProblem {
  @ApiProperty({ enum: ['changed', 'deleted', 'batch', 'forged', 'unknown_kind'] }) reason!: AuditSealProblemReason;
  @ApiProperty({ nullable: true, type: String, description: 'the seal kind, e.g. notice.receipt' }) kind!: string | null;
  @ApiProperty({ nullable: true, type: String }) recordId!: string | null;
  @ApiProperty({ nullable: true, type: String }) batchId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Shanghai day, YYYY-MM-DD' }) day!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: "seq of the batch's audit entry" }) seq!: number | null;
  @ApiProperty() message!: string;
}

export class AuditSealReportDto implements AuditSealReport {
  @ApiProperty() batches!: number;
  @ApiProperty() leaves!: number;
  @ApiProperty() recordsChecked!: number;
  @ApiProperty() pending!: number;
  @ApiProperty({ description: 'records whose latest change is still being sealed (not compared this time)' }) behind!: number;
  @ApiProperty({ type: [AuditSealProblemDto], description: 'the first 100' }) problems!: AuditSealProblemDto[];
  @ApiProperty() problemCount!: number;
}

export class AuditVerifyDto implements AuditVerifyResponse {
  @ApiProperty() ok!: boolean;
  @ApiProperty() entries!: number;
  @ApiProperty({ type: AuditCheckpointDto, nullable: true }) head!: AuditCheckpointDto | null;
  @ApiProperty({ nullable: true, type: Number }) firstBrokenSeq!: number | null;
  @ApiProperty({ type: AuditBrokenCheckpointDto, nullable: true }) brokenCheckpoint!: AuditBrokenCheckpointDto | null;
  @ApiProperty({ nullable: true, type: String }) problem!: string | null;
  @ApiProperty() checkpointsChecked!: number;
  @ApiProperty({ type: AuditSignedCheckpointDto, nullable: true }) lastCheckpoint!: AuditSignedCheckpointDto | null;
  @ApiProperty({ description: 'the hash chain and its checkpoints hold (ok is also false when only a sealed record disagrees)' }) chainOk!: boolean;
  @ApiProperty({ type: AuditSealReportDto, nullable: true, description: 'the sealed records; null when the chain itself is broken' }) seals!: AuditSealReportDto | null;
}
