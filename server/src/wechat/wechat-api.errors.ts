/** An errcode answer from WeChat (HTTP 200 with `{errcode, errmsg}`) or a transport failure. */
export class WechatApiError extends Error {
  constructor(readonly errcode: number, readonly errmsg: string, readonly api: string) {
    super(`WeChat ${api} failed: ${errcode} ${errmsg}`);
  }
  /** -1 system busy, transport failures (errcode < -1000 here) and HTTP 5xx are worth retrying. */
  get retryable(): boolean {
    return this.errcode === -1 || this.errcode <= -1000 || this.errcode === 45009;
  }
}

/** Pseudo errcodes for failures that never reached a WeChat answer. */
export const TRANSPORT_ERROR = -1001;
export const HTTP_ERROR = -1002;
export const BAD_RESPONSE = -1003;
