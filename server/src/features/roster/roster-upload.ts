import { HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '@anxin/shared';
import { AppException } from '../../platform/common/errors/app.exception';
import { rethrowMultipartError } from '../../platform/common/http/multipart-errors';

export const MAX_ROSTER_BYTES = 10 * 1024 * 1024;

/**
 * How a form sends a checkbox or a yes/no switch. Every "checked" spelling means a dry run; an unknown value is
 * refused rather than read as "no", because reading it as "no" imports for real when the user asked for a check.
 */
export const DRY_RUN_YES = ['true', '1', 'on', 'yes', 'checked'] as const;
export const DRY_RUN_NO = ['false', '0', 'off', 'no', ''] as const;
export const DRY_RUN_PATTERN = new RegExp(`^(${[...DRY_RUN_YES, ...DRY_RUN_NO].join('|')})$`, 'i');

/** `dryRun` as a boolean; 400 VALIDATION_FAILED naming the field for anything that is not a known spelling. */
export function readDryRunFlag(raw: unknown): boolean {
  const value = typeof raw === 'string' ? raw.trim().toLowerCase() : null;
  if (value !== null && (DRY_RUN_YES as readonly string[]).includes(value)) return true;
  if (value !== null && (DRY_RUN_NO as readonly string[]).includes(value)) return false;
  throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'dryRun 只能是 true/false（也接受 1/0、on/off、yes/no、checked）', [
    { field: 'dryRun', problems: [`必须是 ${[...DRY_RUN_YES, ...DRY_RUN_NO.filter(Boolean)].join('、')} 之一`] },
  ]);
}

/**
 * Reads the multipart body of a roster upload: the `file` part (at most 10 MB, else 413) and an optional `dryRun`
 * field, in whichever order the client sends them. `queryDryRun` is the `dryRun` query parameter (already checked
 * against DRY_RUN_PATTERN); either place asking for a dry run makes it one.
 */
export async function readRosterUpload(request: FastifyRequest, queryDryRun?: string): Promise<{ file: Buffer; dryRun: boolean }> {
  const req = request as FastifyRequest & { isMultipart?: () => boolean; parts?: (o: unknown) => AsyncIterable<any> };
  if (!req.isMultipart?.() || !req.parts) {
    throw new AppException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE, '请以 multipart/form-data 上传文件（字段名 file）');
  }
  let file: Buffer | null = null;
  let dryRun = queryDryRun === undefined ? false : readDryRunFlag(queryDryRun);
  try {
    for await (const part of req.parts({ limits: { fileSize: MAX_ROSTER_BYTES, files: 1, fields: 5 } })) {
      if (part.type === 'file') {
        const buffer: Buffer = await part.toBuffer(); // throws 413 past the limit
        if (part.file?.truncated) throw AppException.payloadTooLarge('文件超过 10 MB');
        if (part.fieldname === 'file') file = buffer;
      } else if (part.fieldname === 'dryRun') {
        if (readDryRunFlag(part.value)) dryRun = true;
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
