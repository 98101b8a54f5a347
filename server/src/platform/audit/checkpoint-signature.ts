import { sign, verify, type KeyObject } from 'node:crypto';
import type { AuditSignedCheckpoint } from '@anxin/shared';
import { canonicalJson } from './audit-hash';
import { keyIdOf } from './audit-keys';

/** What a checkpoint signature covers. */
export interface CheckpointStatement {
  schoolId: string;
  seq: number;
  headHash: string;
  signedAt: string; // ISO-8601 UTC
}

/** A fixed prefix, so a checkpoint signature can never be mistaken for a signature over anything else. */
const DOMAIN = 'anxin-audit-checkpoint-statement/1\n';

export function statementBytes(s: CheckpointStatement): Buffer {
  return Buffer.from(DOMAIN + canonicalJson({ schoolId: s.schoolId, seq: s.seq, headHash: s.headHash, signedAt: s.signedAt }), 'utf8');
}

export function signCheckpoint(privateKey: KeyObject, publicKey: KeyObject, s: CheckpointStatement): AuditSignedCheckpoint {
  return {
    schoolId: s.schoolId, seq: s.seq, headHash: s.headHash, signedAt: s.signedAt,
    keyId: keyIdOf(publicKey),
    signature: sign(null, statementBytes(s), privateKey).toString('base64'),
  };
}

/** The keys a verifier trusts, by key id. */
export function trustedKeyMap(keys: KeyObject[]): Map<string, KeyObject> {
  return new Map(keys.map((k) => [keyIdOf(k), k]));
}

/** Null when the signature holds under a trusted key; otherwise why not. */
export function checkSignature(trusted: Map<string, KeyObject>, cp: AuditSignedCheckpoint): 'unknown_key' | 'bad_signature' | null {
  const key = trusted.get(cp.keyId);
  if (!key) return 'unknown_key';
  const sig = Buffer.from(cp.signature, 'base64');
  if (sig.length !== 64) return 'bad_signature';
  return verify(null, statementBytes(cp), key, sig) ? null : 'bad_signature';
}
