/**
 * Stable error codes. Every API error body is `{ code, message, details? }`;
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
  STUDENT_NAME_MISMATCH: 'STUDENT_NAME_MISMATCH',
  STAFF_INVITE_INVALID: 'STAFF_INVITE_INVALID',
  CONTACT_NOT_STAFF: 'CONTACT_NOT_STAFF',
  ROLE_GRANT_FORBIDDEN: 'ROLE_GRANT_FORBIDDEN', // 403: the caller's role may not grant (or revoke) this role
  SELF_GRANT_FORBIDDEN: 'SELF_GRANT_FORBIDDEN', // 403: principal, contact and committee are never self-granted
  CONTACT_NOT_INVITABLE: 'CONTACT_NOT_INVITABLE', // 422: the designated contact is named, not invited
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  // audit
  AUDIT_CHECKPOINT_INVALID: 'AUDIT_CHECKPOINT_INVALID',
  // tips
  TIP_RECEIPT_INVALID: 'TIP_RECEIPT_INVALID',
  TIP_FOLLOWUP_TOKEN_INVALID: 'TIP_FOLLOWUP_TOKEN_INVALID',
  TIP_ALREADY_SUBMITTED: 'TIP_ALREADY_SUBMITTED',
  TIP_VERSION_CONFLICT: 'TIP_VERSION_CONFLICT',
  TIP_TRANSITION_INVALID: 'TIP_TRANSITION_INVALID',
  TIP_OUTCOME_REQUIRED: 'TIP_OUTCOME_REQUIRED',
  TIP_ALREADY_ACKNOWLEDGED: 'TIP_ALREADY_ACKNOWLEDGED',
  TIP_ATTACHMENT_INVALID: 'TIP_ATTACHMENT_INVALID',
  TIP_ASSIGNEE_INVALID: 'TIP_ASSIGNEE_INVALID',
  TIP_NOT_TEACHER: 'TIP_NOT_TEACHER',
  // subscription consent and WeChat message push
  SUBSCRIPTION_TEMPLATE_UNKNOWN: 'SUBSCRIPTION_TEMPLATE_UNKNOWN', // 400: a reported template id is not in the catalogue
  WECHAT_PUSH_SIGNATURE_INVALID: 'WECHAT_PUSH_SIGNATURE_INVALID', // 401: a push whose signature does not match our token
  WECHAT_PUSH_STALE: 'WECHAT_PUSH_STALE', // 401: a push whose timestamp is outside the accepted window
  // posters
  POSTER_CONTACT_MISSING: 'POSTER_CONTACT_MISSING', // 409: the school has no designated contact to print
  // share cards in WeChat groups
  SHARE_INFO_INVALID: 'SHARE_INFO_INVALID', // 400: group info that does not decrypt with the caller's current WeChat session (tampered, or from before a new login)
  SHARE_INFO_WRONG_APP: 'SHARE_INFO_WRONG_APP', // 400: group info whose watermark names another mini-program
  SHARE_INFO_EXPIRED: 'SHARE_INFO_EXPIRED', // 400: group info whose watermark time is outside the accepted window
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
