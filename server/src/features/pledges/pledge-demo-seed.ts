import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { In, type EntityManager } from 'typeorm';
import { normalizePledgeText, pledgeTextHash, schoolYearLabel, type Relation } from '@anxin/shared';
import type { CryptoService } from '../../platform/crypto/crypto.service';
import { BindingEntity } from '../bindings/binding.entity';
import type { DemoSchoolIds } from '../demo/demo-seed';
import { UserEntity } from '../identity/user.entity';
import { termStart } from '../notices/notice-times';
import { StudentEntity } from '../tenancy/student.entity';
import { classesWithGrades, studentPartRequired } from './pledge-audience';
import { addDays, signatureDay } from './pledge-days';
import { DEFAULT_PLEDGE_TEMPLATE } from './pledge-default-text';
import { PledgeSignatureImageEntity, type PledgeSignaturePart } from './pledge-signature-image.entity';
import { PledgeSignatureEntity } from './pledge-signature.entity';
import { signatureImageAad } from './pledge-copies';
import { PledgeVersionEntity } from './pledge-version.entity';
import { PledgeEntity } from './pledge.entity';

const HOUR = 3600_000;
/** Days the demo pledge stays open after it is seeded. */
const DEMO_OPEN_DAYS = 20;

/** Guardians of 三年级1班 (the demo letter's) who have signed the demo pledge, with their children's signatures. */
const SIGNED: { student: string; relation: Relation }[] = [
  { student: '李雨涵', relation: 'father' },
  { student: '张子轩', relation: 'mother' },
];

/** A handwritten-looking stroke as the app's signature pad exports it (a trimmed PNG on a transparent background). */
async function strokePng(seed: number): Promise<Buffer> {
  const y = 20 + (seed % 3) * 10;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><path d="M10 ${y + 50} C 60 ${y}, 120 ${y + 60}, 170 ${y + 20} S 260 ${y + 40}, 290 ${y}" stroke="#1f2a44" stroke-width="6" fill="none" stroke-linecap="round"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/**
 * The demo school's pledge of the current school year (2026-2027 in the school year 2026–2027), opened by the
 * principal for the whole school two days ago with the default text, open for DEMO_OPEN_DAYS more days. Two guardians
 * of 三年级1班 (from the demo letter) have signed it with their children, so the class teacher sees 2 of 8 signed; the
 * demo guardian, once bound to 王小明 (invite code DEMO3A01), has it to sign. Seeded rows only, like the rest of the
 * demo: no messages, no audit entries. Signatures are only seeded when `crypto` can encrypt them (the master key is
 * known). Runs once per school and year.
 */
export async function seedDemoPledge(m: EntityManager, school: DemoSchoolIds, now: Date, crypto: CryptoService | null): Promise<void> {
  const today = signatureDay(now);
  const schoolYear = schoolYearLabel(today);
  if (await m.findOne(PledgeEntity, { where: { schoolId: school.schoolId, schoolYear } })) return;
  const openedAt = new Date(Math.max(now.getTime() - 48 * HOUR, termStart(now).getTime()));
  const text = normalizePledgeText(DEFAULT_PLEDGE_TEMPLATE.text);
  const pledge = Object.assign(new PledgeEntity(), {
    id: randomUUID(), schoolId: school.schoolId, schoolYear, deadline: addDays(today, DEMO_OPEN_DAYS), grades: [],
    studentFromGrade: DEFAULT_PLEDGE_TEMPLATE.studentFromGrade, requireAllGuardians: false, currentVersion: 1,
    createdBy: school.userIds.principal, createdAt: openedAt, autoRemindedAt: null,
  });
  await m.insert(PledgeEntity, pledge);
  const version = { pledgeId: pledge.id, number: 1, schoolId: school.schoolId, text, textHash: pledgeTextHash(text), changeNote: null, publishedBy: school.userIds.principal, publishedAt: openedAt };
  await m.insert(PledgeVersionEntity, version);
  if (!crypto) return;
  const classes = await classesWithGrades(m, school.schoolId, [school.teacherClassId]);
  const students = await m.find(StudentEntity, { where: { classId: school.teacherClassId, name: In(SIGNED.map((s) => s.student)) } });
  const key = await crypto.schoolKey(m, school.schoolId);
  for (const [i, s] of SIGNED.entries()) {
    const student = students.find((x) => x.name === s.student);
    const binding = student && await m.findOne(BindingEntity, { where: { studentId: student.id, status: 'approved', relation: s.relation } });
    if (!student || !binding || !(await m.findOne(UserEntity, { where: { id: binding.guardianUserId } }))) continue;
    const withStudent = studentPartRequired(pledge, classes[0]?.gradeNumber ?? 0);
    const id = randomUUID();
    await m.insert(PledgeSignatureEntity, {
      id, pledgeId: pledge.id, schoolId: school.schoolId, studentId: student.id, classId: student.classId, guardianUserId: binding.guardianUserId,
      relation: binding.relation, versionNumber: 1, textHash: version.textHash, slot: '', hasStudentPart: withStudent, clientKey: `demo-${id}`,
      signedOn: signatureDay(new Date(Math.min(openedAt.getTime() + (i + 1) * 20 * HOUR, now.getTime()))),
    });
    const parts: PledgeSignaturePart[] = withStudent ? ['guardian', 'student'] : ['guardian'];
    for (const [j, part] of parts.entries()) {
      const png = await strokePng(i * 2 + j);
      const meta = await sharp(png).metadata();
      await m.insert(PledgeSignatureImageEntity, {
        signatureId: id, part, schoolId: school.schoolId, keyId: key.id, data: crypto.encryptBytes(key, png, signatureImageAad(id, part)),
        sha256: createHash('sha256').update(png).digest('hex'), width: meta.width ?? 0, height: meta.height ?? 0, size: png.length,
      });
    }
  }
}
