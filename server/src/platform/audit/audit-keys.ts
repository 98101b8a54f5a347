import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';

/**
 * The Ed25519 keys that sign and verify audit checkpoints. The private key comes from configuration
 * (ANXIN_AUDIT_SIGNING_KEY) and never from the database, so someone who can rewrite the database cannot sign a
 * rewritten chain. Accepted forms: a PEM "PRIVATE KEY" (PKCS#8), or base64 of the PKCS#8 DER or of the raw
 * 32-byte seed. Public keys: a PEM "PUBLIC KEY" (SPKI), or base64 of the SPKI DER or of the raw 32 bytes.
 */

// DER prefixes of an Ed25519 key (RFC 8410): PKCS#8 around a 32-byte seed, SPKI around a 32-byte public key.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export class AuditKeyError extends Error {}

function decodeBase64(text: string, what: string): Buffer {
  const v = text.replace(/\s+/g, '');
  // Node's base64 decoder skips characters it does not know, so check the alphabet first.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(v)) throw new AuditKeyError(`is not a PEM ${what} nor base64`);
  return Buffer.from(v, 'base64');
}

function requireEd25519(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new AuditKeyError(`must be an Ed25519 key (got ${key.asymmetricKeyType ?? 'unknown'})`);
  return key;
}

export function parsePrivateKey(text: string): KeyObject {
  const v = text.trim();
  try {
    if (v.startsWith('-----BEGIN')) return requireEd25519(createPrivateKey({ key: v, format: 'pem' }));
    const der = decodeBase64(v, 'PRIVATE KEY');
    if (der.length === 32) return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, der]), format: 'der', type: 'pkcs8' });
    return requireEd25519(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
  } catch (e) {
    if (e instanceof AuditKeyError) throw e;
    throw new AuditKeyError('is not an Ed25519 private key (PEM PKCS#8, or base64 of PKCS#8 DER or of a 32-byte seed)');
  }
}

export function parsePublicKey(text: string): KeyObject {
  const v = text.trim();
  try {
    if (v.startsWith('-----BEGIN')) return requireEd25519(createPublicKey({ key: v, format: 'pem' }));
    const der = decodeBase64(v, 'PUBLIC KEY');
    if (der.length === 32) return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, der]), format: 'der', type: 'spki' });
    return requireEd25519(createPublicKey({ key: der, format: 'der', type: 'spki' }));
  } catch (e) {
    if (e instanceof AuditKeyError) throw e;
    throw new AuditKeyError('is not an Ed25519 public key (PEM SPKI, or base64 of SPKI DER or of the raw 32 bytes)');
  }
}

/** Several public keys separated by commas (PEM blocks may also follow one another). */
export function parsePublicKeys(text: string): KeyObject[] {
  const pems = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g);
  const parts = pems ?? text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new AuditKeyError('names no key');
  return parts.map(parsePublicKey);
}

export function publicKeyOf(privateKey: KeyObject): KeyObject {
  return createPublicKey(privateKey);
}

/** The raw 32 bytes of an Ed25519 public key. */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

/** Names a key in each checkpoint line without revealing anything: SHA-256 of the raw public key, 16 hex digits. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(rawPublicKey(publicKey)).digest('hex').slice(0, 16);
}

/** A new key pair in the forms the configuration takes: base64 raw seed (private), base64 raw 32 bytes (public). */
export function generateSigningKey(): { privateKey: string; publicKey: string; publicKeyPem: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  return {
    privateKey: seed.toString('base64'),
    publicKey: rawPublicKey(publicKey).toString('base64'),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}
