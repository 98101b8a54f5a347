import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUUID, Length, Matches, MaxLength, Min } from 'class-validator';
import {
  CONSENT_VERSIONS, GUARDIAN_PLEDGE_STATUSES, PLEDGE_LIMITS, Relation,
  type GuardianPledgeDetail, type GuardianPledgeListItem, type GuardianPledgeListResponse, type GuardianPledgeStatus,
  type GuardianPledgeStudent, type PledgeDiffEntry, type PledgeDiffOp, type PledgeSignedCopy, type SignPledgeRequest,
  type SignPledgeResponse,
} from '@anxin/shared';
import { IsCanonicalBase64 } from '../../platform/common/http/base64';
import { Omittable } from '../../platform/common/http/omittable';

/** base64 of at most signatureBytesMax bytes. */
const SIGNATURE_BASE64_MAX = Math.ceil(PLEDGE_LIMITS.signatureBytesMax / 3) * 4;
/** A canvas export may come as a data URL: its prefix is dropped before the base64 is checked. */
const stripDataUrl = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/^data:image\/png;base64,/, '') : value);
const DAY = { type: String, format: 'date', description: 'the day (Asia/Shanghai), never the time of day' } as const;

export class GuardianPledgeQueryDto {
  @ApiProperty({ format: 'uuid', description: 'the child' }) @IsUUID('all', { message: '孩子不正确' }) studentId!: string;
}

export class PledgeSignatureParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id 格式不正确' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'sid 格式不正确' }) sid!: string;
}

export class SignPledgeDto implements SignPledgeRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: '孩子不正确' }) studentId!: string;
  @ApiProperty({ minimum: 1, description: 'the version read (a stale one is a 409)' }) @IsInt() @Min(1) versionNumber!: number;
  @ApiProperty({ description: `the guardian's signature: a trimmed PNG, base64, at most ${PLEDGE_LIMITS.signatureBytesMax} bytes`, maxLength: SIGNATURE_BASE64_MAX })
  @Transform(stripDataUrl) @IsString() @MaxLength(SIGNATURE_BASE64_MAX, { message: '签名图片过大' }) @IsCanonicalBase64({ message: '签名应为 base64 编码的 PNG' })
  guardianSignature!: string;
  @ApiPropertyOptional({ description: 'the child\'s signature (required when studentPartRequired)', maxLength: SIGNATURE_BASE64_MAX })
  @Omittable() @Transform(stripDataUrl) @IsString() @MaxLength(SIGNATURE_BASE64_MAX, { message: '签名图片过大' })
  @IsCanonicalBase64({ message: '签名应为 base64 编码的 PNG' }) studentSignature?: string;
  @ApiProperty({ minLength: PLEDGE_LIMITS.clientKeyMin, maxLength: PLEDGE_LIMITS.clientKeyMax, description: 'idempotency: a retry with the same key returns the same signature' })
  @IsString() @Length(PLEDGE_LIMITS.clientKeyMin, PLEDGE_LIMITS.clientKeyMax) @Matches(/^[A-Za-z0-9_-]+$/, { message: 'clientKey 只能包含字母、数字、- 和 _' })
  clientKey!: string;
  @ApiPropertyOptional({ enum: CONSENT_VERSIONS.child_data, description: 'the child-data consent, when childConsentNeeded' })
  @Omittable() @IsIn(CONSENT_VERSIONS.child_data as string[], { message: '未知的同意书版本' }) childConsentVersion?: string;
}

export class SignPledgeResponseDto implements SignPledgeResponse {
  @ApiProperty() id!: string;
  @ApiProperty(DAY) signedOn!: string;
  @ApiProperty() versionNumber!: number;
  @ApiProperty() textHash!: string;
}

export class GuardianPledgeStudentDto implements GuardianPledgeStudent {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() className!: string;
}

export class GuardianPledgeListItemDto implements GuardianPledgeListItem {
  @ApiProperty() pledgeId!: string;
  @ApiProperty() schoolYear!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty({ type: GuardianPledgeStudentDto }) student!: GuardianPledgeStudentDto;
  @ApiProperty({ ...DAY, description: 'the last day to sign (Asia/Shanghai)' }) deadline!: string;
  @ApiProperty() versionNumber!: number;
  @ApiProperty({ enum: GUARDIAN_PLEDGE_STATUSES }) status!: GuardianPledgeStatus;
  @ApiProperty() studentPartRequired!: boolean;
  @ApiPropertyOptional() signatureId?: string;
}

export class GuardianPledgeListDto implements GuardianPledgeListResponse {
  @ApiProperty({ type: [GuardianPledgeListItemDto] }) items!: GuardianPledgeListItemDto[];
}

export class PledgeReadableTextDto {
  @ApiProperty() school!: string;
  @ApiProperty() guardian!: string;
  @ApiProperty({ description: 'the child\'s part for their grade' }) student!: string;
}

export class PledgeDiffEntryDto implements PledgeDiffEntry {
  @ApiProperty({ enum: ['same', 'added', 'removed'] }) op!: PledgeDiffOp;
  @ApiProperty() text!: string;
}

export class GuardianPledgeDetailDto implements GuardianPledgeDetail {
  @ApiProperty() pledgeId!: string;
  @ApiProperty() schoolYear!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty({ type: GuardianPledgeStudentDto }) student!: GuardianPledgeStudentDto;
  @ApiProperty({ ...DAY, description: 'the last day to sign (Asia/Shanghai)' }) deadline!: string;
  @ApiProperty() versionNumber!: number;
  @ApiProperty({ type: PledgeReadableTextDto }) text!: PledgeReadableTextDto;
  @ApiProperty() textHash!: string;
  @ApiProperty({ enum: GUARDIAN_PLEDGE_STATUSES }) status!: GuardianPledgeStatus;
  @ApiProperty() studentPartRequired!: boolean;
  @ApiProperty() childConsentNeeded!: boolean;
  @ApiProperty() childConsentVersion!: string;
  @ApiPropertyOptional() signatureId?: string;
  @ApiPropertyOptional(DAY) signedOn?: string;
  @ApiPropertyOptional({ type: [PledgeDiffEntryDto] }) changes?: PledgeDiffEntryDto[];
  @ApiPropertyOptional() changeNote?: string;
  @ApiPropertyOptional() signedVersionNumber?: number;
}

export class PledgeSignedCopyDto implements PledgeSignedCopy {
  @ApiProperty() id!: string;
  @ApiProperty() pledgeId!: string;
  @ApiProperty() schoolYear!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty({ type: GuardianPledgeStudentDto }) student!: GuardianPledgeStudentDto;
  @ApiProperty() versionNumber!: number;
  @ApiProperty({ type: PledgeReadableTextDto }) text!: PledgeReadableTextDto;
  @ApiProperty() textHash!: string;
  @ApiProperty(DAY) signedOn!: string;
  @ApiProperty() superseded!: boolean;
  @ApiProperty({ enum: Object.values(Relation) }) relation!: Relation;
  @ApiProperty({ example: '母亲' }) relationLabel!: string;
  @ApiProperty({ description: 'data:image/png;base64,…' }) guardianSignature!: string;
  @ApiProperty({ nullable: true, type: String, description: 'data:image/png;base64,…' }) studentSignature!: string | null;
}
