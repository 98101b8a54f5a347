import { createHash } from 'node:crypto';
import { hashSessionToken, newSessionToken } from './session-token';

describe('session tokens', () => {
  it('are 256 random bits in base64url, stored as their SHA-256', () => {
    const { token, hash } = newSessionToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hashSessionToken(token)).toBe(hash);
  });
  it('never repeat', () => {
    const seen = new Set(Array.from({ length: 10_000 }, () => newSessionToken().token));
    expect(seen.size).toBe(10_000);
  });
});
