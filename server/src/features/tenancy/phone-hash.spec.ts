import { randomBytes } from 'node:crypto';
import { isMobilePhone, legacyPhoneHash, normalisePhone, phoneHash, schoolPhoneHashes } from './phone-hash';

describe('phone hash', () => {
  const dataKey = randomBytes(32);
  const masterKey = randomBytes(32);

  it('normalises spaces, dashes and the +86 prefix before hashing', () => {
    expect(normalisePhone('138 0000 0001')).toBe('13800000001');
    expect(normalisePhone('+86 138-0000-0001')).toBe('13800000001');
    expect(normalisePhone('0086 13800000001')).toBe('13800000001');
    expect(phoneHash(dataKey, '+86 138-0000-0001')).toBe(phoneHash(dataKey, '13800000001'));
  });

  it('is a 64-hex keyed hash that never contains the phone', () => {
    const h = phoneHash(dataKey, '13800000001');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toContain('13800000001');
  });

  it('differs per school data key and per phone, and does not depend on the master key', () => {
    const h = phoneHash(dataKey, '13800000001');
    expect(phoneHash(randomBytes(32), '13800000001')).not.toBe(h);
    expect(phoneHash(dataKey, '13800000002')).not.toBe(h);
    // The master key only wraps the data key: a rotated master key gives the same hash.
    expect(schoolPhoneHashes(dataKey, randomBytes(32), 's1').hash('13800000001')).toBe(h);
  });

  it('schoolPhoneHashes agrees with phoneHash and with the older master-key derivation', () => {
    const hashes = schoolPhoneHashes(dataKey, masterKey, 's9');
    expect(hashes.hash('139 0000 0009')).toBe(phoneHash(dataKey, '13900000009'));
    expect(hashes.legacy('139 0000 0009')).toBe(legacyPhoneHash(masterKey, 's9', '13900000009'));
    expect(legacyPhoneHash(masterKey, 's8', '13900000009')).not.toBe(hashes.legacy('13900000009'));
    expect(hashes.legacy('13900000009')).not.toBe(hashes.hash('13900000009'));
  });

  it('recognises mainland mobile numbers only', () => {
    expect(isMobilePhone('13800000001')).toBe(true);
    expect(isMobilePhone('12800000001')).toBe(false);
    expect(isMobilePhone('1380000000')).toBe(false);
    expect(isMobilePhone('01062345678')).toBe(false);
  });
});
