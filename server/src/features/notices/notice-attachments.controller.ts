import { Controller, Delete, Get, HttpCode, Param, Post, Req, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { readNoticeUpload } from './notice-attachment-files';
import { NOTICE_UPLOAD_SCHEMA, NoticeAttachmentDto, NoticeAttachmentParamDto } from './notice-attachments.dto';
import { NoticeAttachmentsService } from './notice-attachments.service';

/** A notice's files: PDFs and pictures added to a draft, read by whoever may read the notice. Rules: NoticeAttachmentsService. */
@ApiTags('notices (attachments)')
@Controller()
export class NoticeAttachmentsController {
  constructor(private readonly attachments: NoticeAttachmentsService) {}

  @Post('notices/:id/attachments')
  @Authenticated({ permission: Permission.NOTICE_MANAGE })
  @ApiConsumes('multipart/form-data')
  @ApiBody(NOTICE_UPLOAD_SCHEMA)
  @ApiCreatedResponse({ type: NoticeAttachmentDto, description: 'a draft\'s new file; a picture is re-encoded without EXIF/GPS' })
  @ApiResponse({ status: 409, description: 'NOTICE_NOT_EDITABLE: published; NOTICE_ATTACHMENTS_FULL: it already has the most files allowed' })
  @ApiResponse({ status: 413, description: 'a file over NOTICE_ATTACHMENT_LIMITS.bytesMax, or a picture of more than 40 megapixels' })
  @ApiResponse({ status: 415, description: 'not a PDF, JPEG or PNG (read from the file\'s first bytes)' })
  async upload(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Req() req: FastifyRequest): Promise<NoticeAttachmentDto> {
    await this.attachments.assertMayAdd(auth, id); // before the file is read
    return this.attachments.add(auth, id, await readNoticeUpload(req));
  }

  @Get('notices/:id/attachments')
  @Authenticated()
  @ApiOkResponse({ type: [NoticeAttachmentDto], description: 'staff who may see the notice; a guardian who received it' })
  list(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<NoticeAttachmentDto[]> {
    return this.attachments.list(auth, id);
  }

  @Get('notices/:id/attachments/:attachmentId')
  @Authenticated()
  @ApiProduces('image/jpeg', 'application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' }, description: 'the file: staff who may see the notice; a guardian who received it' })
  async file(@Auth() auth: AuthContext, @Param() p: NoticeAttachmentParamDto): Promise<StreamableFile> {
    const f = await this.attachments.file(auth, p.id, p.attachmentId);
    return new StreamableFile(f.data, {
      type: f.mime, length: f.data.length, disposition: `${f.kind === 'image' ? 'inline' : 'attachment'}; filename="${f.fileName}"`,
    });
  }

  @Delete('notices/:id/attachments/:attachmentId')
  @HttpCode(204)
  @Authenticated({ permission: Permission.NOTICE_MANAGE })
  @ApiNoContentResponse({ description: 'removed from the draft' })
  @ApiResponse({ status: 409, description: 'NOTICE_NOT_EDITABLE: published; NOTICE_ATTACHMENT_IN_USE: the body still shows the picture' })
  async remove(@Auth() auth: AuthContext, @Param() p: NoticeAttachmentParamDto): Promise<void> {
    await this.attachments.remove(auth, p.id, p.attachmentId);
  }
}
