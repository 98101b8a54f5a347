import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { hmacHex, subkey } from '../../platform/crypto/aes-gcm';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { APP_CONFIG } from '../../platform/config/config.module';
import type { AppConfig } from '../../platform/config/app-config';

/**
 * Guardian phones are never stored in clear. A roster phone and the phone a guardian types are compared as
 * HMAC-SHA256(key_phone, normalised phone), where key_phone is derived (HKDF, purpose "phone-hash:v2") from the
 * school's data key: the same random per-school key that encrypts its tips, stored only wrapped by the master key.
 * `keys:rotate` re-wraps data keys but never changes them, so the hashes stay valid across a master key rotation.
 * A per-school key means equal phones at two schools hash differently, and a database dump alone (without the
 * master key to unwrap the data key) cannot be brute-forced over the small space of mobile numbers.
 *
 * Rows written before this derivation used HMAC-SHA256(master key, "phone-hash:v1:" + school id) as key_phone
 * (`legacyPhoneHash`). They are still matched while the master key they were made with is configured, and the next
 * roster import of the school rewrites them under the data key. After a rotation a row still in the old form no
 * longer matches (its key came from the old master key): the teacher approves such a binding by hand.
 */

/** Digits only, without a +86 / 0086 country prefix. '' when nothing is left. */
export function normalisePhone(raw: string): string {
  let digits = String(raw).replace(/\D/g, '');
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  else if (digits.length === 15 && digits.startsWith('0086')) digits = digits.slice(4);
  return digits;
}

/** A mainland mobile number: 11 digits starting 13–19. */
export function isMobilePhone(normalised: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalised);
}

function legacySchoolPhoneKey(masterKey: Buffer, schoolId: string): Buffer {
  return createHmac('sha256', masterKey).update(`phone-hash:v1:${schoolId}`).digest();
}

/** The hash of rows written before phone hashes were keyed by the school's data key. */
export function legacyPhoneHash(masterKey: Buffer, schoolId: string, phone: string): string {
  return hmacHex(legacySchoolPhoneKey(masterKey, schoolId), normalisePhone(phone));
}

/** The phone hash as written now: keyed by a purpose-bound subkey of the school's data key. */
export function phoneHash(dataKey: Buffer, phone: string): string {
  return hmacHex(subkey(dataKey, 'phone-hash:v2'), normalisePhone(phone));
}

/** One school's phone hashing, with its keys derived once (roster imports hash thousands of phones). */
export interface SchoolPhoneHashes {
  /** The hash to store for a phone. */
  hash(phone: string): string;
  /** The hash a row written before the data-key derivation holds for this phone (under the configured master key). */
  legacy(phone: string): string;
}

export function schoolPhoneHashes(dataKey: Buffer, masterKey: Buffer, schoolId: string): SchoolPhoneHashes {
  const current = subkey(dataKey, 'phone-hash:v2');
  const legacy = legacySchoolPhoneKey(masterKey, schoolId);
  return {
    hash: (phone) => hmacHex(current, normalisePhone(phone)),
    legacy: (phone) => hmacHex(legacy, normalisePhone(phone)),
  };
}

/** Phone hashing for a school, with its data key (created in the caller's transaction if the school has none yet). */
@Injectable()
export class PhoneHasher {
  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'masterKey'>,
    private readonly crypto: CryptoService,
  ) {}

  async forSchool(m: EntityManager, schoolId: string): Promise<SchoolPhoneHashes> {
    const key = await this.crypto.schoolKey(m, schoolId);
    return schoolPhoneHashes(key.key, this.config.masterKey, schoolId);
  }
}
