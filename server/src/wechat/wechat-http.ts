import { BAD_RESPONSE, HTTP_ERROR, TRANSPORT_ERROR, WechatApiError } from './wechat-api.errors';

/**
 * One HTTP call to WeChat. WeChat answers errors as HTTP 200 with a non-zero errcode; those, HTTP errors,
 * time-outs and dropped connections all become a WechatApiError.
 */
export async function wechatFetch<T extends { errcode?: number; errmsg?: string }>(
  api: string,
  url: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; timeoutMs?: number } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
    });
  } catch (e) {
    throw new WechatApiError(TRANSPORT_ERROR, (e as Error).message, api);
  }
  if (!res.ok) throw new WechatApiError(HTTP_ERROR, `HTTP ${res.status}`, api);
  let body: T;
  try {
    body = (await res.json()) as T;
  } catch {
    throw new WechatApiError(BAD_RESPONSE, 'response is not JSON', api);
  }
  if (body.errcode !== undefined && body.errcode !== 0) throw new WechatApiError(body.errcode, body.errmsg ?? '', api);
  return body;
}
