import { createHmac } from 'node:crypto';
import { SURVEY_CODE_ALPHABET, SURVEY_LIMITS } from '@anxin/shared';
import type { CryptoService, DataKey } from '../../platform/crypto/crypto.service';
import { subkey } from '../../platform/crypto/aes-gcm';

/**
 * The one-time codes of a survey. A class's codes are derived, not stored: code i of a class is drawn from
 * HMAC(a subkey of the school's data key bound to the survey, `classId:i`), so the list can be shown and printed again
 * without keeping it anywhere, and it looks random to anyone without the school's key. What the database keeps is each
 * code's HMAC under another purpose (`codeHmac`), the index a typed code is found by.
 */
export function deriveClassCodes(key: DataKey, surveyId: string, classId: string, count: number): string[] {
  const k = subkey(key.key, `survey-code-list:${surveyId}`);
  const codes: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; codes.length < count; i++) {
    const code = codeFrom(createHmac('sha256', k).update(`${classId}:${i}`).digest());
    if (seen.has(code)) continue; // a repeat within a class (about 1 in 10^11): take the next
    seen.add(code);
    codes.push(code);
  }
  return codes;
}

/** Eight characters of the alphabet from the digest's bytes (rejection sampling keeps every character equally likely). */
function codeFrom(digest: Buffer): string {
  const n = SURVEY_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let out = '';
  for (const b of digest) {
    if (b >= limit) continue;
    out += SURVEY_CODE_ALPHABET[b % n];
    if (out.length === SURVEY_LIMITS.codeLength) return out;
  }
  // 32 bytes nearly always hold 8 usable ones; if not, stretch the digest.
  return codeFrom(Buffer.concat([digest, createHmac('sha256', digest).update('more').digest()]));
}

/** The lookup index of a code: an HMAC under a survey-bound purpose of the school's key. */
export function codeHmac(crypto: CryptoService, key: DataKey, surveyId: string, code: string): string {
  return crypto.schoolHmac(key, `survey-code:${surveyId}`, code);
}

/** How many codes a class gets: one per student, and the spares. */
export function codesFor(students: number, spare: number): number {
  return students + spare;
}
