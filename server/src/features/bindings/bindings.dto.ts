import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { Omittable } from '../../platform/common/http/omittable';
import { IsKnownConsentVersion } from '../identity/consent-version.validator';
import {
  CONSENT_VERSIONS, FIELD_LIMITS, Relation, type BindingResponse, type BindingStatus, type CreateBindingRequest, type RejectBindingRequest,
} from '@anxin/shared';

const RELATIONS = Object.values(Relation);
const STATUSES: BindingStatus[] = ['pending', 'approved', 'rejected', 'suspended'];
/** A class invite code as a guardian types it (spaces and dashes allowed). */
const INVITE_CODE_AS_TYPED = new RegExp(`^[A-Za-z0-9 -]{${FIELD_LIMITS.inviteCodeMin},${FIELD_LIMITS.inviteCodeTypedMax}}$`);

export class CreateBindingDto implements CreateBindingRequest {
  @ApiProperty({ example: 'DEMO3A01' }) @IsString() @Matches(INVITE_CODE_AS_TYPED, { message: '邀请码格式不正确' }) inviteCode!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() studentId!: string;
  @ApiProperty({ description: "the child's full name, as on the roster", maxLength: FIELD_LIMITS.personNameMax }) @IsString() @Length(1, FIELD_LIMITS.personNameMax) studentName!: string;
  @ApiProperty({ enum: RELATIONS }) @IsIn(RELATIONS, { message: '请选择与孩子的关系' }) relation!: Relation;
  @ApiPropertyOptional({ description: 'compared with the roster as a keyed hash; never stored' })
  @Omittable() @IsString() @Matches(/^\+?[0-9][0-9 -]{9,18}$/, { message: '手机号格式不正确' })
  phone?: string;
  @ApiProperty({ enum: CONSENT_VERSIONS.child_data, description: 'version of the child-data consent text the guardian agreed to (a known version; an older one is refused with 422 CONSENT_REQUIRED)' })
  @IsString() @IsKnownConsentVersion({ fixed: 'child_data' })
  consentVersion!: string;
}

export class BindingDto implements BindingResponse {
  @ApiProperty() id!: string;
  @ApiProperty() studentId!: string;
  @ApiProperty() studentName!: string;
  @ApiProperty() classId!: string;
  @ApiProperty() className!: string;
  @ApiProperty() schoolId!: string;
  @ApiProperty() guardianUserId!: string;
  @ApiProperty() guardianName!: string;
  @ApiProperty({ enum: RELATIONS }) relation!: Relation;
  @ApiProperty({ enum: STATUSES }) status!: BindingStatus;
  @ApiProperty() autoApproved!: boolean;
  @ApiProperty({ nullable: true, type: String }) decidedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectReason!: string | null;
  @ApiProperty() createdAt!: string;
}

export class RejectBindingDto implements RejectBindingRequest {
  @ApiPropertyOptional({ maxLength: FIELD_LIMITS.rejectReasonMax }) @Omittable() @IsString() @Length(0, FIELD_LIMITS.rejectReasonMax) reason?: string;
}

export class BindingListQueryDto {
  @ApiPropertyOptional({ enum: STATUSES }) @Omittable() @IsIn(STATUSES) status?: BindingStatus;
}
