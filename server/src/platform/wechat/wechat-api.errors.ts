/** An errcode answer from WeChat (HTTP 200 with `{errcode, errmsg}`) or a transport failure. */
export class WechatApiError extends Error {
  constructor(readonly errcode: number, readonly errmsg: string, readonly api: string) {
    super(`WeChat ${api} failed: ${errcode} ${errmsg}`);
  }
  /** -1 system busy, transport failures (errcode < -1000 here), HTTP 5xx and 45009 (rate limit) are worth retrying. */
  get retryable(): boolean {
    return this.errcode === -1 || this.errcode <= -1000 || this.errcode === 45009;
  }
  /** The access token was invalid (40001) or expired (42001): refresh once and retry once. */
  get tokenProblem(): boolean {
    return this.errcode === 40001 || this.errcode === 42001;
  }
}

/** Pseudo errcodes for failures that never reached a WeChat answer. */
export const TRANSPORT_ERROR = -1001;
export const HTTP_ERROR = -1002;
export const BAD_RESPONSE = -1003;
/** Our own refusal to send a value WeChat would reject (a template value that cannot be shaped). */
export const TEMPLATE_DATA_ERROR = -1100;

/** Errors after which the same message must not be sent again (the sender's fallback runs instead). */
export const PERMANENT_ERRCODES = new Set([43101, 40003, 40037, 47003, 41030, 93000, TEMPLATE_DATA_ERROR]);
