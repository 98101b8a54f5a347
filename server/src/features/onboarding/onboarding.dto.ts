import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import {
  FIELD_LIMITS, SCHOOL_STAGES, type DistrictConsoleResponse, type DistrictSchoolSetup, type OnboardingInviteKind, type OnboardingInviteResponse,
  type RedeemInviteRequest, type RedeemInviteResponse, type SchoolSetupResponse, type SchoolStage, type SetupItem, type SetupItemKey,
  type SetupItemStatus, type StaffRole,
} from '@anxin/shared';
import { Omittable } from '../../platform/common/http/omittable';

const NOT_BLANK = /\S/;
const SETUP_KEYS: SetupItemKey[] = ['contact', 'contact_alerts', 'committee', 'roster', 'class_teachers', 'poster', 'letter_home', 'tip_test', 'pledge'];

export class RedeemInviteDto implements RedeemInviteRequest {
  @ApiProperty({
    minLength: FIELD_LIMITS.staffInviteCodeMin, maxLength: FIELD_LIMITS.staffInviteCodeMax,
    description: 'an onboarding or staff invite code; dashes and spaces are ignored', example: 'ABCD-EFGH-JKMN',
  })
  @IsString() @Length(FIELD_LIMITS.staffInviteCodeMin, FIELD_LIMITS.staffInviteCodeMax) code!: string;
  @ApiPropertyOptional({ maxLength: FIELD_LIMITS.personNameMax, description: 'the name colleagues and the district know this person by (姓名)' })
  @Omittable() @IsString() @Length(1, FIELD_LIMITS.personNameMax) @Matches(NOT_BLANK, { message: '姓名不能为空' })
  name?: string;
}

export class RedeemInviteResultDto implements RedeemInviteResponse {
  @ApiProperty() role!: StaffRole;
  @ApiProperty({ nullable: true, type: String }) districtId!: string | null;
  @ApiProperty({ nullable: true, type: String }) districtName!: string | null;
  @ApiProperty({ nullable: true, type: String }) schoolId!: string | null;
  @ApiProperty({ nullable: true, type: String }) schoolName!: string | null;
}

export class OnboardingInviteDto implements OnboardingInviteResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['district_officer', 'school_admin'] }) kind!: OnboardingInviteKind;
  @ApiProperty() districtId!: string;
  @ApiProperty({ nullable: true, type: String }) schoolId!: string | null;
  @ApiProperty({ description: 'shown once; only a hash is stored' }) code!: string;
  @ApiProperty({ example: 'anxin://invite?code=ABCD2345EFGH' }) qrPayload!: string;
  @ApiProperty({ description: 'PNG data URL of the QR code' }) qrDataUrl!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty() createdAt!: string;
}

export class SetupItemDto implements SetupItem {
  @ApiProperty({ enum: SETUP_KEYS }) key!: SetupItemKey;
  @ApiProperty({ enum: ['done', 'todo', 'coming_soon'], description: 'coming_soon rows are not counted' }) status!: SetupItemStatus;
  @ApiProperty() detail!: string;
  @ApiProperty({ nullable: true, type: String }) at!: string | null;
}

export class SchoolSetupDto implements SchoolSetupResponse {
  @ApiProperty() schoolId!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty() done!: number;
  @ApiProperty() total!: number;
  @ApiProperty() complete!: boolean;
  @ApiProperty({ type: [SetupItemDto] }) items!: SetupItemDto[];
}

export class DistrictSchoolSetupDto implements DistrictSchoolSetup {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, enum: SCHOOL_STAGES }) stage!: SchoolStage | null;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty({ nullable: true, type: String }) nationalCode!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() hasAdmin!: boolean;
  @ApiProperty() hasPrincipal!: boolean;
  @ApiProperty() done!: number;
  @ApiProperty() total!: number;
  @ApiProperty() complete!: boolean;
  @ApiProperty({ type: [SetupItemDto] }) items!: SetupItemDto[];
}

export class DistrictSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'region code (行政区划代码)' }) code!: string;
}

export class OfficerNameDto {
  @ApiProperty() displayName!: string;
}

export class DistrictConsoleDto implements DistrictConsoleResponse {
  @ApiProperty({ type: DistrictSummaryDto }) district!: DistrictSummaryDto;
  @ApiProperty({ type: [OfficerNameDto] }) officers!: OfficerNameDto[];
  @ApiProperty({ type: [DistrictSchoolSetupDto], description: 'schools still setting up first' }) schools!: DistrictSchoolSetupDto[];
  @ApiProperty() schoolsComplete!: number;
}
