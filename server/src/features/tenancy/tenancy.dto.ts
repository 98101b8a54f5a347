import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { Omittable } from '../../platform/common/http/omittable';
import {
  FIELD_LIMITS, NATIONAL_SCHOOL_CODE_PATTERN, PUBLIC_PHONE_PATTERN, SCHOOL_ROLES, SCHOOL_STAGES, SchoolRole, type SchoolStage, type ClassResponse, type CreateClassRequest, type CreateDistrictSchoolRequest, type CreateGradeRequest,
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
  @ApiProperty({ nullable: true, enum: SCHOOL_STAGES, description: '学段; null for schools created before it was asked' }) stage!: SchoolStage | null;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty({ nullable: true, type: String, description: '学校标识码, 10 digits' }) nationalCode!: string | null;
  @ApiProperty() createdAt!: string;
}

export class UpdateSchoolDto implements UpdateSchoolRequest {
  @ApiPropertyOptional({ maxLength: FIELD_LIMITS.schoolNameMax })
  @Omittable() @IsString() @Length(1, FIELD_LIMITS.schoolNameMax) @Matches(NOT_BLANK, { message: '学校名称不能为空' })
  name?: string;
}

export class CreateDistrictSchoolDto implements CreateDistrictSchoolRequest {
  @ApiProperty({ maxLength: FIELD_LIMITS.schoolNameMax })
  @IsString() @Length(1, FIELD_LIMITS.schoolNameMax) @Matches(NOT_BLANK, { message: '学校名称不能为空' })
  name!: string;
  @ApiProperty({ enum: SCHOOL_STAGES, description: '学段: primary 小学, junior 初中, senior 高中, nine_year 九年一贯制' })
  @IsIn(SCHOOL_STAGES, { message: '请选择学段（小学、初中、高中或九年一贯制）' })
  stage!: SchoolStage;
  @ApiPropertyOptional({ maxLength: FIELD_LIMITS.schoolAddressMax })
  @Omittable() @IsString() @Length(0, FIELD_LIMITS.schoolAddressMax)
  address?: string;
  @ApiPropertyOptional({ pattern: NATIONAL_SCHOOL_CODE_PATTERN.source, description: '学校标识码 (10 digits); unique within the district' })
  @Omittable() @IsString() @Matches(NATIONAL_SCHOOL_CODE_PATTERN, { message: '学校标识码是 10 位数字' })
  nationalCode?: string;
}

export class SetContactDto implements SetContactRequest {
  @ApiProperty({ format: 'uuid', description: 'a staff user of the school' }) @IsUUID() userId!: string;
  @ApiProperty({ maxLength: FIELD_LIMITS.personNameMax }) @IsString() @Length(1, FIELD_LIMITS.personNameMax) @Matches(NOT_BLANK, { message: '姓名不能为空' }) name!: string;
  @ApiProperty({ description: 'public phone number: mobile or landline, e.g. 010-62345678', maxLength: FIELD_LIMITS.publicPhoneMax, pattern: PUBLIC_PHONE_PATTERN.source })
  @IsString() @Matches(PUBLIC_PHONE_PATTERN, { message: '电话号码格式不正确' })
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
  @ApiProperty({ maxLength: FIELD_LIMITS.gradeNameMax, example: '三年级' })
  @IsString() @Length(1, FIELD_LIMITS.gradeNameMax) @Matches(NOT_BLANK, { message: '年级名称不能为空' })
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
  @ApiProperty({ maxLength: FIELD_LIMITS.classNameMax, example: '1班' })
  @IsString() @Length(1, FIELD_LIMITS.classNameMax) @Matches(NOT_BLANK, { message: '班级名称不能为空' })
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
  @ApiPropertyOptional({ type: [String], maxItems: FIELD_LIMITS.staffInviteClassesMax, description: 'teacher: the classes they head or teach' })
  @Omittable() @IsArray() @ArrayMaxSize(FIELD_LIMITS.staffInviteClassesMax) @IsUUID('all', { each: true })
  classIds?: string[];
}

export class StaffInviteDto implements StaffInviteResponse {
  @ApiProperty() id!: string;
  @ApiProperty() schoolId!: string;
  @ApiProperty({ enum: SCHOOL_ROLES }) role!: SchoolRole;
  @ApiProperty({ type: [String] }) classIds!: string[];
  @ApiProperty({ description: 'shown once; only a hash is stored' }) code!: string;
  @ApiProperty({ example: 'anxin://invite?code=ABCD2345EFGH' }) qrPayload!: string;
  @ApiProperty({ description: 'PNG data URL of the QR code' }) qrDataUrl!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty() createdAt!: string;
}

export class RedeemStaffInviteDto implements RedeemStaffInviteRequest {
  @ApiProperty({ minLength: FIELD_LIMITS.staffInviteCodeMin, maxLength: FIELD_LIMITS.staffInviteCodeMax })
  @IsString() @Length(FIELD_LIMITS.staffInviteCodeMin, FIELD_LIMITS.staffInviteCodeMax) code!: string;
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
  @IsString() @Matches(new RegExp(`^[A-Za-z0-9-]{${FIELD_LIMITS.inviteCodeMin},${FIELD_LIMITS.inviteCodeTypedMax}}$`), { message: '邀请码格式不正确' })
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
