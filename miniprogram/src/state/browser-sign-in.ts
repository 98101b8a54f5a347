import { QR_LOGIN, type QrLoginRefusal, type QrLoginStatusResponse, type QrLoginTicketResponse, type QrLoginWaitingStatus } from '@anxin/shared';
import { ApiError, NETWORK_ERROR, errorText } from '../api/client';
import { browserLoginApi } from '../api/browser-login';
import { signedInByScan } from './session';

/** What the browser's sign-in page shows. */
export type BrowserSignInView =
  | { phase: 'loading' }
  | { phase: 'waiting'; image: string; imageKind: QrLoginTicketResponse['imageKind']; status: QrLoginWaitingStatus }
  | { phase: 'refused'; refusal: QrLoginRefusal | null }
  /** Renewed QR_LOGIN.autoRenewals times in a row without a scan: waits for a tap (a PC left on the page). */
  | { phase: 'stale' }
  | { phase: 'error'; message: string };

/** How long one look waits at the server: under the app's request time-out (clientConfig.timeoutMs). */
export const LOOK_WAIT_SECONDS = 15;
/** After a look that did not reach the server (already retried by the client), wait this long before the next. */
export const LOOK_RETRY_MS = 2000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * 扫码登录 in a browser: shows a code, waits (long polls) while it is pending or scanned, and on `confirmed` keeps the
 * session the answer brought, which takes the page into the app. An expired code is renewed by itself up to
 * QR_LOGIN.autoRenewals times. `show` gets every change; `stopped` ends the loop (the page went away).
 */
export async function signInByScan(show: (view: BrowserSignInView) => void, stopped: () => boolean): Promise<void> {
  for (let renewals = 0; renewals < QR_LOGIN.autoRenewals; renewals++) {
    let code: QrLoginTicketResponse;
    try {
      code = await browserLoginApi.newCode();
    } catch (e) {
      if (!stopped()) show({ phase: 'error', message: errorText(e) });
      return;
    }
    if (stopped()) return;
    let seen: QrLoginWaitingStatus = 'pending';
    show({ phase: 'waiting', image: code.image, imageKind: code.imageKind, status: seen });
    for (;;) {
      let answer: QrLoginStatusResponse;
      try {
        answer = await browserLoginApi.look(code.ticket, code.pollToken, LOOK_WAIT_SECONDS, seen);
      } catch (e) {
        if (stopped()) return;
        if (e instanceof ApiError && e.status === 404) break; // the code is gone (deleted after it expired): a new one
        if (e instanceof ApiError && (e.code === NETWORK_ERROR || e.status >= 500)) {
          await sleep(LOOK_RETRY_MS);
          continue;
        }
        show({ phase: 'error', message: errorText(e) });
        return;
      }
      if (stopped()) return;
      if (answer.status === 'pending' || answer.status === 'scanned') {
        if (answer.status !== seen) {
          seen = answer.status;
          show({ phase: 'waiting', image: code.image, imageKind: code.imageKind, status: seen });
        }
        continue;
      }
      if (answer.status === 'confirmed' && answer.login) {
        await signedInByScan(answer.login);
        return;
      }
      if (answer.status === 'refused') {
        show({ phase: 'refused', refusal: answer.refusal });
        return;
      }
      break; // expired (or used): a new code
    }
  }
  if (!stopped()) show({ phase: 'stale' });
}
