import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import {
  LEGAL_HOLD_REASON_MAX, RETENTION_BOUNDS, RETENTION_KIND_LABELS,
  type HeldCase, type LegalHoldRequest, type RetentionKind, type RetentionRules, type TipRetentionInfo, type UpcomingErasure,
  type UpcomingErasures, type UpdateRetentionRulesRequest,
} from '@anxin/shared';

const B = RETENTION_BOUNDS;
const KINDS = Object.keys(RETENTION_KIND_LABELS) as RetentionKind[];

export class RetentionRulesDto implements RetentionRules {
  @ApiProperty() tipContentYears!: number;
  @ApiProperty() unansweredThreadYears!: number;
  @ApiProperty() receiptYears!: number;
  @ApiProperty() logDays!: number;
  @ApiProperty() isDefault!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
}

export class UpdateRetentionRulesDto implements UpdateRetentionRulesRequest {
  @ApiProperty({ minimum: B.tipContentYears.min, maximum: B.tipContentYears.max })
  @IsInt() @Min(B.tipContentYears.min, { message: `举报内容至少保留 ${B.tipContentYears.min} 年` }) @Max(B.tipContentYears.max, { message: `举报内容最多保留 ${B.tipContentYears.max} 年` })
  tipContentYears!: number;
  @ApiProperty({ minimum: B.unansweredThreadYears.min, maximum: B.unansweredThreadYears.max })
  @IsInt() @Min(B.unansweredThreadYears.min, { message: `未获回复的留言至少保留 ${B.unansweredThreadYears.min} 年` })
  @Max(B.unansweredThreadYears.max, { message: `未获回复的留言最多保留 ${B.unansweredThreadYears.max} 年` })
  unansweredThreadYears!: number;
  @ApiProperty({ minimum: B.receiptYears.min, maximum: B.receiptYears.max })
  @IsInt() @Min(B.receiptYears.min, { message: `回执与签字至少在学年结束后保留 ${B.receiptYears.min} 年` }) @Max(B.receiptYears.max, { message: `回执与签字最多保留 ${B.receiptYears.max} 年` })
  receiptYears!: number;
  @ApiProperty({ minimum: B.logDays.min, maximum: B.logDays.max })
  @IsInt() @Min(B.logDays.min, { message: `服务器日志至少保留 ${B.logDays.min} 天` }) @Max(B.logDays.max, { message: `服务器日志最多保留 ${B.logDays.max} 天` })
  logDays!: number;
}

export class LegalHoldDto implements LegalHoldRequest {
  @ApiProperty({ minLength: 1, maxLength: LEGAL_HOLD_REASON_MAX })
  @IsString() @Length(1, LEGAL_HOLD_REASON_MAX, { message: `保全原因为 1 到 ${LEGAL_HOLD_REASON_MAX} 个字` }) reason!: string;
}

export class UpcomingErasureDto implements UpcomingErasure {
  @ApiProperty({ format: 'uuid' }) tipId!: string;
  @ApiProperty({ enum: KINDS }) kind!: RetentionKind;
  @ApiProperty() kindLabel!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
}

export class HeldCaseDto implements HeldCase {
  @ApiProperty({ format: 'uuid' }) tipId!: string;
  @ApiProperty({ format: 'date-time' }) setAt!: string;
}

export class UpcomingErasuresDto implements UpcomingErasures {
  @ApiProperty({ type: [UpcomingErasureDto] }) items!: UpcomingErasureDto[];
  @ApiProperty({ type: [HeldCaseDto] }) held!: HeldCaseDto[];
}

export class TipRetentionInfoDto implements TipRetentionInfo {
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) eraseAt!: string | null;
  @ApiProperty() legalHold!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) erasedAt!: string | null;
  @ApiProperty() canHold!: boolean;
}
