import { Injectable, OnModuleInit } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { AuditSeals } from '../../platform/audit/seal/audit-seals';
import { sealLeafHash, SealKinds, type SealKind } from '../../platform/audit/seal/seal-kinds';
import { chunks } from '../../platform/database/in-lists';
import { PledgeSignatureImageEntity } from './pledge-signature-image.entity';
import { PledgeSignatureEntity } from './pledge-signature.entity';

/** The seal kind of pledge signatures. */
export const PLEDGE_SIGNATURE_SEAL_KIND = 'pledge.signature';

type SignatureFields = Pick<PledgeSignatureEntity,
  'id' | 'pledgeId' | 'schoolId' | 'studentId' | 'guardianUserId' | 'relation' | 'versionNumber' | 'textHash' | 'hasStudentPart' | 'signedOn'>;

/**
 * What a signature's leaf covers: who signed which version for which child (signature, pledge, school, child,
 * guardian, relation, version and the text hash signed), the day it was signed, and the SHA-256 of each handwritten
 * image as sent (the proof needs no data key). Never a time: a signature has none.
 */
export function signatureLeafDocument(s: SignatureFields, imageSha256: { guardian: string | null; student: string | null }): Record<string, unknown> {
  return {
    kind: PLEDGE_SIGNATURE_SEAL_KIND, v: 1, signatureId: s.id, pledgeId: s.pledgeId, schoolId: s.schoolId, studentId: s.studentId,
    guardianUserId: s.guardianUserId, relation: s.relation, versionNumber: s.versionNumber, textHash: s.textHash, signedOn: s.signedOn,
    hasStudentPart: s.hasStudentPart, guardianImageSha256: imageSha256.guardian, studentImageSha256: imageSha256.student,
  };
}

/** Each signature's leaf hash, from its rows as they are now (through `m`); missing signatures are left out. */
export async function signatureLeaves(m: EntityManager, signatureIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const ids of chunks([...new Set(signatureIds)])) {
    const signatures = await m.find(PledgeSignatureEntity, { where: { id: In(ids) } });
    const images = await m.find(PledgeSignatureImageEntity, { where: { signatureId: In(ids) }, select: { signatureId: true, part: true, sha256: true } });
    const sha = (id: string, part: string) => images.find((i) => i.signatureId === id && i.part === part)?.sha256 ?? null;
    for (const s of signatures) out.set(s.id, sealLeafHash(signatureLeafDocument(s, { guardian: sha(s.id, 'guardian'), student: sha(s.id, 'student') })));
  }
  return out;
}

/** How the platform recomputes signature leaves when it verifies (`npm run audit:verify` registers it too). */
export const pledgeSignatureSealKind: SealKind = { kind: PLEDGE_SIGNATURE_SEAL_KIND, leaves: signatureLeaves };

/**
 * Seals pledge signatures into the school's audit chain: a signature hands its leaf to the platform in the
 * transaction that makes it; the worker seals each day's leaves after the day is over, one entry per school and day
 * naming no person. No signature is written to the chain by itself, with or without a time.
 */
@Injectable()
export class PledgeSignatureSeal implements OnModuleInit {
  constructor(private readonly kinds: SealKinds, private readonly seals: AuditSeals) {}

  onModuleInit(): void {
    this.kinds.register(pledgeSignatureSealKind);
  }

  /** After making signatures and their images, in the same transaction: each signature's leaf (one statement for the lot). */
  async sealMade(m: EntityManager, made: { signature: SignatureFields; imageSha256: { guardian: string | null; student: string | null } }[]): Promise<void> {
    await this.seals.addMade(m, made.map(({ signature, imageSha256 }) => ({
      schoolId: signature.schoolId, kind: PLEDGE_SIGNATURE_SEAL_KIND, recordId: signature.id, leafHash: sealLeafHash(signatureLeafDocument(signature, imageSha256)),
    })));
  }
}
