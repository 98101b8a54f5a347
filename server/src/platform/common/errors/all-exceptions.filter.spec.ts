import { BadRequestException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { ErrorCode } from '@anxin/shared';
import { AppException } from './app.exception';
import { toErrorBody } from './all-exceptions.filter';

describe('toErrorBody', () => {
  it('keeps an AppException as it is, dropping an undefined details', () => {
    expect(toErrorBody(AppException.notFound('学校'))).toEqual({ status: 404, body: { code: 'NOT_FOUND', message: '学校不存在或无权访问' } });
    const withDetails = AppException.badRequest(ErrorCode.VALIDATION_FAILED, '有误', [{ field: 'x', problems: ['p'] }]);
    expect(toErrorBody(withDetails)).toEqual({ status: 400, body: { code: 'VALIDATION_FAILED', message: '有误', details: [{ field: 'x', problems: ['p'] }] } });
  });

  it("maps Nest's own exceptions by status, never leaking their English text", () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /x'))).toEqual({ status: 404, body: { code: 'NOT_FOUND', message: '请求的内容不存在' } });
    expect(toErrorBody(new PayloadTooLargeException())).toEqual({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: '文件或请求内容过大' } });
    expect(toErrorBody(new HttpException('Unsupported Media Type', 415)).body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(toErrorBody(new BadRequestException('Unexpected field')).body).toEqual({ code: 'BAD_REQUEST', message: '请求格式不正确' });
  });

  it("says so when fastify's JSON parser refused the body (re-thrown by Nest as an HttpException)", () => {
    const invalid = new HttpException("Body is not valid JSON but content-type is set to 'application/json'", 400);
    expect(toErrorBody(invalid)).toEqual({ status: 400, body: { code: 'BAD_REQUEST', message: '请求内容不是有效的 JSON' } });
    const empty = new HttpException("Body cannot be empty when content-type is set to 'application/json'", 400);
    expect(toErrorBody(empty).body.message).toBe('请求内容不是有效的 JSON');
  });

  it('maps raw fastify errors by statusCode and code', () => {
    const e = Object.assign(new Error('x'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
    expect(toErrorBody(e)).toEqual({ status: 400, body: { code: 'BAD_REQUEST', message: '请求内容不是有效的 JSON' } });
    expect(toErrorBody(Object.assign(new Error('x'), { statusCode: 413 })).body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('turns anything else into a 500 without its message', () => {
    const r = toErrorBody(new TypeError("Cannot read properties of undefined (reading 'secret')"));
    expect(r.status).toBe(500);
    expect(r.body.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(r.body)).not.toContain('secret');
    expect(toErrorBody(Object.assign(new Error('db down'), { statusCode: 503 })).status).toBe(500);
    expect(toErrorBody(undefined).status).toBe(500);
  });
});
