import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsString, IsUUID, Length, Min } from 'class-validator';
import { ApiCount, ApiCountRecord } from '../../../platform/common/http/api-count';
import { Omittable } from '../../../platform/common/http/omittable';
import {
  TIP_LIMITS, TipOutcome, TipStatus, TRIAGE_LIMITS, TRIAGE_OUTCOMES,
  type FloodBatchAction, type FloodBatchRequest, type FloodBatchResult, type MergeTarget, type MergeTipRequest, type TipFlood,
  type Count, type TipOutcomeFigures, type TipTriageInfo, type TriageOutcome, type TriageResult, type TriageTipRequest,
} from '@anxin/shared';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const BATCH_ACTIONS: FloodBatchAction[] = ['acknowledge', 'false_report', 'prank', 'duplicate'];

export class TriageTipDto implements TriageTipRequest {
  @ApiProperty({ description: 'the version last read; stale → 409' }) @IsInt() @Min(1) version!: number;
  @ApiProperty({ enum: TRIAGE_OUTCOMES }) @IsIn(TRIAGE_OUTCOMES as TriageOutcome[], { message: '请选择分流结果' }) outcome!: TriageOutcome;
  @ApiPropertyOptional({ maxLength: TIP_LIMITS.outcomeMax, description: '处理结果 (staff only)' })
  @Omittable() @Transform(trim) @IsString() @Length(1, TIP_LIMITS.outcomeMax) note?: string;
  @ApiPropertyOptional({ maxLength: TRIAGE_LIMITS.referredToMax, description: '非欺凌-其他求助: where it was referred (required then)' })
  @Omittable() @Transform(trim) @IsString() @Length(1, TRIAGE_LIMITS.referredToMax) referredTo?: string;
}

export class MergeTipDto implements MergeTipRequest {
  @ApiProperty({ description: 'the version last read; stale → 409' }) @IsInt() @Min(1) version!: number;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: '请选择要合并到的举报' }) primaryTipId!: string;
}

export class FloodParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id 格式不正确' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id 格式不正确' }) floodId!: string;
}

export class FloodBatchDto implements FloodBatchRequest {
  @ApiProperty({ enum: BATCH_ACTIONS }) @IsIn(BATCH_ACTIONS, { message: '请选择批量处理方式' }) action!: FloodBatchAction;
  @ApiProperty({ type: [String], maxItems: TRIAGE_LIMITS.batchMax })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(TRIAGE_LIMITS.batchMax) @IsUUID('all', { each: true }) tipIds!: string[];
  @ApiPropertyOptional({ format: 'uuid' }) @Omittable() @IsUUID() primaryTipId?: string;
}

export class TipTriageInfoDto implements TipTriageInfo {
  @ApiProperty({ enum: Object.values(TipOutcome) }) outcome!: TipOutcome;
  @ApiProperty() outcomeLabel!: string;
  @ApiProperty({ nullable: true, type: String }) mergedIntoId!: string | null;
  @ApiProperty({ nullable: true, type: String }) referredTo!: string | null;
  @ApiProperty({ nullable: true, type: String }) statement!: string | null;
  @ApiProperty() at!: string;
}

export class TriageResultDto implements TriageResult {
  @ApiProperty() tipId!: string;
  @ApiProperty({ enum: Object.values(TipStatus) }) status!: TipStatus;
  @ApiProperty({ type: TipTriageInfoDto }) triage!: TipTriageInfoDto;
  @ApiProperty() version!: number;
}

export class MergeTargetDto implements MergeTarget {
  @ApiProperty() id!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ enum: Object.values(TipStatus) }) status!: TipStatus;
  @ApiProperty() submittedAt!: string;
}

export class TipFloodDto implements TipFlood {
  @ApiProperty() id!: string;
  @ApiProperty() schoolId!: string;
  @ApiProperty() startedAt!: string;
  @ApiProperty() lastTipAt!: string;
  @ApiProperty() tipCount!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String] }) openTipIds!: string[];
  @ApiProperty() tightenedUntil!: string;
}

export class FloodBatchResultDto implements FloodBatchResult {
  @ApiProperty() done!: number;
  @ApiProperty() skipped!: number;
}

export class TipOutcomeFiguresDto implements TipOutcomeFigures {
  @ApiCountRecord('cases by outcome') byOutcome!: Record<TipOutcome, Count>;
  @ApiCount('cases with an outcome') decided!: Count;
  @ApiProperty({ type: Number, nullable: true, description: '恶意/虚假举报 among decided cases (0–1)' }) falseReportShare!: number | null;
}
