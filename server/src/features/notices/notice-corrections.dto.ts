import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsObject, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import {
  NOTICE_ATTACHMENT_LIMITS, NOTICE_CONFIRM_MODES, NOTICE_CORRECTION_LIMITS, NOTICE_KINDS, NOTICE_LIMITS, NOTICE_REVIEW_DECISIONS, NOTICE_REVIEW_LIMITS,
  type NoticeBody, type NoticeConfirmMode, type NoticeCorrectionRequest, type NoticeKind, type NoticeQuestion, type NoticeReviewDecision,
  type NoticeReviewRequest, type NoticeSemester, type NoticeTemplate, type NoticeTemplateListResponse,
} from '@anxin/shared';
import { Omittable } from '../../platform/common/http/omittable';
import { IsNoticeBody, NOTICE_BODY_SCHEMA, NoticeQuestionDto, NoticeQuestionViewDto } from './notices.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CorrectNoticeDto implements NoticeCorrectionRequest {
  @ApiProperty({ maxLength: NOTICE_LIMITS.titleMax, description: 'without 【更正】: the server puts it in front once' })
  @Transform(trim) @IsString() @Length(1, NOTICE_LIMITS.titleMax, { message: `标题为 1 到 ${NOTICE_LIMITS.titleMax} 个字` }) title!: string;
  @ApiProperty(NOTICE_BODY_SCHEMA as any) @IsNoticeBody() body!: NoticeBody;
  @ApiProperty({ enum: NOTICE_CONFIRM_MODES }) @IsIn(NOTICE_CONFIRM_MODES, { message: '确认方式不正确' }) confirmMode!: NoticeConfirmMode;
  @ApiPropertyOptional({ type: NoticeQuestionDto }) @Omittable() @IsObject() @ValidateNested() @Type(() => NoticeQuestionDto) question?: NoticeQuestionDto;
  @ApiPropertyOptional({ format: 'date-time', description: 'guardians confirm the correction until then' })
  @Omittable() @IsISO8601({ strict: true }, { message: '截止时间格式不正确' }) confirmDeadline?: string;
  @ApiProperty({ maxLength: NOTICE_CORRECTION_LIMITS.noteMax, example: '家长会时间由周五改为周六上午九点' })
  @Transform(trim) @IsString() @Length(1, NOTICE_CORRECTION_LIMITS.noteMax, { message: `请用 1 到 ${NOTICE_CORRECTION_LIMITS.noteMax} 个字说明更正了什么` }) note!: string;
  @ApiPropertyOptional({
    type: [String], format: 'uuid', maxItems: NOTICE_ATTACHMENT_LIMITS.perNoticeMax,
    description: "the corrected notice's attachments the correction carries (copied; picture blocks naming them are rewritten to the copies); left out: all",
  })
  @Omittable() @IsArray() @ArrayMaxSize(NOTICE_ATTACHMENT_LIMITS.perNoticeMax, { message: `最多保留 ${NOTICE_ATTACHMENT_LIMITS.perNoticeMax} 个附件` })
  @IsUUID('all', { each: true, message: '附件 id 格式不正确' }) keepAttachmentIds?: string[];
}

export class ReviewNoticeDto implements NoticeReviewRequest {
  @ApiProperty({ enum: NOTICE_REVIEW_DECISIONS, description: 'keep: clear the mark; recall: recall the notice, the note being the reason' })
  @IsIn(NOTICE_REVIEW_DECISIONS, { message: '请选择保留或撤回' }) decision!: NoticeReviewDecision;
  @ApiPropertyOptional({ maxLength: NOTICE_REVIEW_LIMITS.noteMax, description: 'required to recall: guardians read it as the reason' })
  @Omittable() @Transform(trim) @IsString() @Length(1, NOTICE_REVIEW_LIMITS.noteMax, { message: `说明为 1 到 ${NOTICE_REVIEW_LIMITS.noteMax} 个字` }) note?: string;
}

export class NoticeTemplateDto implements NoticeTemplate {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '秋季学期致家长的一封信' }) name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: NOTICE_KINDS }) kind!: NoticeKind;
  @ApiProperty({ enum: ['autumn', 'spring'], nullable: true, type: String }) semester!: NoticeSemester | null;
  @ApiProperty({ description: 'a letter of the semester we are in' }) current!: boolean;
  @ApiProperty() title!: string;
  @ApiProperty(NOTICE_BODY_SCHEMA as any) body!: NoticeBody;
  @ApiProperty({ enum: NOTICE_CONFIRM_MODES }) confirmMode!: NoticeConfirmMode;
  @ApiProperty({ type: NoticeQuestionViewDto, nullable: true }) question!: NoticeQuestion | null;
}

export class NoticeTemplateListDto implements NoticeTemplateListResponse {
  @ApiProperty({ type: [NoticeTemplateDto] }) items!: NoticeTemplateDto[];
}
