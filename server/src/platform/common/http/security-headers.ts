import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** One year; browsers keep to HTTPS for this long after seeing it once. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The Content-Security-Policy of every answer (the h5 app, the API, Swagger UI). Everything the h5 app and
 * Swagger UI load comes from this origin; images may also be `data:` (icons inlined by the builds) and `blob:`
 * (photo previews before upload), and the app may read `blob:` URLs (Taro's h5 uploadFile reads the chosen photo
 * or roster file back from its object URL). Styles allow 'unsafe-inline' because Taro's runtime and Swagger UI insert
 * <style> elements. Scripts are files from this origin plus, by hash, the inline scripts of the h5 app's
 * index.html (Taro's root font-size script), never arbitrary inline code.
 */
export const CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'", 'blob:'],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/**
 * Security headers on every answer (including errors and unknown routes), worked out by helmet: the CSP above,
 * `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY` and helmet's other
 * defaults. None of them depends on the request, so helmet runs once, at start-up, and each answer gets the headers
 * it set (@fastify/helmet built helmet's middleware anew for every request, parsing the CSP each time: about 2 % of
 * the server's CPU on a small request). HSTS is sent only on a request that came over TLS (directly, or through a
 * trusted proxy's `X-Forwarded-Proto: https`, see TRUST_PROXY): over plain HTTP the header means nothing, and a demo
 * on http://localhost must not pin HTTPS.
 */
export async function registerSecurityHeaders(fastify: FastifyInstance, options: { inlineScriptHashes?: string[] } = {}): Promise<void> {
  const headers = securityHeaders({ ...CONTENT_SECURITY_POLICY, 'script-src': [...CONTENT_SECURITY_POLICY['script-src'], ...(options.inlineScriptHashes ?? [])] });
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS);
    done();
  });
}

/** The headers helmet's middleware sets with these CSP directives, as it sets them (it reads nothing of the request). */
export function securityHeaders(directives: Record<string, string[]>): [string, string][] {
  const set: [string, string][] = [];
  const response = {
    setHeader: (name: string, value: string | number | string[]) => void set.push([name, String(value)]),
    removeHeader: () => undefined,
  } as unknown as ServerResponse;
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      // No `upgrade-insecure-requests`: over plain HTTP (the demo, a health check) it would break every sub-resource.
      directives,
    },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: false,
  })({} as IncomingMessage, response, (error?: unknown) => {
    if (error) throw error;
  });
  return set;
}

/** CSP source expressions ('sha256-…') for the inline <script> elements of an HTML page (ones without `src`). */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc\s*=/i.test(m[1] ?? '') || !m[2]) continue;
    hashes.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
  }
  return hashes;
}
