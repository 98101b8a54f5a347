import { HttpException } from '@nestjs/common';
import { ErrorCode } from '@anxin/shared';
import { AppException } from '../errors/app.exception';

/**
 * For the catch around reading a multipart body: errors that already carry a client status (ours, or fastify's
 * size and count limits) go on as they are; anything else the parser throws (a broken boundary, a body cut off
 * mid-part) is the request's fault, so it is a 400, never a 500.
 */
export function rethrowMultipartError(e: unknown): never {
  const status = (e as { statusCode?: unknown })?.statusCode;
  if (e instanceof HttpException || (typeof status === 'number' && status >= 400 && status < 500)) throw e;
  throw AppException.badRequest(ErrorCode.BAD_REQUEST, '上传的内容格式不正确，请重新上传');
}
