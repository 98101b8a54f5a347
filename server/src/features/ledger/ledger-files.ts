import { HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ErrorCode, LEDGER_LIMITS } from '@anxin/shared';
import { AppException } from '../../platform/common/errors/app.exception';
import { rethrowMultipartError } from '../../platform/common/http/multipart-errors';
import { ImageTooLargeError, MAX_INPUT_PIXELS, sniffImage, staffCopy } from '../../platform/images/image-sanitizer';
import { ImageQueueFullError } from '../../platform/images/image-work-queue';

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const PDF_END = Buffer.from('%%EOF', 'latin1');
/** A PDF ends with `%%EOF`, followed at most by a line break or a little padding. */
const PDF_TAIL_BYTES = 1024;
const MB = 1024 * 1024;

/** What the server keeps of an upload: a photo re-encoded without metadata, or the PDF as it came. */
export interface LedgerUpload {
  kind: 'photo' | 'pdf';
  mime: 'image/jpeg' | 'application/pdf';
  data: Buffer;
}

/** The one `file` part of a multipart upload (its name is never kept): 415 when it is not multipart, 413 past the limit. */
export async function readLedgerUpload(request: FastifyRequest): Promise<Buffer> {
  const req = request as FastifyRequest & { isMultipart?: () => boolean; parts?: (o: unknown) => AsyncIterable<any> };
  if (!req.isMultipart?.() || !req.parts) {
    throw new AppException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE, '请以 multipart/form-data 上传文件（字段名 file）');
  }
  const tooLarge = `每个文件不能超过 ${LEDGER_LIMITS.fileBytesMax / MB} MB`;
  let file: Buffer | null = null;
  try {
    for await (const part of req.parts({ limits: { fileSize: LEDGER_LIMITS.fileBytesMax, files: 1, fields: 5 } })) {
      if (part.type !== 'file') continue;
      const buffer: Buffer = await part.toBuffer();
      if (part.file?.truncated) throw AppException.payloadTooLarge(tooLarge);
      if (part.fieldname === 'file') file = buffer;
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw AppException.payloadTooLarge(tooLarge);
    if (code === 'FST_FILES_LIMIT') throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '一次只能上传一个文件', [{ field: 'file', problems: ['一次只能上传一个文件'] }]);
    rethrowMultipartError(e);
  }
  if (!file || file.length === 0) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '请选择要上传的文件', [{ field: 'file', problems: ['必填'] }]);
  return file;
}

/**
 * The type by the file's first bytes (never the client's content type or name): a JPEG or PNG photo is decoded and
 * re-encoded as JPEG without EXIF/GPS (platform/images `staffCopy`); a PDF must start with `%PDF-` and end with
 * `%%EOF`. Anything else: 415.
 */
export async function ledgerUpload(file: Buffer): Promise<LedgerUpload> {
  if (sniffImage(file)) {
    const copy = await staffCopy(file).catch((e: unknown) => {
      if (e instanceof ImageTooLargeError) throw AppException.payloadTooLarge(`图片像素太多（最多 ${MAX_INPUT_PIXELS / 10_000} 万像素），请换一张`);
      if (e instanceof ImageQueueFullError) throw new AppException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.SERVICE_UNAVAILABLE, '正在处理的图片较多，请稍后再上传');
      throw AppException.unprocessable(ErrorCode.LEDGER_FILE_INVALID, '图片无法读取，请换一张');
    });
    return { kind: 'photo', mime: 'image/jpeg', data: copy.data };
  }
  if (file.length >= PDF_MAGIC.length && file.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) {
    if (!file.subarray(Math.max(0, file.length - PDF_TAIL_BYTES)).includes(PDF_END)) {
      throw AppException.unprocessable(ErrorCode.LEDGER_FILE_INVALID, 'PDF 文件不完整，请重新导出后再上传');
    }
    return { kind: 'pdf', mime: 'application/pdf', data: file };
  }
  throw new AppException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE, '只能上传 JPG、PNG 照片或 PDF 文件');
}

/** The server's name for the n-th (1-based) photo or PDF of an activity. */
export function ledgerFileName(kind: 'photo' | 'pdf', n: number): string {
  return kind === 'photo' ? `照片${n}.jpg` : `材料${n}.pdf`;
}
