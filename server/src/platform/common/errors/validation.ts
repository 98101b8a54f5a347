import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorCode, FieldProblem } from '@anxin/shared';
import { AppException } from './app.exception';
import { rememberValidationRules } from './validation-rules-cache';

/** The one global ValidationPipe: unknown fields are refused, payloads become DTO instances. */
export function createValidationPipe(): ValidationPipe {
  rememberValidationRules();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) =>
      AppException.badRequest(ErrorCode.VALIDATION_FAILED, '提交的内容有误，请检查后重试', flatten(errors)),
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) out.push({ field, problems: Object.values(e.constraints) });
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}
