import { randomBytes } from 'node:crypto';
import { formatEnvelope, gcmOpen, gcmSeal, hmacHex, parseEnvelope, subkey, unwrapKey, wrapKey } from './aes-gcm';

describe('AES-256-GCM helpers', () => {
  const key = randomBytes(32);

  it('round-trips and never repeats a ciphertext (random IV)', () => {
    const a = gcmSeal(key, Buffer.from('欺凌内容'), 'tip:1:description');
    const b = gcmSeal(key, Buffer.from('欺凌内容'), 'tip:1:description');
    expect(a.equals(b)).toBe(false);
    expect(gcmOpen(key, a, 'tip:1:description').toString()).toBe('欺凌内容');
  });

  it('refuses a ciphertext moved to another row or field (AAD), altered, or opened with another key', () => {
    const sealed = gcmSeal(key, Buffer.from('x'), 'tip:1:description');
    expect(() => gcmOpen(key, sealed, 'tip:2:description')).toThrow();
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1] ^= 1;
    expect(() => gcmOpen(key, flipped, 'tip:1:description')).toThrow();
    expect(() => gcmOpen(randomBytes(32), sealed, 'tip:1:description')).toThrow();
  });

  it('wraps a data key bound to its id and school', () => {
    const master = randomBytes(32);
    const data = randomBytes(32);
    const wrapped = wrapKey(master, data, 'k1', 's1');
    expect(unwrapKey(master, wrapped, 'k1', 's1').equals(data)).toBe(true);
    expect(() => unwrapKey(master, wrapped, 'k1', 's2')).toThrow();
  });

  it('envelopes carry the key id', () => {
    const env = formatEnvelope('key-id-1', Buffer.from([1, 2, 3]));
    expect(env.startsWith('enc1.key-id-1.')).toBe(true);
    expect(parseEnvelope(env)).toEqual({ keyId: 'key-id-1', sealed: Buffer.from([1, 2, 3]) });
    expect(() => parseEnvelope('plain text')).toThrow();
  });

  it('purpose subkeys differ, so one secret never serves two uses', () => {
    expect(subkey(key, 'receipt-index').equals(subkey(key, 'idempotency'))).toBe(false);
    expect(hmacHex(subkey(key, 'a'), 'v')).not.toBe(hmacHex(subkey(key, 'b'), 'v'));
  });
});
