import { randomBytes } from 'node:crypto';
import { decryptPush, encryptPush, PushDecryptError, pushAesKey, pushSignature } from './push-crypto';

describe('push-crypto', () => {
  const encodingAesKey = randomBytes(32).toString('base64').slice(0, 43);
  const key = pushAesKey(encodingAesKey);

  it('derives a 32-byte key from the 43-character EncodingAESKey', () => {
    expect(key).toHaveLength(32);
  });

  it('round-trips a message and the app id, padded to 32-byte blocks', () => {
    for (const msg of ['', 'a', '中文消息'.repeat(9), 'x'.repeat(44)]) {
      const enc = encryptPush(key, msg, 'wxappid');
      expect(Buffer.from(enc, 'base64').length % 32).toBe(0);
      expect(decryptPush(key, enc)).toEqual({ message: msg, appId: 'wxappid' });
    }
  });

  it('refuses a tampered or truncated ciphertext', () => {
    const enc = Buffer.from(encryptPush(key, 'hello', 'wxappid'), 'base64');
    expect(() => decryptPush(key, enc.subarray(0, 20).toString('base64'))).toThrow(PushDecryptError);
    expect(() => decryptPush(key, '')).toThrow(PushDecryptError);
  });

  it('signs the sorted strings (WeChat documented example shape)', () => {
    expect(pushSignature('b', 'a', 'c')).toBe(pushSignature('c', 'b', 'a'));
    expect(pushSignature('token', '1409659813', '1372623149')).toMatch(/^[0-9a-f]{40}$/);
  });
});
