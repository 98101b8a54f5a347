import { randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

/**
 * Receipt codes: 16 decimal digits from the CSPRNG, stored only as a salted
 * scrypt hash. `crypto.randomInt` spans at most 2^48, so the code is four independent 4-digit draws.
 */
export function newReceipt(): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += String(randomInt(0, 10_000)).padStart(4, '0');
  return out;
}

export const RECEIPT_PATTERN = /^\d{16}$/;

/**
 * scrypt N=2^13, r=8, p=1 (8 MiB, ~50 ms on one core of the 2-core test machine). A receipt carries 53 bits of
 * entropy (unlike a password), so a guesser holding a dump — who also lacks the HMAC index key — faces ~10^16
 * guesses × 50 ms ≈ 10^7 core-years; a higher N would only spend the submit path's CPU (10 tips/s must fit).
 * The parameters are stored with each hash, so they can be raised later without breaking old receipts.
 */
const PARAMS = { N: 8192, r: 8, p: 1 };
const KEYLEN = 32;

export async function hashReceipt(receipt: string, params = PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(receipt, salt, KEYLEN, { ...params, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyReceipt(receipt: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  const actual = await scrypt(receipt, salt, expected.length, { N, r, p, maxmem: 64 * 1024 * 1024 });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash of nothing, verified against on a lookup miss so a wrong receipt costs the same time as a right one. */
let dummy: Promise<string> | null = null;
export async function burnReceiptCheck(receipt: string): Promise<void> {
  dummy ??= hashReceipt('0000000000000000');
  await verifyReceipt(receipt, await dummy);
}
