import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length } from 'class-validator';
import { Omittable } from '../common/http/omittable';
import type { ConsentRequest, MeResponse, MeRole, MeSchool, MeStudent, Relation, StaffRole } from '@anxin/shared';

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
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] }) status!: 'pending' | 'approved' | 'rejected';
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
  @ApiProperty({ enum: ['privacy_guide', 'child_data'] }) @IsIn(['privacy_guide', 'child_data']) kind!: 'privacy_guide' | 'child_data';
  @ApiProperty() @IsString() @Length(1, 32) version!: string;
  @ApiPropertyOptional() @Omittable() @IsUUID() studentId?: string;
}

export class ConsentRecordDto {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ nullable: true, type: String }) studentId!: string | null;
  @ApiProperty({ example: '2026-11-30', description: 'the UTC day the consent was given (no time of day is kept)' }) givenOn!: string;
}
