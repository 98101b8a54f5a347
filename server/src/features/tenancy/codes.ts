import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: codes are read aloud in class WeChat groups and typed on phones. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A random code from CODE_ALPHABET drawn with the CSPRNG (crypto.randomInt, no modulo bias). */
export function randomCode(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}

/** Class invite codes: 8 characters (31^8 ≈ 8.5e11), plus lookup rate limits, make guessing impractical. */
export const INVITE_CODE_LENGTH = 8;
/** Staff invites grant rights: 12 characters, single use, short-lived. */
export const STAFF_INVITE_CODE_LENGTH = 12;

/** The payload the class QR code encodes; the mini-program's scanner understands it. */
export function inviteQrPayload(code: string): string {
  return `anxin://bind?code=${code}`;
}

/**
 * A child's name as shown to someone who only has the class code: first and last character kept
 * (王小明 → 王*明, 欧阳娜娜 → 欧**娜, 李雷 → 李*).
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
