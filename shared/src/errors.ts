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
  // a guardian's rights over their data (features/privacy)
  BINDING_STATE_INVALID: 'BINDING_STATE_INVALID',
  ACCOUNT_HAS_STAFF_ROLES: 'ACCOUNT_HAS_STAFF_ROLES',
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
  TEST_TIP_OPEN: 'TEST_TIP_OPEN', // 409: the school's last test tip is not acknowledged yet
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
  // onboarding a deployment (district officers' and schools' first administrators' invites)
  ONBOARDING_INVITE_INVALID: 'ONBOARDING_INVITE_INVALID', // 404: no such invite code
  ONBOARDING_INVITE_EXPIRED: 'ONBOARDING_INVITE_EXPIRED', // 410: the invite's 72 hours are over
  ONBOARDING_INVITE_USED: 'ONBOARDING_INVITE_USED', // 409: someone already redeemed it
  SCHOOL_HAS_ADMIN: 'SCHOOL_HAS_ADMIN', // 409: the school already has an administrator, who invites the others
  // WeCom group robots
  ROBOT_WEBHOOK_INVALID: 'ROBOT_WEBHOOK_INVALID', // 400: neither a WeCom robot webhook key nor a webhook URL carrying one
  ROBOT_DISABLED: 'ROBOT_DISABLED', // 409: a test message for a robot the school switched off
  // letters home, notices and warnings
  NOTICE_NOT_EDITABLE: 'NOTICE_NOT_EDITABLE', // 409: only a draft can be changed (a published notice is corrected: POST /notices/{id}/corrections)
  NOTICE_STATE_INVALID: 'NOTICE_STATE_INVALID', // 409: not in a state that allows this (publish a draft, recall what is published)
  NOTICE_CHANGED: 'NOTICE_CHANGED', // 409: the draft changed while it was being checked for publishing
  NOTICE_CONTENT_RISKY: 'NOTICE_CONTENT_RISKY', // 422: WeChat's content check refused the text (details: label)
  NOTICE_AUDIENCE_INVALID: 'NOTICE_AUDIENCE_INVALID', // 422: grades or classes not of this school, or none
  NOTICE_TIME_INVALID: 'NOTICE_TIME_INVALID', // 422: a publication time or confirm deadline in the past or too far ahead
  NOTICE_CLOSED: 'NOTICE_CLOSED', // 409: the confirm deadline has passed
  NOTICE_RECALLED: 'NOTICE_RECALLED', // 409: the school recalled it
  NOTICE_ACK_INVALID: 'NOTICE_ACK_INVALID', // 422: not what this notice asks (e.g. a signature for 确认收到), or an answer that does not fit the question
  NOTICE_ANSWER_REQUIRED: 'NOTICE_ANSWER_REQUIRED', // 422: the 回执 question must be answered to confirm or sign
  NOTICE_ALREADY_SIGNED: 'NOTICE_ALREADY_SIGNED', // 409: a receipt is signed once
  NOTICE_ALREADY_ANSWERED: 'NOTICE_ALREADY_ANSWERED', // 409: a receipt's question is answered once
  NOTICE_SIGNATURE_INVALID: 'NOTICE_SIGNATURE_INVALID', // 422: not a PNG, too large, wrong dimensions, or blank
  NOTICE_REMIND_TOO_SOON: 'NOTICE_REMIND_TOO_SOON', // 429: this class was reminded less than 12 hours ago (details: nextRemindAt)
  NOTICE_ATTACHMENT_INVALID: 'NOTICE_ATTACHMENT_INVALID', // 422: a picture that does not decode, or a PDF that is not one
  NOTICE_ATTACHMENTS_FULL: 'NOTICE_ATTACHMENTS_FULL', // 409: the notice already carries NOTICE_ATTACHMENT_LIMITS.perNoticeMax files
  NOTICE_ATTACHMENT_IN_USE: 'NOTICE_ATTACHMENT_IN_USE', // 409: the draft's body still shows this picture
  NOTICE_CORRECTED: 'NOTICE_CORRECTED', // 409: the notice was corrected: what is asked is asked on the correction (details: correctionId)
  // pledges
  PLEDGE_EXISTS: 'PLEDGE_EXISTS', // 409: the school already has a pledge for this school year
  PLEDGE_AUDIENCE_INVALID: 'PLEDGE_AUDIENCE_INVALID', // 422: a grade the school does not have
  PLEDGE_TIME_INVALID: 'PLEDGE_TIME_INVALID', // 422: a deadline in the past, too far ahead, or a school year that does not fit
  PLEDGE_TEXT_UNCHANGED: 'PLEDGE_TEXT_UNCHANGED', // 422: a new version with the same text as the current one
  PLEDGE_CLOSED: 'PLEDGE_CLOSED', // 409: the deadline has passed
  SURVEY_INVALID: 'SURVEY_INVALID', // 422: a window, class list or question of a survey that cannot be opened
  SURVEY_CODE_USED: 'SURVEY_CODE_USED', // 409: the one-time code has already been used
  SURVEY_CODE_OTHER_CLASS: 'SURVEY_CODE_OTHER_CLASS', // 409: the code belongs to another class than the page the teacher opened for a class
  SURVEY_NOT_OPEN: 'SURVEY_NOT_OPEN', // 409: the survey has not opened yet, or has closed
  SURVEY_ANSWERS_INVALID: 'SURVEY_ANSWERS_INVALID', // 422: answers that do not fit the questions
  SURVEY_ALREADY_ANSWERED: 'SURVEY_ALREADY_ANSWERED', // 409: this guardian already answered the parent questionnaire for this child
  PLEDGE_VERSION_STALE: 'PLEDGE_VERSION_STALE', // 409: a newer version was published; read it again (details: versionNumber)
  PLEDGE_ALREADY_SIGNED: 'PLEDGE_ALREADY_SIGNED', // 409: this version is already signed for this child (by this guardian)
  PLEDGE_STUDENT_SIGNATURE_REQUIRED: 'PLEDGE_STUDENT_SIGNATURE_REQUIRED', // 422: the child's grade signs too
  PLEDGE_SIGNATURE_INVALID: 'PLEDGE_SIGNATURE_INVALID', // 422: a signature that is not a PNG, too large, wrong dimensions, or blank (details: part)
  PLEDGE_REMIND_TOO_SOON: 'PLEDGE_REMIND_TOO_SOON', // 429: this class was reminded less than 24 hours ago (details: nextRemindAt)
  // signing in on a desktop browser by scanning a code
  QR_LOGIN_EXPIRED: 'QR_LOGIN_EXPIRED', // 410: the code timed out, was used, cancelled, or scanned by another phone
  QR_LOGIN_NOT_STAFF: 'QR_LOGIN_NOT_STAFF', // 403: only school and district staff sign in on a browser
  // oversight
  CALENDAR_INVALID: 'CALENDAR_INVALID', // 422: a school year's dates that do not fit (details: the problems, in Chinese)
  FLAG_ALREADY_ACKNOWLEDGED: 'FLAG_ALREADY_ACKNOWLEDGED', // 409: acknowledged already, and no case came to it since
  // semester reports
  REPORT_NOT_READY: 'REPORT_NOT_READY', // 409: the report is queued, being made, or failed: no file yet
  // the anti-bullying work ledger
  LEDGER_EXPORT_NOT_READY: 'LEDGER_EXPORT_NOT_READY', // 409: the inspection export is queued, being made, or failed: no file yet
  LEDGER_FILES_FULL: 'LEDGER_FILES_FULL', // 409: the activity already has the most photos or PDF files allowed
  LEDGER_FILE_INVALID: 'LEDGER_FILE_INVALID', // 422: a photo that does not decode, or a PDF cut off
  // retention and erasure
  RETENTION_HOLD_EXISTS: 'RETENTION_HOLD_EXISTS', // 409: the case is already under a legal hold
  RETENTION_HOLD_MISSING: 'RETENTION_HOLD_MISSING', // 409: the case is not under a legal hold
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

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
