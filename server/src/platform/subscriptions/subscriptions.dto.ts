import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Length, ValidateNested } from 'class-validator';
import {
  SUBSCRIPTION_REPORT_MAX, WECHAT_VALUE_LIMITS, type SchoolReach, type StaffReach, type SubscriptionAudience, type SubscriptionMode,
  type SubscriptionReportItem, type SubscriptionReportRequest, type SubscriptionResult, type SubscriptionState,
  type SubscriptionStatus, type SubscriptionTemplate,
} from '@anxin/shared';

const MODES: SubscriptionMode[] = ['one_time', 'long_term'];
const RESULTS: SubscriptionResult[] = ['accept', 'reject', 'ban', 'filter'];

export class SubscriptionTemplateDto implements SubscriptionTemplate {
  @ApiProperty() kind!: string;
  @ApiProperty() templateId!: string;
  @ApiProperty({ enum: MODES }) mode!: SubscriptionMode;
  @ApiProperty({ type: [String] }) audiences!: SubscriptionAudience[];
  @ApiProperty() description!: string;
}

export class SubscriptionReportItemDto implements SubscriptionReportItem {
  @ApiProperty({ maxLength: WECHAT_VALUE_LIMITS.templateIdMax }) @IsString() @Length(1, WECHAT_VALUE_LIMITS.templateIdMax) templateId!: string;
  @ApiProperty({ enum: RESULTS }) @IsIn(RESULTS) result!: SubscriptionResult;
}

export class SubscriptionReportDto implements SubscriptionReportRequest {
  @ApiProperty({ type: [SubscriptionReportItemDto], minItems: 1, maxItems: SUBSCRIPTION_REPORT_MAX })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(SUBSCRIPTION_REPORT_MAX, { message: `一次最多报告 ${SUBSCRIPTION_REPORT_MAX} 个模板` })
  @ValidateNested({ each: true }) @Type(() => SubscriptionReportItemDto)
  results!: SubscriptionReportItemDto[];
}

export class SubscriptionStateDto implements SubscriptionState {
  @ApiProperty() kind!: string;
  @ApiProperty() templateId!: string;
  @ApiProperty({ enum: MODES }) mode!: SubscriptionMode;
  @ApiProperty() on!: boolean;
  @ApiProperty() longTerm!: boolean;
  @ApiProperty() credits!: number;
  @ApiProperty({ nullable: true, type: String, enum: [...RESULTS, 'off'] }) lastStatus!: SubscriptionStatus | null;
}

export class StaffReachDto implements StaffReach {
  @ApiProperty() userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty() alertsOn!: boolean;
  @ApiProperty() longTerm!: boolean;
  @ApiProperty() credits!: number;
}

export class SchoolReachDto implements SchoolReach {
  @ApiProperty() schoolId!: string;
  @ApiProperty() contactReachable!: boolean;
  @ApiProperty({ type: [StaffReachDto] }) staff!: StaffReachDto[];
}
