import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import sharp from 'sharp';
import { DEFAULT_LEDGER_DUTIES, formatDate, previousSemester, semesterAt, type LedgerAudience, type Semester } from '@anxin/shared';
import { schoolCalendar } from '../calendar/district-calendar';
import type { DemoSchoolIds } from '../demo/demo-seed';
import { LedgerActivityEntity } from './ledger-activity.entity';
import { ledgerClasses, ledgerTeachers } from './ledger-compute';
import { shanghaiDayStart } from './ledger-days';
import { LedgerFileEntity } from './ledger-file.entity';
import { ledgerFileName } from './ledger-files';

const DAY_MS = 86_400_000;

interface Plan {
  dutyKey: string;
  /** Days after the semester's counting window opens. */
  day: number;
  leader: string;
  audience: LedgerAudience;
  classIds?: string[];
  teacherUserId?: string;
  attendance: number;
  description: string;
  photos?: number;
}

/** A plain photo-sized JPEG of one colour (a stand-in for a classroom photo; no metadata). */
function demoPhoto(i: number): Promise<Buffer> {
  const colours = [{ r: 196, g: 221, b: 210 }, { r: 230, g: 214, b: 180 }, { r: 200, g: 210, b: 235 }];
  return sharp({ create: { width: 640, height: 480, channels: 3, background: colours[i % colours.length] } }).jpeg({ quality: 80 }).toBuffer();
}

/**
 * The demo school's ledger: last semester complete (every duty recorded by hand, every class's meeting, every
 * teacher's training, with photos), and this semester about half done (the legal lecture, and the class meeting of
 * one class that is not the demo teacher's; the letter home, the survey and the pledge come from those features' own
 * demo rows). Seeded rows only, like the rest of the demo (no audit entries); a record is dated the day after it
 * happened, never after `now`. Runs once per school.
 */
export async function seedDemoLedger(m: EntityManager, school: DemoSchoolIds, now: Date): Promise<void> {
  if (await m.findOne(LedgerActivityEntity, { where: { schoolId: school.schoolId } })) return;
  const calendar = await schoolCalendar(m, school);
  const current = semesterAt(calendar, now);
  const before = previousSemester(calendar, current);
  const classes = await ledgerClasses(m, school.schoolId);
  const teachers = await ledgerTeachers(m, school.schoolId);
  const principal = school.userIds.principal;
  const contact = school.userIds.contact;

  const full: Plan[] = [
    { dutyKey: 'screening', day: 20, leader: '张静', audience: 'school', attendance: classes.length * 40, description: '各班开展学生欺凌排查，逐班访谈并填写排查记录表，未发现欺凌事件。', photos: 1 },
    { dutyKey: 'legal_lecture', day: 30, leader: '李警官（法治副校长）', audience: 'school', attendance: 420, description: '法治副校长为全校学生作“预防校园欺凌，做守法好少年”专题讲座。', photos: 2 },
    ...classes.map((c, i): Plan => ({
      dutyKey: 'class_meeting', day: 35 + i, leader: '班主任', audience: 'classes', classIds: [c.id], attendance: 40,
      description: `${c.name}召开“拒绝欺凌，友善同行”主题班会，学生分组讨论并签署班级公约。`, photos: i === 0 ? 1 : 0,
    })),
    ...teachers.map((t): Plan => ({
      dutyKey: 'staff_training', day: 15, leader: '区教师发展中心', audience: 'staff', teacherUserId: t.id, attendance: 1,
      description: '参加区级“学生欺凌防治与处置”专题培训（4 学时）。',
    })),
    { dutyKey: 'mental_health', day: 45, leader: '心理教师 王老师', audience: 'school', attendance: 400, description: '开展心理健康教育周活动：心理班会、团体辅导和心理咨询开放日。', photos: 1 },
    { dutyKey: 'letter_home', day: 10, leader: '校长', audience: 'school', attendance: 400, description: '向全体家长发放纸质《致家长的一封信》，回收家长回执。' },
    { dutyKey: 'pledge', day: 12, leader: '校长', audience: 'school', attendance: 400, description: '组织学生和家长签署防欺凌承诺书，纸质承诺书存档。' },
    { dutyKey: 'contact_published', day: 3, leader: '校长', audience: 'school', attendance: 0, description: '在校门口公示栏和学校网站公布欺凌防治负责人及举报电话。', photos: 1 },
    { dutyKey: 'tipbox_test', day: 8, leader: '张静', audience: 'school', attendance: 0, description: '测试校园举报箱和举报电话，负责人当天受理。' },
  ];
  const half: Plan[] = [
    { dutyKey: 'legal_lecture', day: 6, leader: '李警官（法治副校长）', audience: 'school', attendance: 410, description: '开学第一课：法治副校长讲解校园欺凌的界定和求助方式。', photos: 1 },
    ...classes.filter((c) => c.id !== school.teacherClassId).slice(-1).map((c): Plan => ({
      dutyKey: 'class_meeting', day: 8, leader: '班主任', audience: 'classes', classIds: [c.id], attendance: 38,
      description: `${c.name}召开防欺凌主题班会，观看教育短片并讨论。`, photos: 1,
    })),
  ];
  let photoNo = 0;
  for (const [semester, plans] of [[before, full], [current, half]] as [Semester, Plan[]][]) {
    for (const p of plans) {
      if (!DEFAULT_LEDGER_DUTIES.some((d) => d.key === p.dutyKey)) continue;
      const happened = new Date(Math.min(semester.from.getTime() + p.day * DAY_MS, now.getTime()));
      const heldOn = formatDate(happened);
      const createdAt = new Date(Math.min(shanghaiDayStart(heldOn).getTime() + DAY_MS + 18 * 3_600_000, now.getTime()));
      const createdBy = p.dutyKey === 'class_meeting' && p.classIds?.[0] === school.teacherClassId ? school.userIds.teacher : p.dutyKey === 'screening' ? contact : principal;
      const id = randomUUID();
      await m.insert(LedgerActivityEntity, {
        id, schoolId: school.schoolId, dutyKey: p.dutyKey, heldOn, heldAt: shanghaiDayStart(heldOn), leader: p.leader, audience: p.audience,
        classIds: p.classIds ?? [], teacherUserId: p.teacherUserId ?? null, attendance: p.attendance, description: p.description, createdBy, createdAt, updatedAt: null,
      });
      for (let n = 1; n <= (p.photos ?? 0); n++) {
        const data = await demoPhoto(photoNo++);
        await m.insert(LedgerFileEntity, {
          id: randomUUID(), activityId: id, schoolId: school.schoolId, kind: 'photo', name: ledgerFileName('photo', n), mime: 'image/jpeg', bytes: data.length, data,
          createdBy, createdAt,
        });
      }
    }
  }
}
