import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { NOTICE_ATTACHMENT_KINDS, NOTICE_ATTACHMENT_LIMITS, type NoticeAttachment, type NoticeAttachmentKind } from '@anxin/shared';

export class NoticeAttachmentParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id 格式不正确' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'attachmentId 格式不正确' }) attachmentId!: string;
}

export class NoticeAttachmentDto implements NoticeAttachment {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: NOTICE_ATTACHMENT_KINDS }) kind!: NoticeAttachmentKind;
  @ApiProperty({ enum: ['image/jpeg', 'application/pdf'], description: 'the type served: pictures are re-encoded as JPEG' }) mime!: string;
  @ApiProperty({ maxLength: NOTICE_ATTACHMENT_LIMITS.labelMax, description: 'the name the file had on the uploader\'s device, cleaned; shown only' }) label!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ nullable: true, type: Number }) width!: number | null;
  @ApiProperty({ nullable: true, type: Number }) height!: number | null;
  @ApiProperty({ description: 'sha256 (hex) of the file served' }) sha256!: string;
}

/** The OpenAPI body of an upload. */
export const NOTICE_UPLOAD_SCHEMA = {
  schema: {
    type: 'object', required: ['file'],
    properties: { file: { type: 'string', format: 'binary', description: `a PDF, or a JPEG or PNG picture; at most ${NOTICE_ATTACHMENT_LIMITS.bytesMax} bytes` } },
  },
};
