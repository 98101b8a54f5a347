/**
 * How long (in characters; one outside the BMP, such as most emoji, counts once) and how many of each thing a
 * request may carry.
 * The server's DTOs validate with these and the app's inputs cap and count with them, so the two never disagree.
 * Some features keep theirs beside their API types: `TIP_LIMITS` (api/tips.ts), `SHARE_GROUP_NAME_MAX` (api/shares.ts),
 * `ROBOT_NAME_MAX` and `ROBOT_WEBHOOK_MAX` (api/robots.ts).
 * A DTO or an app input with a numeric literal for a length fails the field-limits test (shared/test/limits.spec.ts).
 */
export const FIELD_LIMITS = {
  /** A school's name (学校名称). */
  schoolNameMax: 100,
  /** A school's address. */
  schoolAddressMax: 200,
  /** 学校标识码, the national school code: exactly this many digits (NATIONAL_SCHOOL_CODE_PATTERN). */
  nationalSchoolCodeLength: 10,
  /** A person's name: a student on the roster or in a binding request, a guardian, the published contact name. */
  personNameMax: 50,
  /** The public phone number of the designated contact (PUBLIC_PHONE_PATTERN): a mobile or a landline. */
  publicPhoneMax: 27,
  /** A guardian's mainland mobile number as the binding form takes it (digits only). */
  mobileDigits: 11,
  gradeNameMax: 50,
  classNameMax: 50,
  /** A class invite code (the codes made are 8 characters), and as a guardian may type it with spaces or dashes. */
  inviteCodeMin: 4,
  inviteCodeMax: 16,
  inviteCodeTypedMax: 20,
  /** A staff invite code as typed (the codes made are 12 characters). */
  staffInviteCodeMin: 4,
  staffInviteCodeMax: 40,
  /** Classes one teacher invite may name. */
  staffInviteClassesMax: 50,
  /** The reason a teacher gives for rejecting a binding request (told to the guardian). */
  rejectReasonMax: 200,
} as const;

/** Values WeChat makes and the app or WeChat passes on unchanged (nobody types them): what the server accepts. */
export const WECHAT_VALUE_LIMITS = {
  /** A wx.login code. */
  loginCodeMax: 128,
  /** A subscribe-message template id. */
  templateIdMax: 64,
  /** The message-push query: signature, msg_signature, nonce, openid (64), timestamp (16), echostr (128). */
  pushSignatureMax: 64,
  pushTimestampMax: 16,
  pushNonceMax: 64,
  pushEchostrMax: 128,
  openidMax: 64,
  /** wx.getGroupEnterInfo's encryptedData (base64) and iv (base64 of 16 bytes). */
  groupInfoMin: 16,
  groupInfoMax: 4096,
  groupInfoIvLength: 24,
} as const;

/** A public phone number: a mobile or a landline such as 010-62345678, at most FIELD_LIMITS.publicPhoneMax long. */
export const PUBLIC_PHONE_PATTERN = /^\+?[0-9][0-9 -]{5,24}[0-9]$/;

/** Invite codes are read aloud and typed on phones: letters upper-cased, spaces and dashes dropped (demo-3a01 → DEMO3A01). */
export function normalizeCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, '');
}

/** A class invite code once normalized (normalizeCode). */
export const INVITE_CODE_PATTERN = new RegExp(`^[A-Z0-9]{${FIELD_LIMITS.inviteCodeMin},${FIELD_LIMITS.inviteCodeMax}}$`);

/**
 * Files attached to a letter home, notice or warning (PDFs and pictures): checked by the server on upload and by the
 * editor before it sends one.
 */
export const NOTICE_ATTACHMENT_LIMITS = {
  /** Files one notice may carry, PDFs and pictures together. */
  perNoticeMax: 9,
  /** Bytes of one file (20 MB). */
  bytesMax: 20 * 1024 * 1024,
  /** The file's original name as shown beside it (cleaned by the server; never used as a file name). */
  labelMax: 80,
} as const;
