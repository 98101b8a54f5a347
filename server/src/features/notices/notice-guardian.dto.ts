import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsObject, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import {
  NOTICE_CONFIRM_MODES, NOTICE_KINDS, NOTICE_LIMITS, NOTICE_STATUSES,
  type AckNoticeRequest, type GuardianNoticeAck, type GuardianNoticeChild, type GuardianNoticeDetail, type GuardianNoticeListItem, type GuardianNoticeListQuery,
  type GuardianNoticeListResponse, type GuardianNoticeReceipt, type NoticeAnswer, type NoticeBody, type NoticeConfirmMode, type NoticeKind,
  type NoticeQuestion, type NoticeStatus,
} from '@anxin/shared';
import { IsCanonicalBase64 } from '../../platform/common/http/base64';
import { Omittable } from '../../platform/common/http/omittable';
import { NOTICE_BODY_SCHEMA, NoticeQuestionViewDto } from './notices.dto';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** base64 of at most signatureBytesMax bytes. */
const SIGNATURE_BASE64_MAX = Math.ceil(NOTICE_LIMITS.signatureBytesMax / 3) * 4;

export class GuardianNoticeListQueryDto implements GuardianNoticeListQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'only what was sent about this child' }) @Omittable() @IsUUID('all', { message: '孩子不正确' }) studentId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: NOTICE_LIMITS.pageMax, default: 20 })
  @Omittable() @Transform(toInt) @IsInt() @Min(1) @Max(NOTICE_LIMITS.pageMax) limit?: number;
  @ApiPropertyOptional({ minimum: 0, default: 0 }) @Omittable() @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000) offset?: number;
}

export class NoticeAnswerDto implements NoticeAnswer {
  @ApiPropertyOptional({ type: [Number], maxItems: NOTICE_LIMITS.questionOptionsMax, description: 'indices into question.options' })
  @Omittable() @IsArray() @ArrayMaxSize(NOTICE_LIMITS.questionOptionsMax) @IsInt({ each: true }) @Min(0, { each: true })
  @Max(NOTICE_LIMITS.questionOptionsMax - 1, { each: true }) choices?: number[];
  @ApiPropertyOptional({ maxLength: NOTICE_LIMITS.answerTextMax })
  @Omittable() @Transform(trim) @IsString() @Length(1, NOTICE_LIMITS.answerTextMax, { message: `回答为 1 到 ${NOTICE_LIMITS.answerTextMax} 个字` }) text?: string;
}

export class AckNoticeDto implements AckNoticeRequest {
  @ApiPropertyOptional({ description: '确认收到 (only true)' }) @Omittable() @IsBoolean() confirm?: boolean;
  @ApiPropertyOptional({ description: `签字确认: a trimmed PNG, base64, at most ${NOTICE_LIMITS.signatureBytesMax} bytes`, maxLength: SIGNATURE_BASE64_MAX })
  @Omittable() @IsString() @MaxLength(SIGNATURE_BASE64_MAX, { message: '签名图片过大' }) @IsCanonicalBase64({ message: '签名应为 base64 编码的 PNG' }) signature?: string;
  @ApiPropertyOptional({ type: NoticeAnswerDto }) @Omittable() @IsObject() @ValidateNested() @Type(() => NoticeAnswerDto) answer?: NoticeAnswerDto;
}

export class GuardianNoticeChildDto implements GuardianNoticeChild {
  @ApiProperty() studentId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() className!: string;
}

export class NoticeAnswerViewDto implements NoticeAnswer {
  @ApiPropertyOptional({ type: [Number] }) choices?: number[];
  @ApiPropertyOptional() text?: string;
}

const DAY = { nullable: true, type: String, format: 'date', description: 'the day (Asia/Shanghai), never the time of day' } as const;

export class GuardianNoticeReceiptDto implements GuardianNoticeReceipt {
  @ApiProperty(DAY) readOn!: string | null;
  @ApiProperty(DAY) confirmedOn!: string | null;
  @ApiProperty(DAY) signedOn!: string | null;
  @ApiProperty(DAY) answeredOn!: string | null;
  @ApiProperty({ type: NoticeAnswerViewDto, nullable: true }) answer!: NoticeAnswer | null;
  @ApiProperty(DAY) acknowledgedOn!: string | null;
  @ApiProperty() contentHash!: string;
}

export class GuardianNoticeListItemDto implements GuardianNoticeListItem {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: NOTICE_KINDS }) kind!: NoticeKind;
  @ApiProperty() title!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty({ enum: NOTICE_STATUSES }) status!: NoticeStatus;
  @ApiProperty({ enum: NOTICE_CONFIRM_MODES }) confirmMode!: NoticeConfirmMode;
  @ApiProperty() publishedAt!: string;
  @ApiProperty({ nullable: true, type: String }) confirmDeadline!: string | null;
  @ApiProperty({ type: [GuardianNoticeChildDto] }) children!: GuardianNoticeChildDto[];
  @ApiProperty() read!: boolean;
  @ApiProperty() acknowledged!: boolean;
  @ApiProperty({ description: 'an urgent warning not yet confirmed: shown at the top of the home page, in red' }) pinned!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'a correction: the notice it corrects' }) correctionOf!: string | null;
  @ApiProperty({ description: 'replaced by a correction (listed only while the caller has no receipt of it)' }) corrected!: boolean;
}

export class GuardianNoticeListDto implements GuardianNoticeListResponse {
  @ApiProperty({ type: [GuardianNoticeListItemDto] }) items!: GuardianNoticeListItemDto[];
  @ApiProperty() total!: number;
  @ApiProperty() unread!: number;
}

export class NoticeRecallViewDto {
  @ApiProperty() reason!: string;
  @ApiProperty() at!: string;
}

/** What is still asked of the guardian, in a notice's detail and in a confirmation's answer. */
const PENDING: ApiPropertyOptions = { type: [String], enum: ['answer', 'confirm', 'sign'] };

export class GuardianNoticeDetailDto implements GuardianNoticeDetail {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: NOTICE_KINDS }) kind!: NoticeKind;
  @ApiProperty() title!: string;
  @ApiProperty() schoolName!: string;
  @ApiProperty({ enum: NOTICE_STATUSES }) status!: NoticeStatus;
  @ApiProperty({ ...(NOTICE_BODY_SCHEMA as any), nullable: true }) body!: NoticeBody | null;
  @ApiProperty({ type: NoticeRecallViewDto, nullable: true }) recall!: { reason: string; at: string } | null;
  @ApiProperty({ enum: NOTICE_CONFIRM_MODES }) confirmMode!: NoticeConfirmMode;
  @ApiProperty({ type: NoticeQuestionViewDto, nullable: true }) question!: NoticeQuestion | null;
  @ApiProperty({ nullable: true, type: String }) confirmDeadline!: string | null;
  @ApiProperty() publishedAt!: string;
  @ApiProperty({ type: [GuardianNoticeChildDto] }) children!: GuardianNoticeChildDto[];
  @ApiProperty({ type: GuardianNoticeReceiptDto }) receipt!: GuardianNoticeReceiptDto;
  @ApiProperty(PENDING) pending!: GuardianNoticeDetail['pending'];
  @ApiProperty({ nullable: true, type: String, description: 'a correction: what changed' }) correctionNote!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'a correction: the notice it corrects, when the caller holds a receipt of it' }) correctionOf!: string | null;
  @ApiProperty({ description: 'replaced by a correction: nothing more is asked here' }) corrected!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'the newest correction the caller holds a receipt of' }) correctedBy!: string | null;
}

export class GuardianNoticeAckDto implements GuardianNoticeAck {
  @ApiProperty({ type: GuardianNoticeReceiptDto }) receipt!: GuardianNoticeReceiptDto;
  @ApiProperty(PENDING) pending!: GuardianNoticeDetail['pending'];
}
