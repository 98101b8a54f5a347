import { DataSource, EntityManager } from 'typeorm';
import { DemoRole, Relation, SchoolRole, StaffRole } from '@anxin/shared';
import type { Clock } from '../../platform/common/clock/clock';
import { masterKeyId, type AppConfig } from '../../platform/config/app-config';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { inTransaction } from '../../platform/database/transaction';
import { demoOpenid } from '../identity/auth.service';
import { UserEntity } from '../identity/user.entity';
import { ClassEntity } from '../tenancy/class.entity';
import { DistrictEntity } from '../tenancy/district.entity';
import { GradeEntity } from '../tenancy/grade.entity';
import { InviteCodeEntity } from '../tenancy/invite-code.entity';
import { PhoneHasher } from '../tenancy/phone-hash';
import { RosterGuardianEntity } from '../tenancy/roster-guardian.entity';
import { SchoolEntity } from '../tenancy/school.entity';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { StudentEntity } from '../tenancy/student.entity';
import { TeacherClassEntity } from '../tenancy/teacher-class.entity';
import { seedDemoNotices } from '../notices/notice-demo-seed';
import { seedDemoPledge } from '../pledges/pledge-demo-seed';
import { seedDemoSurveys } from '../surveys/survey-demo-seed';
import { seedDemoLedger } from '../ledger/ledger-demo-seed';
import { seedDemoChildDataOfficers } from '../privacy/privacy-demo-seed';

/**
 * Demo data: two districts, one school in each ('a' 阳光实验小学, 'b' 明德实验中学), grades, classes, students,
 * and one demo user per role per school. Idempotent: running it again changes nothing.
 * Used by `npm start` (ANXIN_DEMO_SEED) and by tests as their standard fixture.
 */
export interface DemoSchoolPlan {
  key: 'a' | 'b';
  district: { name: string; code: string };
  school: string;
  contact: { name: string; phone: string };
  grades: { name: string; sort: number; classes: { name: string; students: string[]; inviteCode: string }[] }[];
  people: Record<DemoRole, string>;
}

export const DEMO_PLAN: DemoSchoolPlan[] = [
  {
    key: 'a',
    district: { name: '示范区教育局', code: 'DEMO-SF' },
    school: '阳光实验小学',
    contact: { name: '张静', phone: '010-62345678' },
    grades: [
      { name: '三年级', sort: 3, classes: [
        { name: '1班', inviteCode: 'DEMO3A01', students: ['王小明', '李雨涵', '张子轩', '刘思彤', '陈浩然', '杨梓萱', '赵一诺', '黄俊熙'] },
        { name: '2班', inviteCode: 'DEMO3A02', students: ['周欣怡', '吴宇航', '徐可馨', '孙博文', '马若溪', '朱天佑'] },
      ] },
      { name: '四年级', sort: 4, classes: [
        { name: '1班', inviteCode: 'DEMO4A01', students: ['胡梦琪', '郭子墨', '何雨桐', '高铭轩', '林诗涵', '罗嘉怡'] },
      ] },
    ],
    people: {
      guardian: '刘女士', student: '小明同学', teacher: '陈老师', contact: '张静', committee: '赵敏', principal: '李校长', admin: '王主任', district: '周科长',
    },
  },
  {
    key: 'b',
    district: { name: '新城区教育局', code: 'DEMO-XC' },
    school: '明德实验中学',
    contact: { name: '孙伟', phone: '010-68765432' },
    grades: [
      { name: '初一', sort: 7, classes: [
        { name: '1班', inviteCode: 'DEMO7B01', students: ['郑晓东', '冯佳琪', '曹子涵', '彭宇轩'] },
      ] },
    ],
    people: {
      guardian: '钱先生', student: '小东同学', teacher: '吴老师', contact: '孙伟', committee: '韩雪', principal: '赵校长', admin: '钱主任', district: '冯科长',
    },
  },
];

/**
 * Guardian phones on the demo roster (stored only as keyed hashes), so phone auto-approval can be tried: bind to
 * 王小明 with invite code DEMO3A01 and phone 13800000001 and the binding is approved at once.
 */
export const DEMO_ROSTER_PHONES: Record<'a' | 'b', { student: string; name: string; relation: Relation; phone: string }[]> = {
  a: [
    { student: '王小明', name: '刘女士', relation: Relation.MOTHER, phone: '13800000001' },
    { student: '王小明', name: '王先生', relation: Relation.FATHER, phone: '13800000002' },
    { student: '李雨涵', name: '李先生', relation: Relation.FATHER, phone: '13800000003' },
    { student: '周欣怡', name: '周女士', relation: Relation.MOTHER, phone: '13800000004' },
  ],
  b: [
    { student: '郑晓东', name: '钱先生', relation: Relation.FATHER, phone: '13900000001' },
  ],
};

const STAFF_ROLE: Partial<Record<DemoRole, StaffRole>> = {
  teacher: SchoolRole.TEACHER,
  contact: SchoolRole.CONTACT,
  committee: SchoolRole.COMMITTEE,
  principal: SchoolRole.PRINCIPAL,
  admin: SchoolRole.ADMIN,
  district: 'district_officer',
};

export interface DemoSchoolIds {
  districtId: string;
  schoolId: string;
  classIds: string[];
  /** The class the demo teacher heads (the first class). */
  teacherClassId: string;
  userIds: Record<DemoRole, string>;
}

/**
 * `masterKey` (config.masterKey) is needed to hash the demo roster phones (DEMO_ROSTER_PHONES); without it they
 * are skipped and phone auto-approval cannot be tried.
 */
export async function seedDemo(ds: DataSource, now: Date = new Date(), masterKey?: Buffer): Promise<Record<'a' | 'b', DemoSchoolIds>> {
  return inTransaction(ds, async (m) => {
    const out = {} as Record<'a' | 'b', DemoSchoolIds>;
    for (const plan of DEMO_PLAN) {
      out[plan.key] = await seedSchool(m, plan, now);
      if (masterKey) await seedRosterPhones(m, out[plan.key].schoolId, DEMO_ROSTER_PHONES[plan.key], demoPhoneHasher(ds, masterKey, now));
    }
    // A letter home already sent to 三年级 of school 'a', read by some guardians and not by others.
    await seedDemoNotices(m, out.a, now);
    // The school year's anti-bullying pledge at school 'a', already signed by two guardians of 三年级1班.
    await seedDemoPledge(m, out.a, now, masterKey ? demoCrypto(ds, masterKey, now) : null);
    // Anonymous surveys at school 'a': last semester's, finished, and this semester's, open with a few answers.
    await seedDemoSurveys(m, out.a, now, masterKey ? demoCrypto(ds, masterKey, now) : null);
    // The anti-bullying work ledger at school 'a': last semester complete, this one about half done.
    await seedDemoLedger(m, out.a, now);
    // Each school's person responsible for children's personal information (儿童个人信息保护负责人).
    await seedDemoChildDataOfficers(m, out, now);
    return out;
  });
}

/** The server's own phone hashing (keyed by the school's data key, which it creates if needed) outside the app. */
function demoPhoneHasher(ds: DataSource, masterKey: Buffer, now: Date): PhoneHasher {
  const config = { masterKey, masterKeyId: masterKeyId(masterKey) } as AppConfig;
  return new PhoneHasher(config, new CryptoService(ds, config, { now: () => now } as Clock));
}

/** The server's own encryption with the schools' data keys, outside the app (the demo pledge's signatures). */
function demoCrypto(ds: DataSource, masterKey: Buffer, now: Date): CryptoService {
  return new CryptoService(ds, { masterKey, masterKeyId: masterKeyId(masterKey) } as AppConfig, { now: () => now } as Clock);
}

async function seedRosterPhones(m: EntityManager, schoolId: string, phones: (typeof DEMO_ROSTER_PHONES)['a'], hasher: PhoneHasher): Promise<void> {
  const hashes = await hasher.forSchool(m, schoolId);
  for (const p of phones) {
    const student = await m.findOne(StudentEntity, { where: { schoolId, name: p.student } });
    if (!student) continue;
    const hash = hashes.hash(p.phone);
    if (!(await m.findOne(RosterGuardianEntity, { where: { studentId: student.id, phoneHash: hash } }))) {
      await m.save(m.create(RosterGuardianEntity, { schoolId, studentId: student.id, name: p.name, relation: p.relation, phoneHash: hash }));
    }
  }
}

async function seedSchool(m: EntityManager, plan: DemoSchoolPlan, now: Date): Promise<DemoSchoolIds> {
  const district = (await m.findOne(DistrictEntity, { where: { code: plan.district.code } }))
    ?? (await m.save(m.create(DistrictEntity, { name: plan.district.name, code: plan.district.code, createdAt: now })));
  let school = await m.findOne(SchoolEntity, { where: { districtId: district.id, name: plan.school } });
  if (!school) school = await m.save(m.create(SchoolEntity, { districtId: district.id, name: plan.school, settings: null, createdAt: now }));

  const userIds = {} as Record<DemoRole, string>;
  for (const role of Object.keys(plan.people) as DemoRole[]) {
    const openid = demoOpenid(role, plan.key);
    let user = await m.findOne(UserEntity, { where: { openid } });
    if (!user) {
      user = await m.save(m.create(UserEntity, {
        openid, unionid: null, displayName: plan.people[role], wxSessionKey: null, isDemo: true, disabled: false, createdAt: now,
      }));
    }
    userIds[role] = user.id;
    const staffRole = STAFF_ROLE[role];
    if (staffRole) {
      const scope = staffRole === 'district_officer' ? { schoolId: null, districtId: district.id } : { schoolId: school.id, districtId: null };
      const exists = await m.findOne(StaffRoleEntity, { where: { userId: user.id, role: staffRole, ...scope } as any });
      if (!exists) await m.save(m.create(StaffRoleEntity, { userId: user.id, role: staffRole, ...scope, createdAt: now }));
    }
  }
  // The designated contact is a staff user with the contact role; their name and phone are public.
  if (!school.contactUserId) {
    await m.update(SchoolEntity, { id: school.id }, { contactUserId: userIds.contact, contactName: plan.contact.name, contactPhone: plan.contact.phone });
  }

  const classIds: string[] = [];
  for (const g of plan.grades) {
    const grade = (await m.findOne(GradeEntity, { where: { schoolId: school.id, name: g.name } }))
      ?? (await m.save(m.create(GradeEntity, { schoolId: school.id, name: g.name, sort: g.sort })));
    for (const c of g.classes) {
      const cls = (await m.findOne(ClassEntity, { where: { gradeId: grade.id, name: c.name } }))
        ?? (await m.save(m.create(ClassEntity, { schoolId: school.id, gradeId: grade.id, name: c.name })));
      classIds.push(cls.id);
      for (const [i, name] of c.students.entries()) {
        const studentNo = `G${plan.key.toUpperCase()}${g.sort}${c.name.replace(/\D/g, '')}${String(i + 1).padStart(3, '0')}`;
        const exists = await m.findOne(StudentEntity, { where: { schoolId: school.id, studentNo } });
        if (!exists) {
          await m.save(m.create(StudentEntity, {
            schoolId: school.id, classId: cls.id, name, studentNo, gender: i % 2 ? 'F' : 'M', createdAt: now, updatedAt: now,
          }));
        }
      }
      if (!(await m.findOne(InviteCodeEntity, { where: { code: c.inviteCode } }))) {
        await m.save(m.create(InviteCodeEntity, {
          code: c.inviteCode, schoolId: school.id, classId: cls.id, createdBy: userIds.admin, createdAt: now, revokedAt: null,
        }));
      }
    }
  }
  const teacherClassId = classIds[0];
  if (!(await m.findOne(TeacherClassEntity, { where: { userId: userIds.teacher, classId: teacherClassId } }))) {
    await m.save(m.create(TeacherClassEntity, { userId: userIds.teacher, classId: teacherClassId, schoolId: school.id, isHead: true }));
  }
  return { districtId: district.id, schoolId: school.id, classIds, teacherClassId, userIds };
}
