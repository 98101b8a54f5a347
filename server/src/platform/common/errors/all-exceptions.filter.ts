import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrorBody, ErrorCode } from '@anxin/shared';
import { Logger } from 'pino';
import { LOGGER } from '../logging/logger';

const STATUS_CODES: Record<number, { code: ErrorCode; message: string }> = {
  400: { code: ErrorCode.BAD_REQUEST, message: '请求格式不正确' },
  401: { code: ErrorCode.UNAUTHENTICATED, message: '请先登录' },
  403: { code: ErrorCode.FORBIDDEN, message: '没有权限进行此操作' },
  404: { code: ErrorCode.NOT_FOUND, message: '请求的内容不存在' },
  409: { code: ErrorCode.CONFLICT, message: '数据已被他人修改，请刷新后重试' },
  413: { code: ErrorCode.PAYLOAD_TOO_LARGE, message: '文件或请求内容过大' },
  415: { code: ErrorCode.UNSUPPORTED_MEDIA_TYPE, message: '不支持的内容类型' },
  422: { code: ErrorCode.UNPROCESSABLE, message: '请求内容无法处理' },
  429: { code: ErrorCode.RATE_LIMITED, message: '操作过于频繁，请稍后再试' },
};

const INVALID_JSON_MESSAGE = '请求内容不是有效的 JSON';

/** Maps every error to the one error shape. Anything unexpected is a 500, logged without request bodies. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly log: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const { status, body } = toErrorBody(exception);
    if (status >= 500) {
      this.log.error({ err: exception, method: request?.method, route: routeOf(request) }, 'unhandled error');
    } else if (status === 401 || status === 403) {
      // Every authentication and authorization failure is logged, without IPs or tokens.
      this.log.warn({ status, code: body.code, method: request?.method, route: routeOf(request) }, 'access refused');
    }
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}

function routeOf(request: FastifyRequest | undefined): string | undefined {
  return request?.routeOptions?.url ?? undefined;
}

export function toErrorBody(exception: unknown): { status: number; body: ApiErrorBody } {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response && 'code' in response && typeof (response as ApiErrorBody).code === 'string') {
      const r = response as ApiErrorBody;
      return { status, body: r.details === undefined ? { code: r.code, message: r.message } : r };
    }
    const fallback = STATUS_CODES[status] ?? { code: ErrorCode.INTERNAL_ERROR, message: '服务器内部错误' };
    // Nest re-throws fastify's own errors (body parsing, size, content type) as HttpException(fastify message, status),
    // losing fastify's error code; an invalid or empty JSON body is recognised by that message.
    const raw = typeof response === 'string' ? response : exception.message;
    const message = status === 400 && /json/i.test(raw) ? INVALID_JSON_MESSAGE : fallback.message;
    return { status, body: { code: fallback.code, message } };
  }
  // Errors raised by fastify itself (body parsing, size limits, content type) carry statusCode.
  const e = exception as { statusCode?: number; code?: string; message?: string };
  if (e && typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const status = e.statusCode;
    const fallback = STATUS_CODES[status] ?? { code: ErrorCode.BAD_REQUEST, message: '请求格式不正确' };
    const message = e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? INVALID_JSON_MESSAGE : fallback.message;
    return { status, body: { code: fallback.code, message } };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { code: ErrorCode.INTERNAL_ERROR, message: '服务器内部错误，请稍后再试' } };
}
