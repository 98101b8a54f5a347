import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { pledgeTextForGrade, RELATION_LABELS, type PledgeSignedCopy } from '@anxin/shared';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { SchoolEntity } from '../tenancy/school.entity';
import { StudentEntity } from '../tenancy/student.entity';
import { classesWithGrades } from './pledge-audience';
import { PledgeSignatureImageEntity, type PledgeSignaturePart } from './pledge-signature-image.entity';
import type { PledgeSignatureEntity } from './pledge-signature.entity';
import { PledgeVersionEntity } from './pledge-version.entity';
import type { PledgeEntity } from './pledge.entity';

export const signatureImageAad = (signatureId: string, part: PledgeSignaturePart) => `pledge_signature:${signatureId}:${part}`;
const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;

/** A signed copy with its handwriting as PNG bytes (for the PDF), before it is turned into the API's data URLs. */
export interface SignedCopyFile {
  copy: Omit<PledgeSignedCopy, 'guardianSignature' | 'studentSignature'>;
  guardianPng: Buffer | null;
  studentPng: Buffer | null;
}

/**
 * The one owner of what a signed copy holds: the text of the version signed (the parts the child's grade reads), its
 * hash, the day, superseded or not, the relation, the school and both images (decrypted with the school's data key).
 * Callers decide who may see it (the guardian's copy, the staff PDF and zip).
 */
@Injectable()
export class PledgeCopies {
  constructor(private readonly crypto: CryptoService) {}

  async load(m: EntityManager, pledge: PledgeEntity, signature: PledgeSignatureEntity): Promise<SignedCopyFile> {
    return (await this.loadMany(m, pledge, [signature]))[0];
  }

  /** Copies of several signatures of one pledge, in the order given. */
  async loadMany(m: EntityManager, pledge: PledgeEntity, signatures: PledgeSignatureEntity[]): Promise<SignedCopyFile[]> {
    if (!signatures.length) return [];
    const ids = signatures.map((s) => s.id);
    const [school, students, versions, images, classes] = await Promise.all([
      m.findOneOrFail(SchoolEntity, { where: { id: pledge.schoolId } }),
      m.find(StudentEntity, { where: { id: In([...new Set(signatures.map((s) => s.studentId))]) }, select: { id: true, name: true } }),
      m.find(PledgeVersionEntity, { where: { pledgeId: pledge.id, number: In([...new Set(signatures.map((s) => s.versionNumber))]) } }),
      m.find(PledgeSignatureImageEntity, { where: { signatureId: In(ids) } }),
      classesWithGrades(m, pledge.schoolId, [...new Set(signatures.map((s) => s.classId))]),
    ]);
    const png = async (signatureId: string, part: PledgeSignaturePart) => {
      const img = images.find((i) => i.signatureId === signatureId && i.part === part);
      return img ? this.crypto.decryptBytes(img.keyId, Buffer.from(img.data), signatureImageAad(signatureId, part)) : null;
    };
    const out: SignedCopyFile[] = [];
    for (const s of signatures) {
      const version = versions.find((v) => v.number === s.versionNumber)!;
      const cls = classes.find((c) => c.id === s.classId);
      out.push({
        copy: {
          id: s.id, pledgeId: pledge.id, schoolYear: pledge.schoolYear, schoolName: school.name,
          student: { id: s.studentId, name: students.find((x) => x.id === s.studentId)?.name ?? '', className: cls?.name ?? '' },
          versionNumber: s.versionNumber, text: pledgeTextForGrade(version.text, cls?.gradeNumber ?? 0), textHash: s.textHash,
          signedOn: s.signedOn, superseded: s.versionNumber < pledge.currentVersion, relation: s.relation,
          relationLabel: RELATION_LABELS[s.relation] ?? s.relation,
        },
        guardianPng: await png(s.id, 'guardian'), studentPng: await png(s.id, 'student'),
      });
    }
    return out;
  }
}

/** The API's signed copy: the images as data URLs. */
export function signedCopyView(file: SignedCopyFile): PledgeSignedCopy {
  return { ...file.copy, guardianSignature: file.guardianPng ? dataUrl(file.guardianPng) : '', studentSignature: file.studentPng ? dataUrl(file.studentPng) : null };
}
