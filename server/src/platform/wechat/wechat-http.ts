import { Agent as HttpAgent, ClientRequest, request as httpRequest, IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { assertOutsideTransaction } from '../database/transaction';
import { BAD_RESPONSE, HTTP_ERROR, TRANSPORT_ERROR, WechatApiError } from './wechat-api.errors';

/** Keep-alive connections to WeChat/WeCom, shared by every call (node:http: far less overhead per call than fetch). */
const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * One HTTP call to WeChat. WeChat answers errors as HTTP 200 with a non-zero errcode; those, HTTP errors,
 * time-outs and dropped connections all become a WechatApiError. Never made inside a database transaction (tests
 * throw if it is): the call may take seconds, and the transaction would hold its locks that long.
 */
export async function wechatFetch<T extends { errcode?: number; errmsg?: string }>(
  api: string,
  url: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<T> {
  assertOutsideTransaction(`WeChat call ${api}`);
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  const { status, text } = await send(api, url, init.method ?? 'GET', payload, { ...init.headers }, init.timeoutMs ?? 10_000);
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

/**
 * Time-outs of calls in flight, checked by one shared timer instead of a timer per request (a per-request
 * socket timer costs as much CPU as a tenth of the call). Precision: TIMEOUT_SWEEP_MS.
 */
const TIMEOUT_SWEEP_MS = 250;
const deadlines = new Map<ClientRequest, number>();
let sweeper: NodeJS.Timeout | null = null;

function sweep(): void {
  const now = Date.now();
  for (const [req, deadline] of deadlines) {
    if (deadline <= now) {
      deadlines.delete(req);
      req.destroy(new Error('timed out'));
    }
  }
  if (deadlines.size === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = null;
  }
}

function send(api: string, url: string, method: string, payload: string | undefined, extra: Record<string, string>, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const https = url.startsWith('https:');
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      deadlines.delete(req);
      reject(new WechatApiError(TRANSPORT_ERROR, message, api));
    };
    const headers: Record<string, string> = extra;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    const req = (https ? httpsRequest : httpRequest)(url, { method, agent: https ? agents.https : agents.http, headers }, (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        deadlines.delete(req);
        resolve({ status: res.statusCode ?? 0, text });
      });
      res.on('error', (e) => fail(e.message));
    });
    req.on('error', (e) => fail(e.message));
    deadlines.set(req, Date.now() + timeoutMs);
    if (!sweeper) {
      sweeper = setInterval(sweep, TIMEOUT_SWEEP_MS);
      sweeper.unref();
    }
    req.end(payload);
  });
}
