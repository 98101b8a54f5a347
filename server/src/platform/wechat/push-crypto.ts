import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeChat message push (消息推送) signatures and safe-mode encryption. The fake WeChat server (test/fakes/wechat) signs
 * and encrypts with its own code, written from WeChat's description, so the server's side is checked against it.
 */

/** sha1 of the strings sorted and joined: `signature` (token, timestamp, nonce) and `msg_signature` (+ Encrypt). */
export function pushSignature(...parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

export function signatureMatches(expected: string, given: string | undefined): boolean {
  if (!given || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

/** The AES key of an EncodingAESKey (43 base64 characters + "=" = 32 bytes). */
export function pushAesKey(encodingAesKey: string): Buffer {
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

const BLOCK = 32;

/** Safe mode: AES-256-CBC, IV = first 16 key bytes, PKCS#7 to 32 bytes; 16 random ‖ 4-byte BE length ‖ msg ‖ appid. */
export function encryptPush(key: Buffer, message: string, appId: string): string {
  const msg = Buffer.from(message, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length, 0);
  const plain = Buffer.concat([randomBytes(16), len, msg, Buffer.from(appId, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

export class PushDecryptError extends Error {}

/** Decrypts a safe-mode `Encrypt` value: the message and the app id it was sealed for. */
export function decryptPush(key: Buffer, encrypted: string): { message: string; appId: string } {
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new PushDecryptError('ciphertext length');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new PushDecryptError('cipher');
  }
  const pad = plain[plain.length - 1];
  if (pad < 1 || pad > BLOCK || pad > plain.length || !plain.subarray(plain.length - pad).every((b) => b === pad)) throw new PushDecryptError('padding');
  plain = plain.subarray(0, plain.length - pad);
  if (plain.length < 20) throw new PushDecryptError('too short');
  const len = plain.readUInt32BE(16);
  if (20 + len > plain.length) throw new PushDecryptError('length');
  return { message: plain.subarray(20, 20 + len).toString('utf8'), appId: plain.subarray(20 + len).toString('utf8') };
}
