import { Body, Controller, Get, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ErrorCode, TIP_LIMITS } from '@anxin/shared';
import { Auth, Public } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { AppException } from '../../platform/common/errors/app.exception';
import { rethrowMultipartError } from '../../platform/common/http/multipart-errors';
import { FOLLOWUP_HEADER, TipReporterService } from './tip-reporter.service';
import {
  FollowupLoginDto, FollowupLoginResponseDto, ReporterMessageDto, SubmitTipDto, SubmitTipResponseDto, TipAttachmentUploadDto,
  TipThreadDto, TipThreadMessageDto,
} from './tips.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The reporter's routes. Public: a reporter needs no account; a logged-in caller stays anonymous to the school
 * (the session is used only for the rate limit and for 教师转报). The client address is read here and handed on
 * only as a rate-limit subject; it is never stored or logged.
 */
@ApiTags('tips (reporter)')
@Controller('tips')
export class TipReporterController {
  constructor(private readonly service: TipReporterService) {}

  @Post()
  @Public({ optionalSession: true })
  @ApiCreatedResponse({ type: SubmitTipResponseDto })
  submit(@Auth() auth: AuthContext | undefined, @Body() dto: SubmitTipDto, @Req() req: FastifyRequest): Promise<SubmitTipResponseDto> {
    return this.service.submit(auth, dto, req.ip);
  }

  @Post('attachments')
  @Public({ optionalSession: true })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['schoolId', 'file'], properties: { schoolId: { type: 'string', format: 'uuid' }, file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: TipAttachmentUploadDto })
  async upload(@Auth() auth: AuthContext | undefined, @Req() req: FastifyRequest): Promise<TipAttachmentUploadDto> {
    await this.service.assertUploadAllowed(auth, req.ip); // before the file is read
    const { schoolId, file } = await readUpload(req);
    return this.service.upload(auth, schoolId, file, req.ip);
  }

  @Post('followup')
  @Public()
  @ApiCreatedResponse({ type: FollowupLoginResponseDto })
  followup(@Body() dto: FollowupLoginDto, @Req() req: FastifyRequest): Promise<FollowupLoginResponseDto> {
    return this.service.followupLogin(dto.schoolId, dto.receipt, req.ip);
  }

  @Get('followup/thread')
  @Public()
  @ApiHeader({ name: 'X-Followup-Token', required: true, description: 'token from POST /tips/followup' })
  @ApiOkResponse({ type: TipThreadDto })
  thread(@Headers(FOLLOWUP_HEADER) token: string | undefined): Promise<TipThreadDto> {
    return this.service.thread(token);
  }

  @Post('followup/messages')
  @Public()
  @HttpCode(201)
  @ApiHeader({ name: 'X-Followup-Token', required: true, description: 'token from POST /tips/followup' })
  @ApiCreatedResponse({ type: TipThreadMessageDto })
  message(@Headers(FOLLOWUP_HEADER) token: string | undefined, @Body() dto: ReporterMessageDto): Promise<TipThreadMessageDto> {
    return this.service.reporterMessage(token, dto.body);
  }
}

/** One photo and the school it is for. 413 beyond 10 MB; the type is checked later by magic bytes. */
async function readUpload(req: FastifyRequest): Promise<{ schoolId: string; file: Buffer }> {
  const r = req as FastifyRequest & { isMultipart?: () => boolean; parts?: (o: unknown) => AsyncIterable<any> };
  if (!r.isMultipart?.() || !r.parts) throw new AppException(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, '请以 multipart/form-data 上传照片');
  let schoolId: string | null = null;
  let file: Buffer | null = null;
  try {
    for await (const part of r.parts({ limits: { fileSize: TIP_LIMITS.attachmentMaxBytes, files: 1, fields: 5 } })) {
      if (part.type === 'file') {
        if (file) throw AppException.badRequest(ErrorCode.TIP_ATTACHMENT_INVALID, '一次只能上传一张照片');
        file = await part.toBuffer();
      } else if (part.fieldname === 'schoolId') {
        schoolId = String(part.value);
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw AppException.payloadTooLarge('每张照片不能超过 10 MB');
    if (code === 'FST_FILES_LIMIT') throw AppException.badRequest(ErrorCode.TIP_ATTACHMENT_INVALID, '一次只能上传一张照片');
    rethrowMultipartError(e);
  }
  if (!schoolId || !UUID.test(schoolId)) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '学校不正确', [{ field: 'schoolId', problems: ['学校不正确'] }]);
  if (!file || file.length === 0) throw AppException.badRequest(ErrorCode.TIP_ATTACHMENT_INVALID, '没有收到照片');
  return { schoolId, file };
}
