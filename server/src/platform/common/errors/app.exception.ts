import { HttpException, HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@anxin/shared';

/**
 * The one exception type services throw. It carries a stable code and a human (Chinese) message and is
 * turned into `{ code, message, details? }` by AllExceptionsFilter.
 */
export class AppException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super({ code, message, details }, status);
  }

  static badRequest(code: ErrorCode, message: string, details?: unknown) {
    return new AppException(HttpStatus.BAD_REQUEST, code, message, details);
  }
  static unauthenticated(message = '请先登录', code: ErrorCode = ErrorCode.UNAUTHENTICATED) {
    return new AppException(HttpStatus.UNAUTHORIZED, code, message);
  }
  static forbidden(message = '没有权限进行此操作') {
    return new AppException(HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, message);
  }
  static notFound(what = '记录') {
    return new AppException(HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, `${what}不存在或无权访问`);
  }
  static conflict(code: ErrorCode, message: string, details?: unknown) {
    return new AppException(HttpStatus.CONFLICT, code, message, details);
  }
  static unprocessable(code: ErrorCode, message: string, details?: unknown) {
    return new AppException(HttpStatus.UNPROCESSABLE_ENTITY, code, message, details);
  }
  static tooManyRequests(message = '操作过于频繁，请稍后再试', details?: unknown) {
    return new AppException(HttpStatus.TOO_MANY_REQUESTS, ErrorCode.RATE_LIMITED, message, details);
  }
  static payloadTooLarge(message = '文件或请求内容过大') {
    return new AppException(HttpStatus.PAYLOAD_TOO_LARGE, ErrorCode.PAYLOAD_TOO_LARGE, message);
  }
}
