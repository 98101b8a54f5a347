import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { formatDate, SchoolRole, schoolYearLabel, type SetupItem } from '@anxin/shared';
import { Clock } from '../../platform/common/clock/clock';
import { iso } from '../../platform/database/dates';
import { SubscriptionCredits, TIP_ALERT_KIND } from '../../platform/subscriptions/subscription-credits.service';
import { ClassEntity } from '../tenancy/class.entity';
import type { SchoolEntity } from '../tenancy/school.entity';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { StudentEntity } from '../tenancy/student.entity';
import { TeacherClassEntity } from '../tenancy/teacher-class.entity';
import { NoticeEntity } from '../notices/notice.entity';
import { PledgeEntity } from '../pledges/pledge.entity';
import { TipEntity } from '../tips/tip.entity';
import { SchoolSetupMarkEntity } from './school-setup-mark.entity';
import { designatedContactIds } from '../tenancy/designated-contact';

export interface SchoolSetup {
  schoolId: string;
  hasAdmin: boolean;
  hasPrincipal: boolean;
  items: SetupItem[];
  done: number;
  total: number;
  complete: boolean;
}

/** Schools looked at per query (IN lists stay short on every engine). */
const CHUNK = 500;

/** How a school's contact appears on its poster: what the poster's mark records and is compared with. */
export function posterContactText(name: string, phone: string): string {
  return `${name} ${phone}`.slice(0, 100);
}

/**
 * The one place that decides whether a school has finished setting up, for its own checklist and for the district
 * console alike. Every fact comes from the records that hold it (the designated contact on the school, roles,
 * students, classes and their teachers, WeChat alert consent, the poster's download mark, the first letter home
 * published, the test tips and who acknowledged them, this school year's pledge), read for many schools in a few grouped
 * queries. A row for a feature that does not exist yet would be shown as `coming_soon` and never counted.
 */
@Injectable()
export class SetupStatus {
  constructor(private readonly credits: SubscriptionCredits, private readonly clock: Clock) {}

  async forSchools(m: EntityManager, schools: SchoolEntity[]): Promise<Map<string, SchoolSetup>> {
    const out = new Map<string, SchoolSetup>();
    for (let i = 0; i < schools.length; i += CHUNK) {
      const chunk = schools.slice(i, i + CHUNK);
      for (const s of await this.chunk(m, chunk)) out.set(s.schoolId, s);
    }
    return out;
  }

  private async chunk(m: EntityManager, schools: SchoolEntity[]): Promise<SchoolSetup[]> {
    if (!schools.length) return [];
    const ids = schools.map((s) => s.id);
    // The school year of today in Shanghai (from 1 August a new one starts), whose pledge the checklist asks for.
    const schoolYear = schoolYearLabel(formatDate(this.clock.now()));
    const [roles, studentCounts, classes, taught, marks, letters, testTips, pledges] = await Promise.all([
      m.find(StaffRoleEntity, {
        where: { schoolId: In(ids), role: In([SchoolRole.ADMIN, SchoolRole.PRINCIPAL, SchoolRole.CONTACT, SchoolRole.COMMITTEE]) },
        select: { schoolId: true, userId: true, role: true },
      }),
      m.createQueryBuilder(StudentEntity, 's').select('s.school_id', 'schoolId').addSelect('COUNT(*)', 'n')
        .where('s.school_id IN (:...ids)', { ids }).groupBy('s.school_id').getRawMany<{ schoolId: string; n: string | number }>(),
      m.find(ClassEntity, { where: { schoolId: In(ids) }, select: { id: true, schoolId: true } }),
      m.createQueryBuilder(TeacherClassEntity, 't').select('DISTINCT t.class_id', 'classId')
        .where('t.school_id IN (:...ids)', { ids }).getRawMany<{ classId: string }>(),
      m.find(SchoolSetupMarkEntity, { where: { schoolId: In(ids) } }),
      // A letter home counts once it has gone out (published, or published and since closed; not a draft, not recalled).
      m.find(NoticeEntity, {
        where: { schoolId: In(ids), kind: 'letter', status: In(['published', 'closed']) },
        select: { schoolId: true, publishedAt: true }, order: { publishedAt: 'ASC' },
      }),
      // 测试举报 (features/tips/test-tips.service.ts): few per school, the newest first.
      m.find(TipEntity, {
        where: { schoolId: In(ids), isTest: true }, select: { id: true, schoolId: true, status: true, acknowledgedAt: true, acknowledgedBy: true },
        order: { submittedAt: 'DESC' },
      }),
      m.find(PledgeEntity, { where: { schoolId: In(ids), schoolYear }, select: { schoolId: true, createdAt: true } }),
    ]);
    const pledgeOpened = new Map(pledges.map((p) => [p.schoolId, p.createdAt]));
    const firstLetter = new Map<string, Date>();
    for (const l of letters) if (l.publishedAt && !firstLetter.has(l.schoolId)) firstLetter.set(l.schoolId, l.publishedAt);
    const contactOf = await designatedContactIds(m, schools);
    const reached = await this.credits.canReachMany(m, [...new Set([...contactOf.values()].filter((id): id is string => !!id))], TIP_ALERT_KIND);
    const students = new Map(studentCounts.map((r) => [r.schoolId, Number(r.n)]));
    const taughtIds = new Set(taught.map((r) => r.classId));
    const markOf = new Map(marks.map((r) => [r.schoolId, r]));
    const result: SchoolSetup[] = [];
    for (const school of schools) {
      const held = (role: SchoolRole) => roles.filter((r) => r.schoolId === school.id && r.role === role);
      // The designated contact (tenancy/designated-contact.ts), with the public name and phone filled in.
      const contactId = contactOf.get(school.id) ?? null;
      const contactNamed = !!contactId && !!school.contactName && !!school.contactPhone;
      const reachable = !!contactId && contactNamed && !!reached.get(contactId);
      const hasPrincipal = held(SchoolRole.PRINCIPAL).length > 0;
      const committee = new Set(held(SchoolRole.COMMITTEE).map((r) => r.userId)).size;
      const studentCount = students.get(school.id) ?? 0;
      const schoolClasses = classes.filter((c) => c.schoolId === school.id);
      const untaught = schoolClasses.filter((c) => !taughtIds.has(c.id)).length;
      const mark = markOf.get(school.id);
      // Tested once the designated contact of now acknowledged a test tip: a new contact tests the box again.
      const schoolTests = testTips.filter((t) => t.schoolId === school.id);
      const tested = schoolTests.find((t) => !!contactId && t.acknowledgedBy === contactId && !!t.acknowledgedAt);
      const testWaiting = schoolTests.some((t) => t.status === 'new');
      const posterCurrent = !!mark?.posterDownloadedAt && contactNamed && mark.posterContact === posterContactText(school.contactName!, school.contactPhone!);

      const items: SetupItem[] = [
        {
          key: 'contact', status: contactNamed ? 'done' : 'todo', at: null,
          detail: contactNamed ? `${school.contactName} · ${school.contactPhone}`
            : hasPrincipal ? '由校长在「学校设置」中指定，并填写公开电话' : '学校还没有校长：请教育局邀请校长，再由校长指定负责人',
        },
        {
          key: 'contact_alerts', status: reachable ? 'done' : 'todo', at: null,
          detail: reachable ? '有新举报时负责人会收到微信提醒'
            : contactNamed ? '请负责人在「工作台」点「开启新举报提醒」，否则新举报只进站内消息' : '先指定负责人',
        },
        {
          key: 'committee', status: committee > 0 ? 'done' : 'todo', at: null,
          detail: committee > 0 ? `已有 ${committee} 位委员` : '由校长在「教职工邀请」中邀请委员',
        },
        {
          key: 'roster', status: studentCount > 0 ? 'done' : 'todo', at: null,
          detail: studentCount > 0 ? `已导入 ${studentCount} 名学生` : '在「花名册导入」上传学校的学生名单（Excel）',
        },
        {
          key: 'class_teachers', status: schoolClasses.length > 0 && untaught === 0 ? 'done' : 'todo', at: null,
          detail: schoolClasses.length === 0 ? '导入花名册后会建立班级，再邀请各班教师'
            : untaught === 0 ? `${schoolClasses.length} 个班级都已有教师` : `${schoolClasses.length} 个班级中还有 ${untaught} 个没有教师，请在「教职工邀请」中邀请`,
        },
        {
          key: 'poster', status: posterCurrent ? 'done' : 'todo', at: iso(mark?.posterDownloadedAt),
          detail: posterCurrent ? '已下载打印，请张贴在校园显眼处'
            : mark?.posterDownloadedAt ? '海报上的负责人或电话已更换，请重新下载打印' : contactNamed ? '在「学校设置」下载海报（A4）打印张贴' : '指定负责人后才能打印海报',
        },
        {
          key: 'letter_home', status: firstLetter.has(school.id) ? 'done' : 'todo', at: iso(firstLetter.get(school.id) ?? null),
          detail: firstLetter.has(school.id) ? '已向家长发出致家长的一封信' : '在「通知与家长信」写一封致家长的一封信并发布',
        },
        {
          key: 'tip_test', status: tested ? 'done' : 'todo', at: iso(tested?.acknowledgedAt ?? null),
          detail: tested ? `${formatDate(tested.acknowledgedAt!)} 负责人已受理测试举报，倾诉信箱畅通`
            : testWaiting ? '测试举报已发出，等负责人在倾诉信箱中受理'
            : contactNamed ? '发一条测试举报，负责人受理后即完成' : '指定负责人后才能测试',
        },
        {
          key: 'pledge', status: pledgeOpened.has(school.id) ? 'done' : 'todo', at: iso(pledgeOpened.get(school.id) ?? null),
          detail: pledgeOpened.has(school.id) ? `已开启 ${schoolYear} 学年的承诺书` : `在「防范欺凌承诺书」开启 ${schoolYear} 学年的承诺书`,
        },
      ];
      const counted = items.filter((x) => x.status !== 'coming_soon');
      const done = counted.filter((x) => x.status === 'done').length;
      result.push({
        schoolId: school.id, hasAdmin: held(SchoolRole.ADMIN).length > 0, hasPrincipal, items, done, total: counted.length, complete: done === counted.length,
      });
    }
    return result;
  }
}
