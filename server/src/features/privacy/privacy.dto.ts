import { ApiProperty } from '@nestjs/swagger';
import { Equals, IsIn, IsString, Length, Matches } from 'class-validator';
import {
  ACCOUNT_DELETE_CONFIRM, BINDING_STATUSES, CONSENT_VERSIONS, FIELD_LIMITS, PUBLIC_PHONE_PATTERN, Relation, type BindingStatus, type ChildDataOfficer,
  type CorrectBindingRequest, type DeleteAccountRequest, type DeleteAccountResponse, type GiveConsentAgainRequest, type MyDataBinding,
  type MyDataConsent, type MyDataInboxItem, type MyDataNoticeReceipt, type MyDataPledgeSignature, type MyDataProfile, type MyDataResponse,
  type MyDataSession, type MyDataStaffView, type MyDataStudent, type SetChildDataOfficerRequest, type UpdateProfileRequest,
} from '@anxin/shared';

const NOT_BLANK = /\S/;
const RELATIONS = Object.values(Relation);
const nullableString = { nullable: true, type: String } as const;

export class MyDataProfileDto implements MyDataProfile {
  @ApiProperty() id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ example: '2026-11-30' }) createdOn!: string;
}

export class MyDataBindingDto implements MyDataBinding {
  @ApiProperty() id!: string;
  @ApiProperty() studentId!: string;
  @ApiProperty() studentName!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty() className!: string;
  @ApiProperty({ enum: RELATIONS }) relation!: Relation;
  @ApiProperty() relationLabel!: string;
  @ApiProperty({ enum: BINDING_STATUSES }) status!: BindingStatus;
  @ApiProperty() createdAt!: string;
  @ApiProperty(nullableString) decidedAt!: string | null;
  @ApiProperty(nullableString) rejectReason!: string | null;
}

export class MyDataStudentDto implements MyDataStudent {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty(nullableString) studentNo!: string | null;
  @ApiProperty(nullableString) gender!: string | null;
  @ApiProperty() schoolName!: string;
  @ApiProperty() className!: string;
}

export class MyDataConsentDto implements MyDataConsent {
  @ApiProperty() kind!: string;
  @ApiProperty() kindLabel!: string;
  @ApiProperty() version!: string;
  @ApiProperty(nullableString) studentName!: string | null;
  @ApiProperty() givenOn!: string;
}

export class MyDataNoticeReceiptDto implements MyDataNoticeReceipt {
  @ApiProperty() id!: string;
  @ApiProperty() noticeTitle!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty({ type: [String] }) students!: string[];
  @ApiProperty(nullableString) readOn!: string | null;
  @ApiProperty(nullableString) confirmedOn!: string | null;
  @ApiProperty(nullableString) signedOn!: string | null;
  @ApiProperty(nullableString) answeredOn!: string | null;
  @ApiProperty({ type: [String] }) answerChoices!: string[];
  @ApiProperty(nullableString) answerText!: string | null;
  @ApiProperty({ ...nullableString, description: 'PNG data URL' }) signature!: string | null;
}

export class MyDataPledgeSignatureDto implements MyDataPledgeSignature {
  @ApiProperty() id!: string;
  @ApiProperty() schoolYear!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty() studentName!: string;
  @ApiProperty() relationLabel!: string;
  @ApiProperty() versionNumber!: number;
  @ApiProperty() signedOn!: string;
  @ApiProperty({ ...nullableString, description: 'PNG data URL' }) guardianSignature!: string | null;
  @ApiProperty({ ...nullableString, description: 'PNG data URL' }) studentSignature!: string | null;
}

export class MyDataInboxItemDto implements MyDataInboxItem {
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty(nullableString) readOn!: string | null;
}

export class MyDataSessionDto implements MyDataSession {
  @ApiProperty() kind!: string;
  @ApiProperty() deviceLabel!: string;
  @ApiProperty() createdOn!: string;
  @ApiProperty() active!: boolean;
}

export class MyDataStaffViewDto implements MyDataStaffView {
  @ApiProperty() where!: string;
  @ApiProperty() shows!: string;
}

export class MyDataDto implements MyDataResponse {
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ type: MyDataProfileDto }) profile!: MyDataProfileDto;
  @ApiProperty({ type: [MyDataBindingDto] }) bindings!: MyDataBindingDto[];
  @ApiProperty({ type: [MyDataStudentDto] }) students!: MyDataStudentDto[];
  @ApiProperty({ type: [MyDataConsentDto] }) consents!: MyDataConsentDto[];
  @ApiProperty({ type: [MyDataNoticeReceiptDto] }) noticeReceipts!: MyDataNoticeReceiptDto[];
  @ApiProperty({ type: [MyDataPledgeSignatureDto] }) pledgeSignatures!: MyDataPledgeSignatureDto[];
  @ApiProperty({ type: [MyDataInboxItemDto] }) inbox!: MyDataInboxItemDto[];
  @ApiProperty({ type: [MyDataSessionDto] }) sessions!: MyDataSessionDto[];
  @ApiProperty({ type: [MyDataStaffViewDto] }) staffVisible!: MyDataStaffViewDto[];
  @ApiProperty({ type: [String] }) notIncluded!: string[];
}

export class UpdateProfileDto implements UpdateProfileRequest {
  @ApiProperty({ maxLength: FIELD_LIMITS.personNameMax })
  @IsString() @Length(1, FIELD_LIMITS.personNameMax) @Matches(NOT_BLANK, { message: '称呼不能为空' })
  displayName!: string;
}

export class ProfileDto {
  @ApiProperty() displayName!: string;
}

export class CorrectBindingDto implements CorrectBindingRequest {
  @ApiProperty({ enum: RELATIONS }) @IsIn(RELATIONS) relation!: Relation;
}

export class GiveConsentAgainDto implements GiveConsentAgainRequest {
  @ApiProperty({ enum: CONSENT_VERSIONS.child_data, description: 'the current CHILD_DATA_CONSENT_VERSION (422 CONSENT_REQUIRED for an older one)' })
  @IsString() @IsIn(CONSENT_VERSIONS.child_data)
  consentVersion!: string;
}

export class DeleteAccountDto implements DeleteAccountRequest {
  @ApiProperty({ description: `the word ${ACCOUNT_DELETE_CONFIRM}, typed by the user` })
  @IsString() @Equals(ACCOUNT_DELETE_CONFIRM, { message: `请输入“${ACCOUNT_DELETE_CONFIRM}”确认` })
  confirm!: string;
}

export class RetainedCountsDto {
  @ApiProperty() pledgeSignatures!: number;
  @ApiProperty() noticeReceipts!: number;
}

export class DeleteAccountResultDto implements DeleteAccountResponse {
  @ApiProperty({ enum: [true] }) deleted!: true;
  @ApiProperty({ type: RetainedCountsDto }) retained!: RetainedCountsDto;
}

export class ChildDataOfficerDto implements ChildDataOfficer {
  @ApiProperty() schoolId!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty(nullableString) name!: string | null;
  @ApiProperty(nullableString) phone!: string | null;
  @ApiProperty(nullableString) updatedAt!: string | null;
}

export class SetChildDataOfficerDto implements SetChildDataOfficerRequest {
  @ApiProperty({ maxLength: FIELD_LIMITS.personNameMax }) @IsString() @Length(1, FIELD_LIMITS.personNameMax) @Matches(NOT_BLANK, { message: '姓名不能为空' }) name!: string;
  @ApiProperty({ description: 'mobile or landline, e.g. 010-62345678', maxLength: FIELD_LIMITS.publicPhoneMax, pattern: PUBLIC_PHONE_PATTERN.source })
  @IsString() @Matches(PUBLIC_PHONE_PATTERN, { message: '电话号码格式不正确' })
  phone!: string;
}
