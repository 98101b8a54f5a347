import type { IsoDateTime } from './common';
import type { SessionResponse } from './identity';

/**
 * Signing in on a desktop browser by scanning a code with the mini-program (扫码登录). The browser asks for a code
 * (`POST /auth/qr`), shows it and waits (`GET /auth/qr/{ticket}?poll=…`); a staff member scans it in the
 * mini-program, which opens `QR_LOGIN.page` with the code's one-time `scene`, and confirms there. Only the browser,
 * which holds the poll token, collects the session, once.
 */
export const QR_LOGIN = {
  /** A code works this long after it is made, once. */
  ttlSeconds: 120,
  /** The longest `GET /auth/qr/{ticket}?wait=` holds the answer while nothing changes. */
  maxWaitSeconds: 25,
  /** The page the code opens: the mini-program code's `page`, and the path of the plain QR fallback's h5 link. */
  page: 'subpackages/browser-login/confirm/index',
  /** The browser page renews an expired code by itself this many times in a row, then waits for a tap (a PC left on). */
  autoRenewals: 5,
} as const;

/**
 * How long a browser session lasts; a phone session lasts SESSION_IDLE_HOURS / SESSION_MAX_HOURS. Like every session
 * it keeps days, never times of day, so both are counted in whole UTC days: it ends at 00:00 UTC once a full day has
 * passed after its last day of use (24 to 48 hours after the last request), and at the latest at 00:00 UTC of the
 * seventh day after the day it signed in.
 */
export const BROWSER_SESSION_HOURS = { idle: 24, max: 168 } as const;

/** A code's scene: 24 random bytes, base64url (WeChat allows at most 32 characters). */
export const QR_SCENE_PATTERN = /^[A-Za-z0-9_-]{32}$/;
/** The browser's poll token: 32 random bytes, base64url. */
export const QR_POLL_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * What the browser is told: `pending` (shown, not scanned yet), `scanned` (a phone opened it), `confirmed` (with the
 * session, handed out once), `expired` (timed out, or already used), `refused` (cancelled on the phone, or scanned
 * by someone who may not sign in a browser).
 */
export type QrLoginStatus = 'pending' | 'scanned' | 'confirmed' | 'expired' | 'refused';
export const QR_LOGIN_WAITING_STATUSES = ['pending', 'scanned'] as const;
export type QrLoginWaitingStatus = (typeof QR_LOGIN_WAITING_STATUSES)[number];
export type QrLoginRefusal = 'cancelled' | 'not_staff';

export interface QrLoginTicketResponse {
  /** Names the code in `GET /auth/qr/{ticket}`. */
  ticket: string;
  /** Needed to read the answer and collect the session; only the browser has it. */
  pollToken: string;
  expiresAt: IsoDateTime;
  /** A data URL: the mini-program code (PNG), or a plain QR code of the h5 link (SVG) when WeChat cannot make one. */
  image: string;
  imageKind: 'wxacode' | 'link';
}

export interface QrLoginStatusResponse {
  status: QrLoginStatus;
  expiresAt: IsoDateTime;
  refusal: QrLoginRefusal | null;
  /** `confirmed` only, and only in the one answer that collected it. */
  login: SessionResponse | null;
}

/** What the phone shows before 确认登录: which browser asks, from roughly where, and since when. */
export interface QrLoginScanResponse {
  /** e.g. `Chrome · Windows`. */
  browser: string;
  /** The browser's network as the server sees it, coarse (e.g. `网络 203.0.*.*`), or `未知位置`. */
  location: string;
  requestedAt: IsoDateTime;
  expiresAt: IsoDateTime;
}

/** A browser signed in as the caller (我的 → 已登录的电脑). Days are UTC days: sessions keep no time of day. */
export interface BrowserSessionItem {
  id: string;
  browser: string;
  signedInOn: string;
  lastUsedOn: string;
  /** The list was asked for from this very browser. */
  current: boolean;
}

/** The h5 page path (after `#/`) that the plain QR fallback links to. */
export function qrLoginH5Path(scene: string): string {
  return `${QR_LOGIN.page}?scene=${encodeURIComponent(scene)}`;
}

/**
 * The scene a confirm page was opened with, or null: `scene` (a mini-program code, or the h5 link), or `q` (the whole
 * link, when WeChat opens the mini-program from a plain QR code under 扫普通链接二维码打开小程序). User-controlled input.
 */
export function parseQrLoginScene(params: { scene?: string | null; q?: string | null }): string | null {
  const decode = (raw: string): string | null => {
    try {
      return decodeURIComponent(raw);
    } catch {
      return null;
    }
  };
  if (params.scene) {
    const scene = decode(params.scene);
    return scene && QR_SCENE_PATTERN.test(scene) ? scene : null;
  }
  if (params.q) {
    const link = decode(params.q);
    const found = link ? /[?&]scene=([^&#]+)/.exec(link)?.[1] : undefined;
    const scene = found ? decode(found) : null;
    return scene && QR_SCENE_PATTERN.test(scene) ? scene : null;
  }
  return null;
}
