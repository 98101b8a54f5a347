/**
 * Stable error codes. Every API error body is `{ code, message, details? }` (DESIGN §6);
 * clients branch on `code`, never on `message`.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  UNPROCESSABLE: 'UNPROCESSABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  // identity
  WECHAT_LOGIN_FAILED: 'WECHAT_LOGIN_FAILED',
  DEV_LOGIN_DISABLED: 'DEV_LOGIN_DISABLED',
  // tenancy and bindings
  INVITE_CODE_INVALID: 'INVITE_CODE_INVALID',
  STUDENT_NOT_IN_CLASS: 'STUDENT_NOT_IN_CLASS',
  BINDING_EXISTS: 'BINDING_EXISTS',
  BINDING_ALREADY_DECIDED: 'BINDING_ALREADY_DECIDED',
  CONSENT_REQUIRED: 'CONSENT_REQUIRED',
  ROSTER_INVALID: 'ROSTER_INVALID',
  ROSTER_FILE_UNREADABLE: 'ROSTER_FILE_UNREADABLE',
  // audit
  AUDIT_CHECKPOINT_INVALID: 'AUDIT_CHECKPOINT_INVALID',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode] | (string & {});

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** One problem in a submitted field (validation errors carry a list of these in `details`). */
export interface FieldProblem {
  field: string;
  problems: string[];
}
