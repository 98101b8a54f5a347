import { randomBytes, randomUUID } from 'node:crypto';
import { Clock } from '../../platform/common/clock/clock';
import { legacyPhoneHash, schoolPhoneHashes } from '../tenancy/phone-hash';
import type { RosterStudentRow, ParsedRoster } from './roster-parser';
import { RosterService } from './roster.service';

/** The import plan (what would change) against existing data, without a database. */
describe('RosterService plan', () => {
  const masterKey = randomBytes(32);
  const school = { id: randomUUID(), districtId: randomUUID() } as any;
  const hashes = schoolPhoneHashes(randomBytes(32), masterKey, school.id);
  const phones = { hash: (_schoolId: string, phone: string) => hashes.hash(phone) };
  const service = new RosterService(null as any, null as any, null as any, null as any, new Clock());
  const plan = (students: RosterStudentRow[], existing: any, hasPhoneColumn = true) =>
    (service as any).plan(school, { sheetName: 's', rowsRead: students.length, hasPhoneColumn, students, problems: [] } as ParsedRoster, existing, hashes);
  const row = (over: Partial<RosterStudentRow>): RosterStudentRow => ({
    row: 2, grade: '三年级', className: '1班', name: '王小明', studentNo: null, gender: null, guardians: [], ...over,
  });
  const empty = { grades: [], classes: [], students: [], guardians: [] };

  it('creates grade, class, student and guardian for a new school', () => {
    const p = plan([row({ guardians: [{ name: '王妈妈', relation: 'mother', phone: '13800000001' }] })], empty);
    expect([p.grades.length, p.classes.length, p.studentInserts.length, p.guardianInserts.length, p.unchanged]).toEqual([1, 1, 1, 1, 0]);
    expect(p.guardianInserts[0].phoneHash).toBe(phones.hash(school.id, '13800000001'));
  });

  describe('against an existing roster', () => {
    const gradeId = randomUUID();
    const classId = randomUUID();
    const studentId = randomUUID();
    const existing = {
      grades: [{ id: gradeId, schoolId: school.id, name: '三年级', sort: 3 }],
      classes: [{ id: classId, schoolId: school.id, gradeId, name: '1班' }],
      students: [{ id: studentId, schoolId: school.id, classId, name: '王小明', studentNo: null, gender: 'M' }],
      guardians: [{ id: randomUUID(), schoolId: school.id, studentId, name: '王妈妈', relation: 'mother', phoneHash: phones.hash(school.id, '13800000001') }],
    };
    const same = row({ gender: 'M', guardians: [{ name: '王妈妈', relation: 'mother', phone: '13800000001' }] });

    it('the same data changes nothing', () => {
      const p = plan([same], existing);
      expect(p.unchanged).toBe(1);
      expect([p.grades, p.classes, p.studentInserts, p.studentUpdates, p.guardianInserts, p.guardianUpdates, p.guardianDeletes].every((x) => x.length === 0)).toBe(true);
    });

    it('a 学籍号 added later attaches to the student matched by class and name', () => {
      const p = plan([{ ...same, studentNo: 'G1' }], existing);
      expect(p.studentInserts).toHaveLength(0);
      expect(p.studentUpdates).toEqual([{ id: studentId, changes: expect.objectContaining({ studentNo: 'G1' }) }]);
      expect(p.updatedStudents).toBe(1);
    });

    it('a changed phone replaces the old one; without a phone column guardians are left alone', () => {
      const changed = { ...same, guardians: [{ name: '王妈妈', relation: 'mother' as const, phone: '13800000009' }] };
      const p = plan([changed], existing);
      expect([p.guardianInserts.length, p.guardianDeletes]).toEqual([1, [existing.guardians[0].id]]);
      const q = plan([{ ...same, guardians: [] }], existing, false);
      expect([q.guardianInserts.length, q.guardianDeletes.length, q.unchanged]).toEqual([0, 0, 1]);
    });

    it('a guardian row still under the older master-key hash is rewritten under the data key, not replaced', () => {
      const legacyRow = { ...existing.guardians[0], phoneHash: legacyPhoneHash(masterKey, school.id, '13800000001') };
      const p = plan([same], { ...existing, guardians: [legacyRow] });
      expect([p.guardianInserts.length, p.guardianDeletes.length, p.unchanged]).toEqual([0, 0, 1]);
      expect(p.guardianUpdates).toEqual([{ id: legacyRow.id, changes: { phoneHash: hashes.hash('13800000001'), name: '王妈妈', relation: 'mother' } }]);
    });

    it('grades match by school year: 七年级 rows go to an existing 初一', () => {
      const chuYi = { id: randomUUID(), schoolId: school.id, name: '初一', sort: 7 };
      const p = plan([row({ grade: '初一', className: '1班' })], { ...empty, grades: [{ ...chuYi, name: '七年级' }] });
      expect(p.grades).toHaveLength(0);
      expect(p.classes[0].gradeId).toBe(chuYi.id);
    });

    it('two same-named students in a class without 学籍号 are a problem, not a guess', () => {
      const twins = { ...existing, students: [...existing.students, { ...existing.students[0], id: randomUUID() }] };
      const p = plan([same], twins);
      expect(p.problems).toEqual([expect.objectContaining({ row: 2, column: '学籍号' })]);
    });
  });
});
