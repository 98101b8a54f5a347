import { HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ErrorCode, NOTICE_ATTACHMENT_LIMITS, type NoticeAttachmentKind } from '@anxin/shared';
import { AppException } from '../../platform/common/errors/app.exception';
import { rethrowMultipartError } from '../../platform/common/http/multipart-errors';
import { sniffImage } from '../../platform/images/image-sanitizer';

/** What an uploaded file is, by its first bytes (never by the client's content type or file name). */
export type SniffedAttachment = { kind: NoticeAttachmentKind; mime: 'image/jpeg' | 'image/png' | 'application/pdf' };

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const PDF_END = Buffer.from('%%EOF', 'latin1');
/** A PDF ends with `%%EOF`, followed at most by a line break or a little padding. */
const PDF_TAIL_BYTES = 1024;

export function sniffAttachment(file: Buffer): SniffedAttachment | null {
  const image = sniffImage(file);
  if (image) return { kind: 'image', mime: image };
  if (file.length >= PDF_MAGIC.length && file.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) return { kind: 'pdf', mime: 'application/pdf' };
  return null;
}

/** A PDF that was cut off (no `%%EOF` near its end) is refused rather than sent to guardians broken. */
export function pdfLooksComplete(file: Buffer): boolean {
  return file.subarray(Math.max(0, file.length - PDF_TAIL_BYTES)).includes(PDF_END);
}

/** Control characters, line breaks and the bidirectional overrides that can disguise a name (`invoice\u202Efdp.exe`). */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The name the file had on the uploader's device, as a label to show beside it: the last part of a path, without
 * control or direction-changing characters, spaces folded, at most NOTICE_ATTACHMENT_LIMITS.labelMax characters
 * (the end, with the extension, kept). Never used as a file name by the server. `fallback` when nothing is left.
 */
export function cleanLabel(raw: string | undefined | null, fallback: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const text = base.replace(/[\t\r\n\u2028\u2029]/g, ' ').replace(UNSAFE, '').replace(/\s+/g, ' ').trim();
  const chars = [...text];
  if (!chars.length || /^\.+$/.test(text)) return fallback;
  const max = NOTICE_ATTACHMENT_LIMITS.labelMax;
  if (chars.length <= max) return text;
  const dot = text.lastIndexOf('.');
  const ext = dot > 0 && text.length - dot <= 8 ? text.slice(dot) : '';
  return `${chars.slice(0, max - [...ext].length - 1).join('')}…${ext}`;
}

const MB = 1024 * 1024;

/** The one `file` part of an upload and the name it came with: 413 past NOTICE_ATTACHMENT_LIMITS.bytesMax. */
export async function readNoticeUpload(request: FastifyRequest): Promise<{ file: Buffer; fileName: string | null }> {
  const req = request as FastifyRequest & { isMultipart?: () => boolean; parts?: (o: unknown) => AsyncIterable<any> };
  if (!req.isMultipart?.() || !req.parts) {
    throw new AppException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE, '请以 multipart/form-data 上传文件（字段名 file）');
  }
  const tooLarge = `每个附件不能超过 ${NOTICE_ATTACHMENT_LIMITS.bytesMax / MB} MB`;
  let file: Buffer | null = null;
  let fileName: string | null = null;
  try {
    for await (const part of req.parts({ limits: { fileSize: NOTICE_ATTACHMENT_LIMITS.bytesMax, files: 1, fields: 5 } })) {
      if (part.type !== 'file') continue;
      const buffer: Buffer = await part.toBuffer();
      if (part.file?.truncated) throw AppException.payloadTooLarge(tooLarge);
      if (part.fieldname === 'file') {
        file = buffer;
        fileName = typeof part.filename === 'string' ? part.filename : null;
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw AppException.payloadTooLarge(tooLarge);
    if (code === 'FST_FILES_LIMIT') throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '一次只能上传一个附件', [{ field: 'file', problems: ['一次只能上传一个附件'] }]);
    rethrowMultipartError(e);
  }
  if (!file || file.length === 0) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '请选择要上传的文件', [{ field: 'file', problems: ['必填'] }]);
  return { file, fileName };
}
