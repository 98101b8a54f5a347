import { createHash } from 'node:crypto';
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
 * Security headers on every answer (including errors and unknown routes), through @fastify/helmet: the CSP above,
 * `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`. HSTS is sent only
 * on a request that came over TLS (directly, or through a trusted proxy's `X-Forwarded-Proto: https`, see
 * TRUST_PROXY): over plain HTTP the header means nothing, and a demo on http://localhost must not pin HTTPS.
 */
export async function registerSecurityHeaders(fastify: FastifyInstance, options: { inlineScriptHashes?: string[] } = {}): Promise<void> {
  const directives = { ...CONTENT_SECURITY_POLICY, 'script-src': [...CONTENT_SECURITY_POLICY['script-src'], ...(options.inlineScriptHashes ?? [])] };
  await fastify.register(require('@fastify/helmet'), {
    contentSecurityPolicy: {
      useDefaults: false,
      // No `upgrade-insecure-requests`: over plain HTTP (the demo, a health check) it would break every sub-resource.
      directives,
    },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: false,
  });
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS);
    done();
  });
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
