import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { assertOutsideTransaction } from '../database/transaction';
import { AccessTokenService } from './access-token.service';
import { BAD_RESPONSE, HTTP_ERROR, TRANSPORT_ERROR, WechatApiError } from './wechat-api.errors';

export interface UnlimitedCodeRequest {
  /** 1–32 characters of letters, digits and !#$&'()*+,/:;=?@-._~ (the opened page gets it as `scene`). */
  scene: string;
  /** A published page, without a leading `/` and without a query. */
  page: string;
  /** Pixels, 280–1280. */
  width?: number;
  envVersion?: 'release' | 'trial' | 'develop';
}

export interface UnlimitedCode {
  bytes: Buffer;
  contentType: 'image/png' | 'image/jpeg';
}

/** Our own refusal to ask for a code WeChat would refuse (40169/40097/41030 without a round trip). */
export const WXACODE_ARGUMENT_ERROR = -1200;

const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
const PAGE = /^[\w-]+(\/[\w-]+)+$/;
/** A code image is a few tens of kB; anything far larger is not one. */
const MAX_BYTES = 4 * 1024 * 1024;

/**
 * `getwxacodeunlimit`: a mini-program code (the round "sun" code) that opens `page` with `scene`. WeChat answers
 * the image bytes on success and JSON `{errcode, errmsg}` on failure (41030 page not published, 40169 bad scene,
 * 45009 too many, 40097 bad argument); every failure is a WechatApiError. A 40001/42001 refreshes the shared
 * token once and retries once, like the other WeChat calls.
 */
@Injectable()
export class WxaCodeClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly tokens: AccessTokenService) {}

  async getUnlimitedCode(req: UnlimitedCodeRequest): Promise<UnlimitedCode> {
    assertOutsideTransaction('WeChat call getwxacodeunlimit');
    checkRequest(req);
    const width = req.width ?? 430;
    const envVersion = req.envVersion ?? 'release';
    const body = JSON.stringify({
      scene: req.scene,
      page: req.page,
      // Outside release the page may not be published yet: WeChat refuses check_path=true for it (41030).
      check_path: envVersion === 'release',
      env_version: envVersion,
      width,
    });
    const call = (token: string) => fetchImage(`${this.config.wechat.apiBase}/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`, body, this.config.wechat.timeoutMs);
    const token = await this.tokens.getToken();
    try {
      return await call(token);
    } catch (e) {
      if (!(e instanceof WechatApiError) || !e.tokenProblem) throw e;
      return call(await this.tokens.replaceRejected(token));
    }
  }
}

function checkRequest(req: UnlimitedCodeRequest): void {
  if (!SCENE.test(req.scene)) throw new WechatApiError(WXACODE_ARGUMENT_ERROR, 'scene must be 1–32 allowed characters', API);
  if (!PAGE.test(req.page)) throw new WechatApiError(WXACODE_ARGUMENT_ERROR, 'page must be a path without a leading / or a query', API);
  if (req.width !== undefined && (!Number.isInteger(req.width) || req.width < 280 || req.width > 1280)) {
    throw new WechatApiError(WXACODE_ARGUMENT_ERROR, 'width must be 280–1280', API);
  }
}

const API = 'getwxacodeunlimit';

/** Reads an answer that is either an image (success) or JSON (an errcode), and maps it to bytes or a WechatApiError. */
export function interpretCodeAnswer(status: number, contentType: string, bytes: Buffer): UnlimitedCode {
  if (status < 200 || status >= 300) throw new WechatApiError(HTTP_ERROR, `HTTP ${status}`, API);
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === 'image/png' || type === 'image/jpeg') {
    if (!looksLike(type, bytes)) throw new WechatApiError(BAD_RESPONSE, `answer is not a ${type} image`, API);
    return { bytes, contentType: type };
  }
  let json: { errcode?: unknown; errmsg?: unknown };
  try {
    json = JSON.parse(bytes.toString('utf8')) as typeof json;
  } catch {
    throw new WechatApiError(BAD_RESPONSE, `answer is neither an image nor JSON (${type || 'no content type'})`, API);
  }
  const errcode = typeof json.errcode === 'number' ? json.errcode : BAD_RESPONSE;
  // A JSON answer is never a code, even one that says errcode 0.
  throw new WechatApiError(errcode === 0 ? BAD_RESPONSE : errcode, typeof json.errmsg === 'string' ? json.errmsg : 'no image in the answer', API);
}

function looksLike(type: 'image/png' | 'image/jpeg', b: Buffer): boolean {
  if (type === 'image/png') return b.length > 8 && b.readUInt32BE(0) === 0x89504e47;
  return b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

/**
 * One POST that keeps the answer as bytes (wechatFetch reads text). Posters are downloaded now and then, so a
 * plain request per call is enough; the time-out is a timer of its own.
 */
function fetchImage(url: string, body: string, timeoutMs: number): Promise<UnlimitedCode> {
  return new Promise((resolve, reject) => {
    const fail = (message: string) => reject(new WechatApiError(TRANSPORT_ERROR, message, API));
    const req = (url.startsWith('https:') ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      timeout: timeoutMs,
    }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BYTES) {
          req.destroy();
          fail('answer too large');
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => {
        try {
          resolve(interpretCodeAnswer(res.statusCode ?? 0, String(res.headers['content-type'] ?? ''), Buffer.concat(chunks)));
        } catch (e) {
          reject(e as Error);
        }
      });
      res.on('error', (e) => fail(e.message));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => fail(e.message));
    req.end(body);
  });
}
