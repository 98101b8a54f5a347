import { generateKeyPairSync } from 'node:crypto';
import { AuditKeyError, generateSigningKey, keyIdOf, parsePrivateKey, parsePublicKey, parsePublicKeys, publicKeyOf } from './audit-keys';
import { checkSignature, signCheckpoint, statementBytes, trustedKeyMap } from './checkpoint-signature';

const STATEMENT = { schoolId: '6f1c8e0e-1111-4a4a-9b9b-000000000001', seq: 42, headHash: 'ab'.repeat(32), signedAt: '2026-11-30T16:00:00.000Z' };

describe('audit signing keys', () => {
  it('reads the same Ed25519 key as a base64 seed, base64 PKCS#8 DER and PEM', () => {
    const g = generateSigningKey();
    const fromSeed = parsePrivateKey(g.privateKey);
    const der = fromSeed.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const pem = fromSeed.export({ format: 'pem', type: 'pkcs8' }).toString();
    for (const k of [parsePrivateKey(der), parsePrivateKey(pem), parsePrivateKey(`  ${g.privateKey}\n`)]) {
      expect(keyIdOf(publicKeyOf(k))).toBe(g.keyId);
    }
    expect(g.keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reads a public key as raw base64, SPKI DER base64 and PEM, and several separated by commas', () => {
    const g = generateSigningKey();
    const pub = parsePublicKey(g.publicKey);
    const der = pub.export({ format: 'der', type: 'spki' }).toString('base64');
    expect([parsePublicKey(der), parsePublicKey(g.publicKeyPem)].map(keyIdOf)).toEqual([g.keyId, g.keyId]);
    const other = generateSigningKey();
    expect(parsePublicKeys(`${g.publicKey}, ${other.publicKey}`).map(keyIdOf)).toEqual([g.keyId, other.keyId]);
    expect(parsePublicKeys(`${g.publicKeyPem}\n${other.publicKeyPem}`).map(keyIdOf)).toEqual([g.keyId, other.keyId]);
  });

  it.each([
    ['not base64', 'not a key!'],
    ['the wrong length', Buffer.alloc(20).toString('base64')],
    ['an RSA key', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()],
  ])('refuses %s with a message that says what is accepted', (_, value) => {
    expect(() => parsePrivateKey(value)).toThrow(AuditKeyError);
  });
});

describe('checkpoint signatures', () => {
  const g = generateSigningKey();
  const priv = parsePrivateKey(g.privateKey);
  const pub = publicKeyOf(priv);
  const trusted = trustedKeyMap([pub]);

  it('holds under the signing key and names it', () => {
    const cp = signCheckpoint(priv, pub, STATEMENT);
    expect(cp).toMatchObject({ ...STATEMENT, keyId: g.keyId });
    expect(Buffer.from(cp.signature, 'base64')).toHaveLength(64);
    expect(checkSignature(trusted, cp)).toBeNull();
  });

  it('fails when any signed field changes', () => {
    const cp = signCheckpoint(priv, pub, STATEMENT);
    for (const change of [{ seq: 41 }, { headHash: 'cd'.repeat(32) }, { signedAt: '2026-12-01T16:00:00.000Z' }, { schoolId: STATEMENT.schoolId.replace('1', '2') }]) {
      expect(checkSignature(trusted, { ...cp, ...change })).toBe('bad_signature');
    }
    expect(checkSignature(trusted, { ...cp, signature: 'AAAA' })).toBe('bad_signature');
  });

  it('a checkpoint signed by another key is not trusted; it is once that key is listed', () => {
    const other = parsePrivateKey(generateSigningKey().privateKey);
    const forged = signCheckpoint(other, publicKeyOf(other), STATEMENT);
    expect(checkSignature(trusted, forged)).toBe('unknown_key');
    // A forger who copies our key id still fails the signature check.
    expect(checkSignature(trusted, { ...forged, keyId: g.keyId })).toBe('bad_signature');
    expect(checkSignature(trustedKeyMap([pub, publicKeyOf(other)]), forged)).toBeNull();
  });

  it('signs a fixed, canonical statement: independent of key order, prefixed so it means nothing else', () => {
    const a = statementBytes(STATEMENT).toString('utf8');
    const b = statementBytes({ signedAt: STATEMENT.signedAt, headHash: STATEMENT.headHash, seq: 42, schoolId: STATEMENT.schoolId }).toString('utf8');
    expect(a).toBe(b);
    expect(a).toBe(`anxin-audit-checkpoint-statement/1\n{"headHash":"${STATEMENT.headHash}","schoolId":"${STATEMENT.schoolId}","seq":42,"signedAt":"${STATEMENT.signedAt}"}`);
  });
});
