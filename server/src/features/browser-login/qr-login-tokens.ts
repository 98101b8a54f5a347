import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A code's scene: 24 random bytes, 32 characters of base64url (WeChat's limit for a scene; QR_SCENE_PATTERN). */
export function newScene(): string {
  return randomBytes(24).toString('base64url');
}

/** The browser's poll token: 32 random bytes, base64url (QR_POLL_TOKEN_PATTERN). */
export function newPollToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Scenes and poll tokens are kept only as SHA-256 (hex). */
export function hashQrToken(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Whether `value` is the token whose hash is `hash`, compared in constant time. */
export function matchesQrToken(value: string, hash: string): boolean {
  const a = Buffer.from(hashQrToken(value), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
