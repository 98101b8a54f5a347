import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsObject, IsString, IsUUID, Length, Matches, Max, Min, registerDecorator,
  ValidateNested,
} from 'class-validator';
import {
  NOTICE_AUDIENCE_SCOPES, NOTICE_BODY_LIMITS, NOTICE_BODY_VERSION, NOTICE_CONFIRM_MODES, NOTICE_KINDS, NOTICE_LIMITS, NOTICE_LINK_PAGES,
  NOTICE_QUESTION_KINDS, NOTICE_REVIEW_DECISIONS, NOTICE_STATUSES, NOTICE_TIME_OF_DAY, validateNoticeBody, type NoticeReviewDecision,
  type NoticeAudience, type NoticeAudienceScope, type NoticeAudienceView, type NoticeBody, type NoticeClassRef, type NoticeComposerGrade,
  type NoticeComposerResponse, type NoticeConfirmMode, type NoticeDraftRequest, type NoticeKind, type NoticeLinkPage, type NoticeListItem,
  type NoticeListQuery, type NoticeProgress, type NoticeQuestion, type NoticeQuestionKind, type NoticeQuietHours, type NoticeSettingsRequest,
  type NoticeSettingsResponse, type NoticeStaffDetail, type NoticeStatus, type PublishNoticeRequest, type RecallNoticeRequest,
} from '@anxin/shared';
import { Omittable } from '../../platform/common/http/omittable';
import { NoticeRefDto, NoticeReviewViewDto } from './notice-refs.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimEach = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value);
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

/** The body must be a notice document (shared/src/notice-body.ts); the problems are listed in the 400's details. */
export function IsNoticeBody(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isNoticeBody',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => validateNoticeBody(value).length === 0,
        defaultMessage: (args) => validateNoticeBody(args?.value).slice(0, 5).join('；'),
      },
    });
  };
}

/** The OpenAPI schema of a body (the full rules are validateNoticeBody's). */
export const NOTICE_BODY_SCHEMA = {
  type: 'object',
  description: 'A structured document (shared/src/notice-body.ts): headings, paragraphs of spans (bold, links to app pages), bulleted and numbered lists, pictures attached to the notice. Never HTML.',
  required: ['version', 'blocks'],
  properties: {
    version: { type: 'integer', enum: [NOTICE_BODY_VERSION] },
    blocks: {
      type: 'array', minItems: 1, maxItems: NOTICE_BODY_LIMITS.blocksMax,
      items: {
        type: 'object', required: ['type'],
        properties: {
          type: { type: 'string', enum: ['heading', 'paragraph', 'bulleted', 'numbered', 'image'] },
          text: { type: 'string', maxLength: NOTICE_BODY_LIMITS.headingMax, description: 'heading' },
          spans: { type: 'array', description: 'paragraph: [{ text, bold?, link? }]', items: { type: 'object' } },
          items: { type: 'array', description: 'lists: one array of spans per item', items: { type: 'array', items: { type: 'object' } } },
          attachmentId: { type: 'string', format: 'uuid', description: 'image: a picture attached to this notice (POST /notices/{id}/attachments)' },
          caption: { type: 'string', maxLength: NOTICE_BODY_LIMITS.captionMax, description: 'image: shown under the picture' },
        },
      },
    },
  },
} as const;

// ------------------------------------------------------------------ requests

export class NoticeQuestionDto implements NoticeQuestion {
  @ApiProperty({ enum: NOTICE_QUESTION_KINDS }) @IsIn(NOTICE_QUESTION_KINDS, { message: '回执问题类型不正确' }) kind!: NoticeQuestionKind;
  @ApiProperty({ maxLength: NOTICE_LIMITS.questionPromptMax, example: '您是否参加下周三的家长会？' })
  @Transform(trim) @IsString() @Length(1, NOTICE_LIMITS.questionPromptMax, { message: `回执问题为 1 到 ${NOTICE_LIMITS.questionPromptMax} 个字` }) prompt!: string;
  @ApiPropertyOptional({
    type: [String], minItems: NOTICE_LIMITS.questionOptionsMin, maxItems: NOTICE_LIMITS.questionOptionsMax,
    description: `single and multiple choice: the choices, each 1–${NOTICE_LIMITS.questionOptionMax} characters; left out for a short-text question`,
  })
  @Omittable() @Transform(trimEach) @IsArray() @ArrayMinSize(NOTICE_LIMITS.questionOptionsMin, { message: `选择题至少 ${NOTICE_LIMITS.questionOptionsMin} 个选项` })
  @ArrayMaxSize(NOTICE_LIMITS.questionOptionsMax, { message: `最多 ${NOTICE_LIMITS.questionOptionsMax} 个选项` })
  @IsString({ each: true }) @Length(1, NOTICE_LIMITS.questionOptionMax, { each: true, message: `每个选项为 1 到 ${NOTICE_LIMITS.questionOptionMax} 个字` })
  options?: string[];
}

export class NoticeAudienceDto implements NoticeAudience {
  @ApiProperty({ enum: NOTICE_AUDIENCE_SCOPES }) @IsIn(NOTICE_AUDIENCE_SCOPES, { message: '发送范围不正确' }) scope!: NoticeAudienceScope;
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: NOTICE_LIMITS.audienceIdsMax, description: 'grade ids (scope grades) or class ids (scope classes)' })
  @Omittable() @IsArray() @ArrayMaxSize(NOTICE_LIMITS.audienceIdsMax) @IsUUID('all', { each: true, message: '年级或班级不正确' }) ids?: string[];
}

export class NoticeDraftDto implements NoticeDraftRequest {
  @ApiProperty({ enum: NOTICE_KINDS }) @IsIn(NOTICE_KINDS, { message: '通知类型不正确' }) kind!: NoticeKind;
  @ApiProperty({ maxLength: NOTICE_LIMITS.titleMax })
  @Transform(trim) @IsString() @Length(1, NOTICE_LIMITS.titleMax, { message: `标题为 1 到 ${NOTICE_LIMITS.titleMax} 个字` }) title!: string;
  @ApiProperty(NOTICE_BODY_SCHEMA as any) @IsNoticeBody() body!: NoticeBody;
  @ApiProperty({ enum: NOTICE_CONFIRM_MODES }) @IsIn(NOTICE_CONFIRM_MODES, { message: '确认方式不正确' }) confirmMode!: NoticeConfirmMode;
  @ApiPropertyOptional({ type: NoticeQuestionDto }) @Omittable() @IsObject() @ValidateNested() @Type(() => NoticeQuestionDto) question?: NoticeQuestionDto;
  @ApiPropertyOptional({ format: 'date-time', description: 'guardians confirm, sign and answer until then; the notice closes at that time' })
  @Omittable() @IsISO8601({ strict: true }, { message: '截止时间格式不正确' }) confirmDeadline?: string;
  @ApiProperty({ type: NoticeAudienceDto }) @IsObject() @ValidateNested() @Type(() => NoticeAudienceDto) audience!: NoticeAudienceDto;
}

export class PublishNoticeDto implements PublishNoticeRequest {
  @ApiPropertyOptional({ format: 'date-time', description: `publish at this time instead of now (at most ${NOTICE_LIMITS.scheduleAheadDaysMax} days ahead)` })
  @Omittable() @IsISO8601({ strict: true }, { message: '发布时间格式不正确' }) at?: string;
}

export class RecallNoticeDto implements RecallNoticeRequest {
  @ApiProperty({ maxLength: NOTICE_LIMITS.recallReasonMax, example: '通知中的日期有误，将重新发布' })
  @Transform(trim) @IsString() @Length(1, NOTICE_LIMITS.recallReasonMax, { message: `请填写撤回原因（最多 ${NOTICE_LIMITS.recallReasonMax} 字）` }) reason!: string;
}

export class NoticeListQueryDto implements NoticeListQuery {
  @ApiPropertyOptional({ enum: NOTICE_STATUSES }) @Omittable() @IsIn(NOTICE_STATUSES) status?: NoticeStatus;
  @ApiPropertyOptional({ minimum: 1, maximum: NOTICE_LIMITS.pageMax, default: 20 })
  @Omittable() @Transform(toInt) @IsInt() @Min(1) @Max(NOTICE_LIMITS.pageMax) limit?: number;
  @ApiPropertyOptional({ minimum: 0, default: 0 }) @Omittable() @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000) offset?: number;
}

export class NoticeQuietHoursDto implements NoticeQuietHours {
  @ApiProperty({ pattern: NOTICE_TIME_OF_DAY.source, example: '21:00' }) @IsString() @Matches(NOTICE_TIME_OF_DAY, { message: '时间格式应为 HH:MM' }) start!: string;
  @ApiProperty({ pattern: NOTICE_TIME_OF_DAY.source, example: '07:00' }) @IsString() @Matches(NOTICE_TIME_OF_DAY, { message: '时间格式应为 HH:MM' }) end!: string;
}

export class NoticeSettingsDto implements NoticeSettingsRequest {
  @ApiProperty({ type: NoticeQuietHoursDto, description: 'start equal to end: no quiet hours' })
  @IsObject() @ValidateNested() @Type(() => NoticeQuietHoursDto) quietHours!: NoticeQuietHoursDto;
}

export class NoticeReceiptParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id 格式不正确' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'receiptId 格式不正确' }) receiptId!: string;
}

export class NoticeClassParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id 格式不正确' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'classId 格式不正确' }) classId!: string;
}

// ------------------------------------------------------------------ responses

export class NoticeClassRefDto implements NoticeClassRef {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '三年级1班' }) name!: string;
}

export class NoticeAudienceViewDto implements NoticeAudienceView {
  @ApiProperty({ enum: NOTICE_AUDIENCE_SCOPES }) scope!: NoticeAudienceScope;
  @ApiProperty({ type: [String] }) ids!: string[];
  @ApiProperty({ type: [NoticeClassRefDto] }) classes!: NoticeClassRefDto[];
}

export class NoticeProgressDto implements NoticeProgress {
  @ApiProperty({ nullable: true, type: Number }) expected!: number | null;
  @ApiProperty() sent!: number;
  @ApiProperty() done!: boolean;
}

export class NoticeQuestionViewDto implements NoticeQuestion {
  @ApiProperty({ enum: NOTICE_QUESTION_KINDS }) kind!: NoticeQuestionKind;
  @ApiProperty() prompt!: string;
  @ApiPropertyOptional({ type: [String] }) options?: string[];
}

export class StaffRefDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class NoticeStaffDetailDto implements NoticeStaffDetail {
  @ApiProperty() id!: string;
  @ApiProperty() schoolId!: string;
  @ApiProperty({ enum: NOTICE_KINDS }) kind!: NoticeKind;
  @ApiProperty() title!: string;
  @ApiProperty(NOTICE_BODY_SCHEMA as any) body!: NoticeBody;
  @ApiProperty({ enum: NOTICE_CONFIRM_MODES }) confirmMode!: NoticeConfirmMode;
  @ApiProperty({ type: NoticeQuestionViewDto, nullable: true }) question!: NoticeQuestion | null;
  @ApiProperty({ nullable: true, type: String }) confirmDeadline!: string | null;
  @ApiProperty({ type: NoticeAudienceViewDto }) audience!: NoticeAudienceViewDto;
  @ApiProperty({ enum: NOTICE_STATUSES }) status!: NoticeStatus;
  @ApiProperty({ description: 'sha256 (hex) of the canonical JSON of title, body and question' }) contentHash!: string;
  @ApiProperty({ enum: ['pass', 'review', 'risky'], nullable: true }) contentCheck!: 'pass' | 'review' | 'risky' | null;
  @ApiProperty() needsPrincipalReview!: boolean;
  @ApiProperty({ type: StaffRefDto }) createdBy!: StaffRefDto;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ nullable: true, type: String }) scheduledAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) publishedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) recalledAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) recallReason!: string | null;
  @ApiProperty({ type: NoticeProgressDto }) progress!: NoticeProgressDto;
  @ApiProperty() canManage!: boolean;
  @ApiProperty({ type: NoticeRefDto, nullable: true, description: 'a correction: the notice it corrects' }) correctionOf!: NoticeRefDto | null;
  @ApiProperty({ nullable: true, type: String, description: 'a correction: what changed' }) correctionNote!: string | null;
  @ApiProperty({ type: NoticeRefDto, nullable: true, description: 'the correction that replaced this notice' }) correctedBy!: NoticeRefDto | null;
  @ApiProperty({ type: NoticeReviewViewDto, nullable: true, description: "the principal's decision on a notice marked for review" }) review!: NoticeReviewViewDto | null;
}

export class NoticeListItemDto implements NoticeListItem {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: NOTICE_KINDS }) kind!: NoticeKind;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: NOTICE_STATUSES }) status!: NoticeStatus;
  @ApiProperty({ enum: NOTICE_CONFIRM_MODES }) confirmMode!: NoticeConfirmMode;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) scheduledAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) publishedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) confirmDeadline!: string | null;
  @ApiProperty() needsPrincipalReview!: boolean;
  @ApiProperty() recipients!: number;
  @ApiProperty() acknowledged!: number;
  @ApiProperty({ nullable: true, type: String }) correctionOf!: string | null;
  @ApiProperty({ nullable: true, type: String }) correctedBy!: string | null;
  @ApiProperty({ enum: NOTICE_REVIEW_DECISIONS, nullable: true, type: String }) reviewDecision!: NoticeReviewDecision | null;
}

export class NoticeListDto {
  @ApiProperty({ type: [NoticeListItemDto] }) items!: NoticeListItemDto[];
  @ApiProperty() total!: number;
}

export class NoticeComposerGradeDto implements NoticeComposerGrade {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [NoticeClassRefDto] }) classes!: NoticeClassRefDto[];
}

export class NoticeLinkPageDto {
  @ApiProperty({ enum: Object.keys(NOTICE_LINK_PAGES) }) page!: NoticeLinkPage;
  @ApiProperty() label!: string;
}

export class NoticeQuietHoursViewDto implements NoticeQuietHours {
  @ApiProperty({ example: '21:00' }) start!: string;
  @ApiProperty({ example: '07:00' }) end!: string;
}

export class NoticeComposerDto implements NoticeComposerResponse {
  @ApiProperty() schoolWide!: boolean;
  @ApiProperty({ type: [NoticeComposerGradeDto] }) grades!: NoticeComposerGradeDto[];
  @ApiProperty({ type: [NoticeLinkPageDto] }) linkPages!: NoticeLinkPageDto[];
  @ApiProperty() warningHint!: string;
  @ApiProperty({ type: NoticeQuietHoursViewDto }) quietHours!: NoticeQuietHoursViewDto;
}

export class NoticeSettingsViewDto implements NoticeSettingsResponse {
  @ApiProperty({ type: NoticeQuietHoursViewDto }) quietHours!: NoticeQuietHoursViewDto;
}
