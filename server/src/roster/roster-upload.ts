import { HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '@anxin/shared';
import { AppException } from '../common/errors/app.exception';
import { rethrowMultipartError } from '../common/http/multipart-errors';

export const MAX_ROSTER_BYTES = 10 * 1024 * 1024;

/**
 * Reads the multipart body of a roster upload: the `file` part (at most 10 MB, else 413) and an optional `dryRun`
 * field, in whichever order the client sends them.
 */
export async function readRosterUpload(request: FastifyRequest): Promise<{ file: Buffer; dryRun: boolean }> {
  const req = request as FastifyRequest & { isMultipart?: () => boolean; parts?: (o: unknown) => AsyncIterable<any> };
  if (!req.isMultipart?.() || !req.parts) {
    throw new AppException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE, '请以 multipart/form-data 上传文件（字段名 file）');
  }
  let file: Buffer | null = null;
  let dryRun = false;
  try {
    for await (const part of req.parts({ limits: { fileSize: MAX_ROSTER_BYTES, files: 1, fields: 5 } })) {
      if (part.type === 'file') {
        const buffer: Buffer = await part.toBuffer(); // throws 413 past the limit
        if (part.file?.truncated) throw AppException.payloadTooLarge('文件超过 10 MB');
        if (part.fieldname === 'file') file = buffer;
      } else if (part.fieldname === 'dryRun') {
        dryRun = ['true', '1'].includes(String(part.value).trim().toLowerCase());
      }
    }
  } catch (e) {
    rethrowMultipartError(e);
  }
  if (!file) {
    throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '请选择要上传的 Excel 文件', [{ field: 'file', problems: ['必填'] }]);
  }
  return { file, dryRun };
}
