import Taro from '@tarojs/taro';
import { PRIVACY_GUIDE_VERSION, type MeResponse } from '@anxin/shared';

/** Routes Taro.request calls to handlers keyed "METHOD /path" (path without /api/v1 and query). */
export interface Call { method: string; path: string; query: string; body: any; auth: string | undefined }
export type Handler = (call: Call) => { status: number; body?: unknown } | 'network-error';

export function fakeApi(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  (Taro.request as any).mockImplementation(async (o: any) => {
    const url = new URL(o.url, 'http://app.test');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const call: Call = { method: o.method, path, query: url.search, body: o.data, auth: o.header?.Authorization };
    calls.push(call);
    const h = handlers[`${o.method} ${path}`];
    if (!h) return { statusCode: 404, data: { code: 'NOT_FOUND', message: `no handler for ${o.method} ${path}` } };
    const r = h(call);
    if (r === 'network-error') throw { errMsg: 'request:fail' };
    return { statusCode: r.status, data: r.body ?? '' };
  });
  return { calls, callsTo: (key: string) => calls.filter((c) => `${c.method} ${c.path}` === key) };
}

export function makeMe(over: Partial<MeResponse> = {}): MeResponse {
  return {
    id: 'u-guardian',
    displayName: '刘女士',
    roles: [],
    schools: [],
    students: [],
    privacyGuideAcceptedVersion: PRIVACY_GUIDE_VERSION,
    isDemo: true,
    ...over,
  };
}

export const session = (me: MeResponse, token = 'tok-new') => ({ token, expiresAt: '2026-12-31T00:00:00.000Z', user: me });
