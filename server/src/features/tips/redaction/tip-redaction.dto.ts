import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, Max, Min, ValidateNested } from 'class-validator';
import {
  TIP_LIMITS, TIP_NOTE_LIMITS, TIP_REDACTED_FIELDS, type SaveTipRedactionRequest, type StaffRef, type TextSpan, type TipRedactedField,
  type TipRedactionField, type TipRedactionSummary, type TipRedactionView, type TipSpanCandidate, type TipSpanKind,
} from '@anxin/shared';
import { StaffRefDto } from '../tips.dto';

const KINDS: TipSpanKind[] = ['name', 'roster_name', 'phone', 'id_number', 'address', 'social_id'];

export class TextSpanDto implements TextSpan {
  @ApiProperty({ minimum: 0, maximum: TIP_LIMITS.descriptionMax }) @IsInt() @Min(0) @Max(TIP_LIMITS.descriptionMax) start!: number;
  @ApiProperty({ minimum: 0, maximum: TIP_LIMITS.descriptionMax, description: 'exclusive' }) @IsInt() @Min(0) @Max(TIP_LIMITS.descriptionMax) end!: number;
}

export class TipSpanCandidateDto implements TipSpanCandidate {
  @ApiProperty() start!: number;
  @ApiProperty() end!: number;
  @ApiProperty({ enum: KINDS }) kind!: TipSpanKind;
}

export class TipRedactionFieldDto implements TipRedactionField {
  @ApiProperty({ enum: TIP_REDACTED_FIELDS }) field!: TipRedactedField;
  @ApiProperty() text!: string;
  @ApiProperty({ type: [TipSpanCandidateDto] }) candidates!: TipSpanCandidateDto[];
  @ApiProperty({ type: [TextSpanDto] }) masks!: TextSpanDto[];
}

export class TipRedactionViewDto implements TipRedactionView {
  @ApiProperty({ type: [TipRedactionFieldDto] }) fields!: TipRedactionFieldDto[];
  @ApiProperty({ type: String, nullable: true }) savedAt!: string | null;
  @ApiProperty({ type: StaffRefDto, nullable: true }) savedBy!: StaffRef | null;
}

export class FieldSpansDto {
  @ApiProperty({ enum: TIP_REDACTED_FIELDS }) @IsIn(TIP_REDACTED_FIELDS) field!: TipRedactedField;
  @ApiProperty({ type: [TextSpanDto], maxItems: TIP_NOTE_LIMITS.spansMax })
  @IsArray() @ArrayMaxSize(TIP_NOTE_LIMITS.spansMax) @ValidateNested({ each: true }) @Type(() => TextSpanDto) spans!: TextSpanDto[];
}

export class SaveTipRedactionDto implements SaveTipRedactionRequest {
  @ApiProperty({ type: [FieldSpansDto], maxItems: TIP_REDACTED_FIELDS.length })
  @IsArray() @ArrayMaxSize(TIP_REDACTED_FIELDS.length) @ValidateNested({ each: true }) @Type(() => FieldSpansDto) fields!: FieldSpansDto[];
}

export class TipRedactionSummaryDto implements TipRedactionSummary {
  @ApiProperty() masked!: boolean;
  @ApiProperty() maskCount!: number;
  @ApiProperty() reviewed!: boolean;
  @ApiProperty() unconfirmedCandidates!: number;
  @ApiProperty() escalatedToDistrict!: boolean;
  @ApiProperty() canRedact!: boolean;
  @ApiProperty({ type: String, nullable: true }) savedAt!: string | null;
}
