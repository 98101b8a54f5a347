import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import {
  CALL_DOWN_REASON_LABELS, CALL_DOWN_STATUS_LABELS, DAY_PATTERN, TIME_OF_DAY_PATTERN, URGENT_CHANNEL_LABELS, URGENT_CONTACT_KINDS,
  URGENT_LIMITS, URGENT_PHONE_PATTERN, URGENT_STEP_OUTCOME_LABELS,
  type CallDownReason, type CallDownResponse, type CallDownState, type CallDownStatus, type CallDownStep, type DistrictDutyPhone,
  type DutyShift, type DutyShiftInput, type PutDistrictDutyPhoneRequest, type PutUrgentSettingsRequest, type UrgentChannel,
  type UrgentContactEntry, type UrgentContactInput, type UrgentContactKind, type UrgentSettings, type UrgentStepOutcome,
} from '@anxin/shared';
import { Omittable } from '../../../platform/common/http/omittable';

const PHONE = { minLength: URGENT_LIMITS.phoneMin, maxLength: URGENT_LIMITS.phoneMax, pattern: URGENT_PHONE_PATTERN.source };

export class UrgentContactInputDto implements UrgentContactInput {
  @ApiProperty({ enum: URGENT_CONTACT_KINDS }) @IsIn(URGENT_CONTACT_KINDS) kind!: UrgentContactKind;
  @ApiProperty({ minLength: 1, maxLength: URGENT_LIMITS.nameMax }) @IsString() @Length(1, URGENT_LIMITS.nameMax) name!: string;
  @ApiPropertyOptional({ ...PHONE, description: 'typed in full; left out with keepId to keep a saved phone' }) @Omittable() @IsString() @Length(URGENT_LIMITS.phoneMin, URGENT_LIMITS.phoneMax) @Matches(URGENT_PHONE_PATTERN, { message: '请填写正确的手机号或座机号' }) phone?: string;
  @ApiPropertyOptional({ description: 'a saved entry whose phone is kept' }) @Omittable() @IsUUID() keepId?: string;
  @ApiPropertyOptional({ description: 'the staff member this entry is' }) @Omittable() @IsUUID() userId?: string;
}

export class DutyShiftInputDto implements DutyShiftInput {
  @ApiProperty({ minLength: 1, maxLength: URGENT_LIMITS.nameMax }) @IsString() @Length(1, URGENT_LIMITS.nameMax) name!: string;
  @ApiPropertyOptional({ ...PHONE, description: 'typed in full; left out with keepId to keep a saved phone' }) @Omittable() @IsString() @Length(URGENT_LIMITS.phoneMin, URGENT_LIMITS.phoneMax) @Matches(URGENT_PHONE_PATTERN, { message: '请填写正确的手机号或座机号' }) phone?: string;
  @ApiPropertyOptional({ description: 'a saved entry whose phone is kept' }) @Omittable() @IsUUID() keepId?: string;
  @ApiPropertyOptional() @Omittable() @IsUUID() userId?: string;
  @ApiProperty({ type: [Number], description: '1 = Monday … 7 = Sunday (the day the shift starts)', maxItems: URGENT_LIMITS.weekdaysMax })
  @IsArray() @ArrayMaxSize(URGENT_LIMITS.weekdaysMax) @IsInt({ each: true }) @Min(1, { each: true }) @Max(URGENT_LIMITS.weekdaysMax, { each: true }) weekdays!: number[];
  @ApiPropertyOptional({ example: '2026-10-01', description: 'one date instead of weekdays (a holiday)' }) @Omittable() @IsString() @Matches(DAY_PATTERN) date?: string;
  @ApiProperty({ example: '18:00' }) @IsString() @Matches(TIME_OF_DAY_PATTERN) start!: string;
  @ApiProperty({ example: '08:00' }) @IsString() @Matches(TIME_OF_DAY_PATTERN) end!: string;
}

export class PutUrgentSettingsDto implements PutUrgentSettingsRequest {
  @ApiProperty({ minimum: URGENT_LIMITS.stepMinutesMin, maximum: URGENT_LIMITS.stepMinutesMax })
  @IsInt() @Min(URGENT_LIMITS.stepMinutesMin) @Max(URGENT_LIMITS.stepMinutesMax) stepMinutes!: number;
  @ApiProperty({ type: [UrgentContactInputDto], maxItems: URGENT_LIMITS.contactsMax })
  @IsArray() @ArrayMaxSize(URGENT_LIMITS.contactsMax) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => UrgentContactInputDto) contacts!: UrgentContactInputDto[];
  @ApiProperty({ type: [DutyShiftInputDto], maxItems: URGENT_LIMITS.shiftsMax })
  @IsArray() @ArrayMaxSize(URGENT_LIMITS.shiftsMax) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => DutyShiftInputDto) roster!: DutyShiftInputDto[];
}

export class PutDistrictDutyPhoneDto implements PutDistrictDutyPhoneRequest {
  @ApiProperty({ minLength: 1, maxLength: URGENT_LIMITS.nameMax }) @IsString() @Length(1, URGENT_LIMITS.nameMax) name!: string;
  @ApiProperty(PHONE) @IsString() @Length(URGENT_LIMITS.phoneMin, URGENT_LIMITS.phoneMax) @Matches(URGENT_PHONE_PATTERN, { message: '请填写正确的手机号或座机号' }) phone!: string;
}

export class UrgentContactEntryDto implements UrgentContactEntry {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: URGENT_CONTACT_KINDS }) kind!: UrgentContactKind;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) userId!: string | null;
  @ApiProperty({ example: '138****1234' }) phoneMasked!: string;
}

export class DutyShiftDto implements DutyShift {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) userId!: string | null;
  @ApiProperty({ example: '138****1234' }) phoneMasked!: string;
  @ApiProperty({ type: [Number] }) weekdays!: number[];
  @ApiProperty({ type: String, nullable: true }) date!: string | null;
  @ApiProperty() start!: string;
  @ApiProperty() end!: string;
}

export class UrgentSettingsDto implements UrgentSettings {
  @ApiProperty() schoolId!: string;
  @ApiProperty() stepMinutes!: number;
  @ApiProperty({ type: [UrgentContactEntryDto] }) contacts!: UrgentContactEntryDto[];
  @ApiProperty({ type: [DutyShiftDto] }) roster!: DutyShiftDto[];
  @ApiProperty() telephonyConfigured!: boolean;
  @ApiProperty({ type: [String] }) notices!: string[];
  @ApiProperty() districtDutyConfigured!: boolean;
}

export class DistrictDutyPhoneDto implements DistrictDutyPhone {
  @ApiProperty() districtId!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '138****1234' }) phoneMasked!: string | null;
}

export class CallDownStepDto implements CallDownStep {
  @ApiProperty() at!: string;
  @ApiProperty({ enum: Object.keys(URGENT_CHANNEL_LABELS) }) channel!: UrgentChannel;
  @ApiProperty() personLabel!: string;
  @ApiProperty({ type: String, nullable: true }) phoneMasked!: string | null;
  @ApiProperty({ enum: Object.keys(URGENT_STEP_OUTCOME_LABELS) }) outcome!: UrgentStepOutcome;
}

export class CallDownStateDto implements CallDownState {
  @ApiProperty() tipId!: string;
  @ApiProperty({ enum: Object.keys(CALL_DOWN_STATUS_LABELS) }) status!: CallDownStatus;
  @ApiProperty({ enum: Object.keys(CALL_DOWN_REASON_LABELS) }) reason!: CallDownReason;
  @ApiProperty() startedAt!: string;
  @ApiProperty({ type: String, nullable: true }) acknowledgedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['app', 'phone'] }) acknowledgedVia!: 'app' | 'phone' | null;
  @ApiProperty() telephony!: boolean;
  @ApiProperty({ type: [CallDownStepDto] }) steps!: CallDownStepDto[];
}

export class CallDownResponseDto implements CallDownResponse {
  @ApiProperty({ type: CallDownStateDto, nullable: true }) callDown!: CallDownStateDto | null;
}
