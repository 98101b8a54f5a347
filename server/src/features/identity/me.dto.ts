import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, ValidateIf } from 'class-validator';
import { BINDING_STATUSES, type BindingStatus, CONSENT_KINDS, CONSENT_VERSIONS, type ConsentKind, type ConsentRequest, type MeResponse, type MeRole, type MeSchool, type MeStudent, type Relation, type StaffRole } from '@anxin/shared';
import { ALL_CONSENT_VERSIONS, IsKnownConsentVersion } from './consent-version.validator';

export class MeRoleDto implements MeRole {
  @ApiProperty() role!: StaffRole;
  @ApiProperty({ nullable: true, type: String }) schoolId!: string | null;
  @ApiProperty({ nullable: true, type: String }) schoolName!: string | null;
  @ApiProperty({ nullable: true, type: String }) districtId!: string | null;
  @ApiProperty({ nullable: true, type: String }) districtName!: string | null;
  @ApiProperty({ type: [String] }) classIds!: string[];
}

export class MeSchoolDto implements MeSchool {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class MeStudentDto implements MeStudent {
  @ApiProperty() bindingId!: string;
  @ApiProperty() studentId!: string;
  @ApiProperty() studentName!: string;
  @ApiProperty() schoolId!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty() classId!: string;
  @ApiProperty() className!: string;
  @ApiProperty() relation!: Relation;
  @ApiProperty({ enum: BINDING_STATUSES }) status!: BindingStatus;
  @ApiProperty({ nullable: true, type: String }) rejectReason!: string | null;
}

export class MeDto implements MeResponse {
  @ApiProperty() id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ type: [MeRoleDto] }) roles!: MeRoleDto[];
  @ApiProperty({ type: [MeSchoolDto] }) schools!: MeSchoolDto[];
  @ApiProperty({ type: [MeStudentDto] }) students!: MeStudentDto[];
  @ApiProperty({ nullable: true, type: String }) privacyGuideAcceptedVersion!: string | null;
  @ApiProperty() isDemo!: boolean;
}

export class ConsentDto implements ConsentRequest {
  @ApiProperty({ enum: CONSENT_KINDS }) @IsIn(CONSENT_KINDS) kind!: ConsentKind;
  @ApiProperty({
    enum: ALL_CONSENT_VERSIONS,
    description: `a known text version of that kind: ${CONSENT_KINDS.map((k) => `${k}: ${CONSENT_VERSIONS[k].join(', ')}`).join('; ')}`,
  })
  @IsString() @IsKnownConsentVersion()
  version!: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: "required when kind is 'child_data' (a child the caller is bound to; 400 VALIDATION_FAILED naming studentId when left out)",
  })
  @ValidateIf((o: ConsentDto, value: unknown) => value !== undefined || o.kind === 'child_data') @IsUUID('all', { message: '请指明是哪个孩子的同意' })
  studentId?: string;
}

export class ConsentRecordDto {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ nullable: true, type: String }) studentId!: string | null;
  @ApiProperty({ example: '2026-11-30', description: 'the UTC day the consent was given (no time of day is kept)' }) givenOn!: string;
}
