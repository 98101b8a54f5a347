import { Agent as HttpAgent, request as httpRequest, IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { BAD_RESPONSE, HTTP_ERROR, TRANSPORT_ERROR, WechatApiError } from './wechat-api.errors';

/** Keep-alive connections to WeChat/WeCom, shared by every call (node:http: far less overhead per call than fetch). */
const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * One HTTP call to WeChat. WeChat answers errors as HTTP 200 with a non-zero errcode; those, HTTP errors,
 * time-outs and dropped connections all become a WechatApiError.
 */
export async function wechatFetch<T extends { errcode?: number; errmsg?: string }>(
  api: string,
  url: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<T> {
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  const { status, text } = await send(api, url, init.method ?? 'GET', payload, init.headers ?? {}, init.timeoutMs ?? 10_000);
  if (status < 200 || status >= 300) throw new WechatApiError(HTTP_ERROR, `HTTP ${status}`, api);
  let body: T;
  try {
    body = JSON.parse(text) as T;
  } catch {
    throw new WechatApiError(BAD_RESPONSE, 'response is not JSON', api);
  }
  if (body.errcode !== undefined && body.errcode !== 0) throw new WechatApiError(body.errcode, body.errmsg ?? '', api);
  return body;
}

function send(api: string, url: string, method: string, payload: string | undefined, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const https = url.startsWith('https:');
    const fail = (message: string) => reject(new WechatApiError(TRANSPORT_ERROR, message, api));
    const req = (https ? httpsRequest : httpRequest)(url, {
      method,
      agent: https ? agents.https : agents.http,
      headers: {
        ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
        ...headers,
      },
    }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => fail(e.message));
      res.on('aborted', () => fail('response aborted'));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', (e) => fail(e.message));
    req.end(payload);
  });
}
