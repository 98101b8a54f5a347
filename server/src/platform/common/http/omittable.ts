import { ValidateIf } from 'class-validator';

/**
 * An optional request field: it may be left out, and when it is sent its rules apply — also to `null`, which the
 * field's type check then refuses (400 VALIDATION_FAILED). class-validator's own IsOptional skips null as well as
 * undefined, which let `{"name": null}` through to services that expect a string or nothing (a 500). No request
 * field of this API gives null a meaning ("leave it out" is how a client keeps a value), so use this instead of
 * IsOptional on every optional DTO field (eslint refuses IsOptional in server/src).
 */
export function Omittable(): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined);
}
