import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';

/**
 * Guardian phones are never stored in clear. A roster phone and the phone a guardian types are compared as
 * HMAC-SHA256(key_school, normalised phone), where key_school = HMAC-SHA256(master key, "phone-hash:v1:" + school id).
 * A per-school key means equal phones at two schools hash differently, and a database dump alone (without the
 * master key) cannot be brute-forced over the small space of mobile numbers.
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

export function schoolPhoneKey(masterKey: Buffer, schoolId: string): Buffer {
  return createHmac('sha256', masterKey).update(`phone-hash:v1:${schoolId}`).digest();
}

export function phoneHash(masterKey: Buffer, schoolId: string, phone: string): string {
  return createHmac('sha256', schoolPhoneKey(masterKey, schoolId)).update(normalisePhone(phone)).digest('hex');
}

/** Hashes phones with the configured master key; use `forSchool` in loops (derives the school key once). */
@Injectable()
export class PhoneHasher {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  hash(schoolId: string, phone: string): string {
    return phoneHash(this.config.masterKey, schoolId, phone);
  }

  forSchool(schoolId: string): (phone: string) => string {
    const key = schoolPhoneKey(this.config.masterKey, schoolId);
    return (phone) => createHmac('sha256', key).update(normalisePhone(phone)).digest('hex');
  }
}
