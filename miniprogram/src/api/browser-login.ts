import type { BrowserSessionItem, QrLoginScanResponse, QrLoginStatusResponse, QrLoginTicketResponse, QrLoginWaitingStatus } from '@anxin/shared';
import { api, request } from './client';

const enc = encodeURIComponent;

/**
 * 扫码登录. The browser's calls carry no token (it has none yet) and never trigger a login; the phone's are ordinary
 * calls with its session.
 */
export const browserLoginApi = {
  /** The browser: a new code to show. */
  newCode: () => request<QrLoginTicketResponse>('POST', '/auth/qr', { auth: false }),
  /** The browser: the code's state, waiting up to `wait` seconds while it is still `seen`. */
  look: (ticket: string, pollToken: string, wait: number, seen: QrLoginWaitingStatus) =>
    request<QrLoginStatusResponse>('GET', `/auth/qr/${enc(ticket)}`, { query: { poll: pollToken, wait, seen }, auth: false }),
  /** The phone: opened the code (the browser then shows 已扫码). */
  scan: (scene: string) => api.post<QrLoginScanResponse>(`/auth/qr/${enc(scene)}/scan`),
  confirm: (scene: string) => api.post<void>(`/auth/qr/${enc(scene)}/confirm`),
  cancel: (scene: string) => api.post<void>(`/auth/qr/${enc(scene)}/cancel`),
  /** 我的 → 已登录的电脑. */
  browsers: () => api.get<BrowserSessionItem[]>('/me/browser-sessions'),
  endBrowser: (id: string) => request<void>('DELETE', `/me/browser-sessions/${enc(id)}`),
};
