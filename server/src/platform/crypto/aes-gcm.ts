import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The primitives under the tip box's encryption at rest: AES-256-GCM with a 96-bit random IV and a 128-bit tag,
 * and associated data that binds each ciphertext to its place (table, row, field) so rows cannot be swapped.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function gcmSeal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  // GCM's final() writes nothing more; the parts are joined once (an image's ciphertext is not copied twice).
  const ct = cipher.update(plaintext);
  const last = cipher.final();
  return Buffer.concat([iv, cipher.getAuthTag(), ct, last]);
}

export function gcmOpen(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/** Wraps a data key under the master key; the AAD names the key and its school. */
export function wrapKey(masterKey: Buffer, dataKey: Buffer, keyId: string, schoolId: string): string {
  return gcmSeal(masterKey, dataKey, `school_key:${keyId}:${schoolId}`).toString('base64');
}

export function unwrapKey(masterKey: Buffer, wrapped: string, keyId: string, schoolId: string): Buffer {
  return gcmOpen(masterKey, Buffer.from(wrapped, 'base64'), `school_key:${keyId}:${schoolId}`);
}

/** A purpose-bound subkey (HKDF-SHA256), so one secret never serves two uses. */
export function subkey(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `anxin:${purpose}`, 32));
}

export function hmacHex(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

/** Text envelope: `enc1.<keyId>.<base64(iv ‖ tag ‖ ct)>`: the key id travels with every ciphertext. */
export const ENVELOPE_PREFIX = 'enc1';

export function formatEnvelope(keyId: string, sealed: Buffer): string {
  return `${ENVELOPE_PREFIX}.${keyId}.${sealed.toString('base64')}`;
}

export function parseEnvelope(envelope: string): { keyId: string; sealed: Buffer } {
  const parts = envelope.split('.');
  if (parts.length !== 3 || parts[0] !== ENVELOPE_PREFIX) throw new Error('not an encrypted envelope');
  return { keyId: parts[1], sealed: Buffer.from(parts[2], 'base64') };
}
