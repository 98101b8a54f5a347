import { randomBytes } from 'node:crypto';
import { isBase64 } from 'class-validator';
import { isCanonicalBase64 } from './base64';

describe('isCanonicalBase64', () => {
  it('accepts what encoders write, of every length mod 3, and the empty string', () => {
    for (let n = 0; n < 64; n++) expect(isCanonicalBase64(randomBytes(n).toString('base64'))).toBe(true);
    expect(isCanonicalBase64(randomBytes(60 * 1024).toString('base64'))).toBe(true);
  });

  it('refuses what class-validator refuses: other characters, whitespace, missing padding, url-safe, not a string', () => {
    const good = Buffer.from('签名 ✍️ signature').toString('base64');
    for (const bad of [`${good}!`, ` ${good}`, `${good}\n`, good.replace(/=+$/, ''), good.slice(0, -1), 'ab-_', '====', 'A===']) {
      expect([bad, isCanonicalBase64(bad)]).toEqual([bad, false]);
      expect([bad, isBase64(bad)]).toEqual([bad, false]);
    }
    expect(isCanonicalBase64(undefined)).toBe(false);
    expect(isCanonicalBase64(Buffer.from('x'))).toBe(false);
  });

  it('agrees with class-validator on random strings of the base64 alphabet, except for non-zero unused bits', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    for (let i = 0; i < 2000; i++) {
      const len = 4 * (1 + (i % 5));
      let s = Array.from({ length: len }, () => alphabet[Math.floor(Math.random() * 64)]).join('');
      if (i % 3 === 1) s = `${s.slice(0, -1)}=`;
      if (i % 3 === 2) s = `${s.slice(0, -2)}==`;
      // The bits of the last character before the padding that no byte uses: 4 with "==", 2 with "=".
      const pad = s.length - s.replace(/=+$/, '').length;
      const last = alphabet.indexOf(s[s.length - 1 - pad]);
      const unusedZero = pad === 0 || (last & (pad === 2 ? 0b1111 : 0b11)) === 0;
      expect([s, isCanonicalBase64(s)]).toEqual([s, isBase64(s) && unusedZero]);
    }
    // The one difference: "QR==" has unused bits set ("QQ==" is how "A" is written).
    expect([isBase64('QR=='), isCanonicalBase64('QR=='), isCanonicalBase64('QQ==')]).toEqual([true, false, true]);
  });

  it('answers as decoding and encoding back would, on strings of base64, padding, the URL-safe alphabet, spaces and other characters', () => {
    const roundTrips = (s: string) => Buffer.from(s, 'base64').toString('base64') === s;
    const chars = ['A', 'Q', 'g', 'w', 'z', '0', '9', '+', '/', '=', '=', '-', '_', ' ', '\n', '!', '.', 'é', '签', '😀'];
    for (let i = 0; i < 20_000; i++) {
      const len = 4 * (1 + (i % 4)) + (i % 7 === 0 ? 1 + (i % 3) : 0);
      // Mostly base64 with a stray character or two, so that the lengths come close.
      const s = Array.from({ length: len }, () => (Math.random() < 0.85 ? 'ABCDwxyz0189+/'[Math.floor(Math.random() * 14)] : chars[Math.floor(Math.random() * chars.length)])).join('');
      const padded = i % 3 === 1 ? `${s.slice(0, -1)}=` : i % 3 === 2 ? `${s.slice(0, -2)}==` : s;
      expect([padded, isCanonicalBase64(padded)]).toEqual([padded, roundTrips(padded)]);
    }
    for (const s of ['QQ==QQ==', 'QUJD=QQ=', 'QUJ=', 'QU==', 'Q===', '=QQ=', 'QUJDRA==', 'QUJDRA=a', '-QQ=', 'QQ_=', 'QUJD\u00a0QQ==']) {
      expect([s, isCanonicalBase64(s)]).toEqual([s, roundTrips(s)]);
    }
  });
});
