import { ErrorCode, TIP_LIMITS, type SubmitTipResponse } from '@anxin/shared';
import { ApiError, errorText } from '../../api/client';

/** "1234567812345678" → "1234 5678 1234 5678" (easier to read aloud and to copy by hand). */
export function formatReceipt(receipt: string): string {
  return normalizeReceipt(receipt).replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** What people type: spaces, dashes, full-width digits (１２３４) → plain digits. */
export function normalizeReceipt(input: string): string {
  return input
    .replace(/[\uFF10-\uFF19]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\s\-\u3000—－]/g, '');
}

export function receiptInputError(input: string): string | null {
  const r = normalizeReceipt(input);
  if (!r) return '请输入回执码';
  if (!/^\d+$/.test(r)) return '回执码只包含数字';
  if (r.length !== TIP_LIMITS.receiptDigits) return `回执码是 ${TIP_LIMITS.receiptDigits} 位数字，你输入了 ${r.length} 位`;
  return null;
}

/**
 * Text for a failed follow-up call. The server's Chinese message when it gave one (wrong receipt, expired
 * token); 429 always says to wait, because trying again at once only extends the lock.
 */
export function followupErrorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 429) {
      return /[\u4e00-\u9fff]/.test(e.message) && e.message !== '操作太频繁，请稍后再试'
        ? e.message
        : '尝试次数过多，为了保护举报人，请等 15 分钟后再试';
    }
    return e.message;
  }
  return errorText(e);
}

/** The follow-up token ran out or was refused: the reporter must enter the receipt again. */
export function needsReceiptAgain(e: unknown): boolean {
  return e instanceof ApiError && (e.code === ErrorCode.TIP_FOLLOWUP_TOKEN_INVALID || (e.status === 401 && e.code !== ErrorCode.TIP_RECEIPT_INVALID));
}

/**
 * The receipt travels from the form to the receipt page in memory only (never in a URL, never in storage),
 * and is taken once: a second visit to the receipt page finds nothing.
 */
let pending: (SubmitTipResponse & { schoolId: string }) | null = null;
export function handOverReceipt(r: SubmitTipResponse & { schoolId: string }): void {
  pending = r;
}
export function takeReceipt(): (SubmitTipResponse & { schoolId: string }) | null {
  const r = pending;
  pending = null;
  return r;
}

function decodeParam(s: string | undefined): string {
  if (!s) return '';
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `?schoolId=…&schoolName=…` from a page's params (decoded once, encoded again), '' without a school. */
export function schoolQuery(params: Record<string, string | undefined>): string {
  if (!params.schoolId) return '';
  return `?schoolId=${encodeURIComponent(decodeParam(params.schoolId))}&schoolName=${encodeURIComponent(decodeParam(params.schoolName))}`;
}
export { decodeParam };
