import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length } from 'class-validator';
import {
  TIP_NOTE_LIMITS, TipProgressStep, type AddTipNoteRequest, type SetTipProgressRequest, type StaffRef, type TipInternalProgress,
  type TipInternalView, type TipNote,
} from '@anxin/shared';
import { Omittable } from '../../../platform/common/http/omittable';
import { StaffRefDto } from '../tips.dto';

const STEPS = Object.values(TipProgressStep);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class TipNoteDto implements TipNote {
  @ApiProperty() id!: string;
  @ApiProperty({ type: StaffRefDto }) author!: StaffRef;
  @ApiProperty() body!: string;
  @ApiProperty() at!: string;
}

export class TipInternalProgressDto implements TipInternalProgress {
  @ApiProperty({ enum: STEPS }) step!: TipProgressStep;
  @ApiProperty({ type: String, nullable: true }) detail!: string | null;
  @ApiProperty({ type: StaffRefDto }) by!: StaffRef;
  @ApiProperty() at!: string;
}

export class TipInternalViewDto implements TipInternalView {
  @ApiProperty({ type: [TipNoteDto] }) notes!: TipNoteDto[];
  @ApiProperty({ type: TipInternalProgressDto, nullable: true }) progress!: TipInternalProgressDto | null;
  @ApiProperty() canWrite!: boolean;
}

export class AddTipNoteDto implements AddTipNoteRequest {
  @ApiProperty({ maxLength: TIP_NOTE_LIMITS.noteMax }) @Transform(trim) @IsString() @Length(1, TIP_NOTE_LIMITS.noteMax, { message: '请填写备注内容' }) body!: string;
}

export class SetTipProgressDto implements SetTipProgressRequest {
  @ApiProperty({ enum: STEPS }) @IsIn(STEPS, { message: '请选择进展' }) step!: TipProgressStep;
  @ApiPropertyOptional({ maxLength: TIP_NOTE_LIMITS.progressDetailMax, description: 'required for 其他' })
  @Omittable() @Transform(trim) @IsString() @Length(1, TIP_NOTE_LIMITS.progressDetailMax) detail?: string;
}
