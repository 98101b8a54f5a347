import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { Omittable } from '../../platform/common/http/omittable';
import {
  SCHOOL_ROLES, SchoolRole, type ClassResponse, type CreateClassRequest, type CreateDistrictSchoolRequest, type CreateGradeRequest,
  type CreateStaffInviteRequest, type EmergencyNumber, type GradeResponse, type InviteCodeResponse, type InviteLookupResponse,
  type RedeemStaffInviteRequest, type SchoolPublicResponse, type SchoolResponse, type SetContactRequest, type StaffInviteResponse,
  type StaffRole, type StaffRoleResponse, type StudentResponse, type UpdateSchoolRequest,
} from '@anxin/shared';

const NOT_BLANK = /\S/;

// ---- schools ----

export class EmergencyNumberDto implements EmergencyNumber {
  @ApiProperty() name!: string;
  @ApiProperty() number!: string;
}

export class SchoolContactDto {
  @ApiProperty() name!: string;
  @ApiProperty() phone!: string;
}

export class SchoolPublicDto implements SchoolPublicResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: SchoolContactDto, nullable: true }) contact!: SchoolContactDto | null;
  @ApiProperty({ type: [EmergencyNumberDto] }) emergencyNumbers!: EmergencyNumberDto[];
}

export class SchoolDto implements SchoolResponse {
  @ApiProperty() id!: string;
  @ApiProperty() districtId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) contactName!: string | null;
  @ApiProperty({ nullable: true, type: String }) contactPhone!: string | null;
  @ApiProperty({ nullable: true, type: String }) contactUserId!: string | null;
  @ApiProperty() createdAt!: string;
}

export class UpdateSchoolDto implements UpdateSchoolRequest {
  @ApiPropertyOptional({ maxLength: 100 })
  @Omittable() @IsString() @Length(1, 100) @Matches(NOT_BLANK, { message: '学校名称不能为空' })
  name?: string;
}

export class CreateDistrictSchoolDto implements CreateDistrictSchoolRequest {
  @ApiProperty({ maxLength: 100 })
  @IsString() @Length(1, 100) @Matches(NOT_BLANK, { message: '学校名称不能为空' })
  name!: string;
}

export class SetContactDto implements SetContactRequest {
  @ApiProperty({ format: 'uuid', description: 'a staff user of the school' }) @IsUUID() userId!: string;
  @ApiProperty({ maxLength: 50 }) @IsString() @Length(1, 50) @Matches(NOT_BLANK, { message: '姓名不能为空' }) name!: string;
  @ApiProperty({ description: 'public phone number: mobile or landline, e.g. 010-62345678' })
  @IsString() @Matches(/^\+?[0-9][0-9 -]{5,24}[0-9]$/, { message: '电话号码格式不正确' })
  phone!: string;
}

// ---- grades, classes, students ----

export class GradeDto implements GradeResponse {
  @ApiProperty() id!: string;
  @ApiProperty() schoolId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() sort!: number;
}

export class CreateGradeDto implements CreateGradeRequest {
  @ApiProperty({ maxLength: 50, example: '三年级' })
  @IsString() @Length(1, 50) @Matches(NOT_BLANK, { message: '年级名称不能为空' })
  name!: string;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(0) @Max(99) sort?: number;
}

export class ClassDto implements ClassResponse {
  @ApiProperty() id!: string;
  @ApiProperty() schoolId!: string;
  @ApiProperty() gradeId!: string;
  @ApiProperty() gradeName!: string;
  @ApiProperty() name!: string;
}

export class CreateClassDto implements CreateClassRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() gradeId!: string;
  @ApiProperty({ maxLength: 50, example: '1班' })
  @IsString() @Length(1, 50) @Matches(NOT_BLANK, { message: '班级名称不能为空' })
  name!: string;
}

export class StudentDto implements StudentResponse {
  @ApiProperty() id!: string;
  @ApiProperty() schoolId!: string;
  @ApiProperty() classId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) studentNo!: string | null;
  @ApiProperty({ nullable: true, enum: ['M', 'F'] }) gender!: 'M' | 'F' | null;
}

// ---- staff ----

export class StaffRoleDto implements StaffRoleResponse {
  @ApiProperty() id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() userName!: string;
  @ApiProperty() role!: StaffRole;
  @ApiProperty({ nullable: true, type: String }) schoolId!: string | null;
  @ApiProperty({ nullable: true, type: String }) districtId!: string | null;
  @ApiProperty({ type: [String] }) classIds!: string[];
  @ApiProperty() createdAt!: string;
}

export class CreateStaffInviteDto implements CreateStaffInviteRequest {
  @ApiProperty({ enum: SCHOOL_ROLES }) @IsIn(SCHOOL_ROLES, { message: '未知的角色' }) role!: SchoolRole;
  @ApiPropertyOptional({ type: [String], description: 'teacher: the classes they head or teach' })
  @Omittable() @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true })
  classIds?: string[];
}

export class StaffInviteDto implements StaffInviteResponse {
  @ApiProperty() id!: string;
  @ApiProperty() schoolId!: string;
  @ApiProperty({ enum: SCHOOL_ROLES }) role!: SchoolRole;
  @ApiProperty({ type: [String] }) classIds!: string[];
  @ApiProperty({ description: 'shown once; only a hash is stored' }) code!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty() createdAt!: string;
}

export class RedeemStaffInviteDto implements RedeemStaffInviteRequest {
  @ApiProperty() @IsString() @Length(4, 40) code!: string;
}

export class StaffRoleParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id 格式不正确' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'roleId 格式不正确' }) roleId!: string;
}

// ---- class invite codes ----

export class InviteCodeDto implements InviteCodeResponse {
  @ApiProperty() id!: string;
  @ApiProperty() classId!: string;
  @ApiProperty() className!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ example: 'anxin://bind?code=ABCD2345' }) qrPayload!: string;
  @ApiProperty({ description: 'PNG data URL of the QR code; empty for a revoked code' }) qrDataUrl!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
}

export class CodeParamDto {
  @ApiProperty({ example: 'DEMO3A01' })
  @IsString() @Matches(/^[A-Za-z0-9-]{4,20}$/, { message: '邀请码格式不正确' })
  code!: string;
}

export class MaskedStudentDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '王*明' }) maskedName!: string;
}

export class InviteLookupDto implements InviteLookupResponse {
  @ApiProperty() schoolId!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty() classId!: string;
  @ApiProperty() className!: string;
  @ApiProperty({ type: [MaskedStudentDto] }) students!: MaskedStudentDto[];
}
