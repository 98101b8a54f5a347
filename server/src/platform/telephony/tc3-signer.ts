import { createHash, createHmac } from 'node:crypto';

/**
 * Tencent Cloud API 3.0 request signing (TC3-HMAC-SHA256), as Tencent documents it: a canonical request (method, `/`,
 * empty query, the `content-type` and `host` headers, their names, the SHA-256 of the body), a string to sign
 * (algorithm, timestamp, `date/service/tc3_request`, the hash of the canonical request), a signing key derived
 * `"TC3" + SecretKey` → UTC date → service → `tc3_request`, and the Authorization header. The fake provider
 * (test/fakes/tencentcloud) checks requests with these same functions' published example vector in its test.
 */
export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';
export const TC3_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface Tc3Request {
  secretId: string;
  secretKey: string;
  /** The product's service name: `sms`, `vms` (the first label of its host). */
  service: string;
  /** The Host header the request is sent with. */
  host: string;
  /** The exact JSON body sent. */
  payload: string;
  /** Seconds since the epoch (X-TC-Timestamp). */
  timestamp: number;
  contentType?: string;
}

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: Buffer | string, msg: string) => createHmac('sha256', key).update(msg, 'utf8').digest();

/** `YYYY-MM-DD` of the timestamp in UTC (Tencent: never a local date, or signing fails around midnight). */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export function tc3CanonicalRequest(r: Pick<Tc3Request, 'host' | 'payload' | 'contentType'>): string {
  const headers = `content-type:${(r.contentType ?? TC3_CONTENT_TYPE).toLowerCase()}\nhost:${r.host.toLowerCase()}\n`;
  return ['POST', '/', '', headers, 'content-type;host', sha256Hex(r.payload)].join('\n');
}

export function tc3Signature(r: Tc3Request): string {
  const date = tc3Date(r.timestamp);
  const scope = `${date}/${r.service}/tc3_request`;
  const stringToSign = [TC3_ALGORITHM, String(r.timestamp), scope, sha256Hex(tc3CanonicalRequest(r))].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${r.secretKey}`, date), r.service), 'tc3_request');
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}

export function tc3Authorization(r: Tc3Request): string {
  const scope = `${tc3Date(r.timestamp)}/${r.service}/tc3_request`;
  return `${TC3_ALGORITHM} Credential=${r.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${tc3Signature(r)}`;
}

/** The parts of an Authorization header (null when it is not a TC3 header). */
export function parseTc3Authorization(header: string): { secretId: string; date: string; service: string; signedHeaders: string; signature: string } | null {
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9]+)\/tc3_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$/.exec(header);
  return m ? { secretId: m[1], date: m[2], service: m[3], signedHeaders: m[4], signature: m[5] } : null;
}
