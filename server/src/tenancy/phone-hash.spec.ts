import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import { isMobilePhone, normalisePhone, phoneHash, PhoneHasher } from './phone-hash';

describe('phone hash', () => {
  const key = randomBytes(32);

  it('normalises spaces, dashes and the +86 prefix before hashing', () => {
    expect(normalisePhone('138 0000 0001')).toBe('13800000001');
    expect(normalisePhone('+86 138-0000-0001')).toBe('13800000001');
    expect(normalisePhone('0086 13800000001')).toBe('13800000001');
    expect(phoneHash(key, 's1', '+86 138-0000-0001')).toBe(phoneHash(key, 's1', '13800000001'));
  });

  it('is a 64-hex keyed hash that never contains the phone', () => {
    const h = phoneHash(key, 's1', '13800000001');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toContain('13800000001');
  });

  it('differs per school, per master key and per phone', () => {
    const h = phoneHash(key, 's1', '13800000001');
    expect(phoneHash(key, 's2', '13800000001')).not.toBe(h);
    expect(phoneHash(randomBytes(32), 's1', '13800000001')).not.toBe(h);
    expect(phoneHash(key, 's1', '13800000002')).not.toBe(h);
  });

  it('PhoneHasher.forSchool agrees with hash()', () => {
    const hasher = new PhoneHasher({ masterKey: key } as AppConfig);
    expect(hasher.forSchool('s9')('13900000009')).toBe(hasher.hash('s9', '139 0000 0009'));
    expect(hasher.hash('s9', '13900000009')).toBe(phoneHash(key, 's9', '13900000009'));
  });

  it('recognises mainland mobile numbers only', () => {
    expect(isMobilePhone('13800000001')).toBe(true);
    expect(isMobilePhone('12800000001')).toBe(false);
    expect(isMobilePhone('1380000000')).toBe(false);
    expect(isMobilePhone('01062345678')).toBe(false);
  });
});
