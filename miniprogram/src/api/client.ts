import Taro from '@tarojs/taro';
import { API_PREFIX, type ApiErrorBody, type ErrorCode, type SessionResponse } from '@anxin/shared';
import { storage } from './storage';

/**
 * The one HTTP client of the app, over Taro.request (wx.request in WeChat, fetch in h5).
 * - Resolves with the typed body on 2xx; rejects with ApiError otherwise (never resolves on failure).
 * - GETs are retried on network failure (2 retries, growing delay); writes never are (not idempotent).
 * - A 401 logs in again (wx.login → /auth/wechat in WeChat; the demo login in h5) and repeats the call once.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export const NETWORK_ERROR = 'NETWORK_ERROR';
/** h5 against a server without the demo login (production): the browser signs in by scanning a code (扫码登录). */
export const SIGN_IN_BY_SCAN = 'SIGN_IN_BY_SCAN';

/** What an ApiError's code can be: the server's codes, no answer at all, an answer without an error body, or 扫码登录. */
export type ApiErrorCode = ErrorCode | typeof NETWORK_ERROR | typeof SIGN_IN_BY_SCAN | `HTTP_${number}`;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status, 0 when the server was not reached. */
    readonly status: number,
    /** The server's stable error code (shared/src/errors.ts), NETWORK_ERROR, or HTTP_<status> for an answer without one. */
    readonly code: ApiErrorCode,
    /** Chinese text fit to show the user. */
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Chinese text for any error, for toasts and inline messages. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return '出了点问题，请稍后再试';
}

export const clientConfig = {
  /** '' means same origin (h5 served by the server). Injected at build time. */
  baseUrl: typeof ANXIN_API_BASE === 'string' ? ANXIN_API_BASE : '',
  /** Waits before the 1st and 2nd retry of a GET that failed on the network. */
  retryDelaysMs: [400, 1200] as number[],
  platform: (process.env.TARO_ENV === 'weapp' ? 'weapp' : 'h5') as 'weapp' | 'h5',
  timeoutMs: 20_000,
};

const STATUS_TEXT: Record<number, string> = {
  400: '提交的内容有误，请检查后重试',
  401: '登录已失效，请重新进入',
  403: '没有权限进行此操作',
  404: '找不到相关内容',
  409: '操作冲突，请刷新后重试',
  413: '文件太大',
  422: '内容未通过校验',
  429: '操作太频繁，请稍后再试',
};

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** false for the login routes themselves: no token, no re-login. */
  auth?: boolean;
}

export function apiUrl(path: string, query?: Query): string {
  const qs = query
    ? Object.entries(query)
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
        .join('&')
    : '';
  return `${clientConfig.baseUrl}${API_PREFIX}${path}${qs ? `?${qs}` : ''}`;
}

interface RawResponse { statusCode: number; data: unknown }

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function sendOnce(method: HttpMethod, path: string, opts: RequestOptions): Promise<RawResponse> {
  const header: Record<string, string> = {};
  const token = opts.auth === false ? null : storage.getToken();
  if (token) header.Authorization = `Bearer ${token}`;
  const hasBody = method !== 'GET' && method !== 'DELETE';
  if (hasBody) header['Content-Type'] = 'application/json';
  try {
    const res = await Taro.request({
      url: apiUrl(path, opts.query),
      method,
      header,
      // An empty JSON object rather than no body: fastify refuses an empty body sent as application/json.
      data: hasBody ? (opts.body ?? {}) : undefined,
      dataType: 'json',
      timeout: clientConfig.timeoutMs,
    });
    return { statusCode: res.statusCode, data: res.data };
  } catch {
    throw new ApiError(0, NETWORK_ERROR, '网络连接失败，请检查网络后重试');
  }
}

/** GETs are idempotent: retry them when the network failed (not when the server answered). */
async function sendWithRetry(method: HttpMethod, path: string, opts: RequestOptions): Promise<RawResponse> {
  const delays = method === 'GET' ? clientConfig.retryDelaysMs : [];
  for (let attempt = 0; ; attempt++) {
    try {
      return await sendOnce(method, path, opts);
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== NETWORK_ERROR || attempt >= delays.length) throw e;
      await sleep(delays[attempt]);
    }
  }
}

export function toApiError(res: RawResponse): ApiError {
  let body = res.data as Partial<ApiErrorBody> | string | null;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body) as Partial<ApiErrorBody>;
    } catch {
      body = null;
    }
  }
  const code: ApiErrorCode = body && typeof body === 'object' && typeof body.code === 'string' ? body.code : `HTTP_${res.statusCode}`;
  const message = body && typeof body === 'object' && typeof body.message === 'string' && body.message
    ? body.message
    : STATUS_TEXT[res.statusCode] ?? (res.statusCode >= 500 ? '服务暂时不可用，请稍后再试' : '请求失败，请稍后再试');
  return new ApiError(res.statusCode, code, message, body && typeof body === 'object' ? body.details : undefined);
}

function unwrap<T>(res: RawResponse): T {
  if (res.statusCode >= 200 && res.statusCode < 300) {
    return (res.statusCode === 204 || res.data === '' ? undefined : res.data) as T;
  }
  throw toApiError(res);
}

export async function request<T>(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<T> {
  let res = await sendWithRetry(method, path, opts);
  if (res.statusCode === 401 && opts.auth !== false) {
    await login();
    res = await sendWithRetry(method, path, opts);
  }
  return unwrap<T>(res);
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
};

// ---- login ------------------------------------------------------------------------------------------

let loginInFlight: Promise<SessionResponse> | null = null;
const sessionListeners = new Set<(s: SessionResponse | null) => void>();
const scanListeners = new Set<() => void>();

/** Called when the browser must sign in by scanning a code: h5 on a server that has no demo login. */
export function onSignInByScan(listener: () => void): () => void {
  scanListeners.add(listener);
  return () => scanListeners.delete(listener);
}

/** The session a scanned code brought (POST /auth/qr, confirmed on a phone): kept like any login. */
export function acceptScannedSession(s: SessionResponse): SessionResponse {
  return saveSession(s);
}

/** Called with the new session after every login, and with null after logout. */
export function onSession(listener: (s: SessionResponse | null) => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

function saveSession(s: SessionResponse): SessionResponse {
  storage.setToken(s.token);
  sessionListeners.forEach((l) => l(s));
  return s;
}

/**
 * Logs in and stores the token. WeChat: wx.login → POST /auth/wechat. h5: the demo login as the demo role
 * kept in storage (家长 unless the demo banner chose another); where the server has no demo login (404, production)
 * a browser cannot log in by itself: it rejects with SIGN_IN_BY_SCAN and the page shows the code to scan.
 * Concurrent callers share one login.
 */
export function login(): Promise<SessionResponse> {
  if (!loginInFlight) {
    loginInFlight = (async () => {
      try {
        if (clientConfig.platform === 'weapp') {
          const { code } = await Taro.login();
          if (!code) throw new ApiError(0, 'WECHAT_LOGIN_FAILED', '微信登录失败，请重试');
          return saveSession(await request<SessionResponse>('POST', '/auth/wechat', { body: { code }, auth: false }));
        }
        const role = storage.getDemoRole();
        try {
          return saveSession(await request<SessionResponse>('POST', '/auth/dev', { body: { role }, auth: false }));
        } catch (e) {
          if (!(e instanceof ApiError) || e.status !== 404) throw e;
          storage.setToken(null);
          scanListeners.forEach((l) => l());
          throw new ApiError(401, SIGN_IN_BY_SCAN, '请用微信扫码登录');
        }
      } finally {
        loginInFlight = null;
      }
    })();
  }
  return loginInFlight;
}

/** Logs out on the server (best effort) and forgets the token. */
export async function logout(): Promise<void> {
  if (storage.getToken()) {
    try {
      await request<void>('POST', '/auth/logout', {});
    } catch {
      // The token is dropped on the device either way.
    }
  }
  storage.setToken(null);
  sessionListeners.forEach((l) => l(null));
}

/** Multipart upload (roster files) over Taro.uploadFile, with the same error mapping and 401 handling. */
export async function upload<T>(path: string, filePath: string, fileName: string | undefined, formData: Record<string, string>): Promise<T> {
  const once = async (): Promise<RawResponse> => {
    const token = storage.getToken();
    try {
      const res = await Taro.uploadFile({
        url: apiUrl(path),
        filePath,
        name: 'file',
        fileName,
        formData,
        header: token ? { Authorization: `Bearer ${token}` } : {},
      } as Taro.uploadFile.Option);
      let data: unknown = res.data;
      if (typeof data === 'string' && data) {
        try {
          data = JSON.parse(data);
        } catch {
          // leave as text
        }
      }
      return { statusCode: res.statusCode, data };
    } catch {
      throw new ApiError(0, NETWORK_ERROR, '网络连接失败，请检查网络后重试');
    }
  };
  let res = await once();
  if (res.statusCode === 401) {
    await login();
    res = await once();
  }
  return unwrap<T>(res);
}
