import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import type { NoticeBody, NoticeQuestion, Relation } from '@anxin/shared';
import { BindingEntity } from '../bindings/binding.entity';
import type { DemoSchoolIds } from '../demo/demo-seed';
import { districtCalendar } from '../calendar/district-calendar';
import { UserEntity } from '../identity/user.entity';
import { ClassEntity } from '../tenancy/class.entity';
import { GradeEntity } from '../tenancy/grade.entity';
import { StudentEntity } from '../tenancy/student.entity';
import { noticeContentHash } from './notice-audience';
import { NoticeClassEntity } from './notice-class.entity';
import { recountNoticeCounts, tallyOf } from './notice-counts';
import { publishKey } from './notice-messages';
import { encodeChoices } from './notice-answers';
import { NoticeReceiptStudentEntity } from './notice-receipt-student.entity';
import { NoticeReceiptEntity } from './notice-receipt.entity';
import { receiptDay, termStart } from './notice-times';
import { NoticeEntity } from './notice.entity';

const HOUR = 3600_000;

export const DEMO_LETTER_TITLE = '致家长的一封信：携手预防校园欺凌';

const BODY: NoticeBody = {
  version: 1,
  blocks: [
    { type: 'paragraph', spans: [{ text: '尊敬的家长：' }] },
    {
      type: 'paragraph',
      spans: [
        { text: '您好！为了让每个孩子都能在安全、友善的环境中学习和成长，学校正在开展防范学生欺凌工作。欺凌不是“孩子间的打闹”，' },
        { text: '它会给孩子留下长久的伤害', bold: true },
        { text: '。请您和我们一起，多留意、多沟通。' },
      ],
    },
    { type: 'heading', text: '请留意孩子的这些变化' },
    {
      type: 'bulleted',
      items: [
        [{ text: '不愿上学，或上学前常说身体不舒服' }],
        [{ text: '文具、衣物经常损坏或丢失，零花钱不明原因地变少' }],
        [{ text: '情绪低落、睡不好，回避谈论学校和同学' }],
        [{ text: '身上有说不清来历的瘀青或伤痕' }],
      ],
    },
    { type: 'heading', text: '如果孩子遇到了欺凌' },
    {
      type: 'numbered',
      items: [
        [{ text: '耐心倾听，相信孩子，不责备，也不要让孩子“自己忍着”' }],
        [{ text: '及时联系班主任或学校欺凌防治负责人' }],
        [{ text: '也可以在本小程序的' }, { text: '倾诉信箱', link: 'pages/tips/index', bold: true }, { text: '反映情况，不必留下姓名' }],
      ],
    },
    { type: 'paragraph', spans: [{ text: '孩子的成长需要家校共同守护。感谢您的理解与支持！' }] },
  ],
};

const QUESTION: NoticeQuestion = { kind: 'single', prompt: '您是否已和孩子聊过“遇到欺凌怎么办”？', options: ['已经聊过', '还没有，近期会聊'] };

/** Guardians of 三年级 who got the letter, and what each has done with it (hours after it was published). */
const GUARDIANS: { name: string; student: string; relation: Relation; readAfter?: number; confirmed?: { after: number; choice: number } }[] = [
  { name: '李先生', student: '李雨涵', relation: 'father', readAfter: 1, confirmed: { after: 1, choice: 0 } },
  { name: '张女士', student: '张子轩', relation: 'mother', readAfter: 18 },
  { name: '赵先生', student: '赵一诺', relation: 'father' },
  { name: '周女士', student: '周欣怡', relation: 'mother', readAfter: 28, confirmed: { after: 28, choice: 1 } },
  { name: '吴先生', student: '吴宇航', relation: 'father' },
];

/**
 * The demo school's sample letter home, already sent to the guardians of 三年级 two days ago: some have read and
 * confirmed it, some only read it, some not yet. The demo guardian who binds to 王小明 (invite code DEMO3A01) joins
 * it late and finds it in their list. Seeded rows only, like the rest of the demo: no messages, no audit entries.
 * Runs once per school (a second run finds the letter and changes nothing).
 */
export async function seedDemoNotices(m: EntityManager, school: DemoSchoolIds, now: Date): Promise<void> {
  if (await m.findOne(NoticeEntity, { where: { schoolId: school.schoolId, title: DEMO_LETTER_TITLE } })) return;
  const grade = await m.findOne(GradeEntity, { where: { schoolId: school.schoolId, name: '三年级' } });
  if (!grade) return;
  const gradeClasses = (await m.find(ClassEntity, { where: { schoolId: school.schoolId, gradeId: grade.id } })).map((c) => c.id);
  const students = await m.find(StudentEntity, { where: { schoolId: school.schoolId, classId: In(gradeClasses), name: In(GUARDIANS.map((g) => g.student)) } });
  const calendar = await districtCalendar(m, school.districtId);
  const publishedAt = new Date(Math.max(now.getTime() - 48 * HOUR, termStart(now, calendar).getTime()));
  const at = (hours: number) => new Date(Math.min(publishedAt.getTime() + hours * HOUR, now.getTime()));
  const notice = m.create(NoticeEntity, {
    id: randomUUID(), schoolId: school.schoolId, kind: 'letter', title: DEMO_LETTER_TITLE, body: BODY, confirmMode: 'confirm', question: QUESTION,
    confirmDeadline: null, audienceScope: 'grades', audienceIds: [grade.id], status: 'published', version: 1,
    contentHash: noticeContentHash({ title: DEMO_LETTER_TITLE, body: BODY, question: QUESTION }), contentCheck: 'pass', contentCheckLabel: 100,
    createdBy: school.userIds.principal, createdAt: new Date(publishedAt.getTime() - HOUR), updatedAt: new Date(publishedAt.getTime() - HOUR),
    scheduledAt: null, publishedBy: school.userIds.principal, publishedAt, closedAt: null, recalledAt: null, recalledBy: null, recallReason: null,
    fanoutTotal: 0, fanoutCursor: '', fanoutDoneAt: publishedAt, joinsScannedUntil: now,
  });
  await m.insert(NoticeEntity, notice);
  for (const classId of gradeClasses) await m.insert(NoticeClassEntity, { noticeId: notice.id, classId, schoolId: school.schoolId });
  let sent = 0;
  for (const [i, g] of GUARDIANS.entries()) {
    const student = students.find((s) => s.name === g.student);
    if (!student) continue;
    const openid = `demo:letter-parent:${i + 1}`;
    const user = (await m.findOne(UserEntity, { where: { openid } }))
      ?? (await m.save(m.create(UserEntity, { openid, unionid: null, displayName: g.name, wxSessionKey: null, isDemo: true, disabled: false, createdAt: now })));
    if (!(await m.findOne(BindingEntity, { where: { guardianUserId: user.id, studentId: student.id } }))) {
      await m.save(m.create(BindingEntity, {
        guardianUserId: user.id, studentId: student.id, classId: student.classId, schoolId: school.schoolId, relation: g.relation, status: 'approved',
        autoApproved: false, decidedBy: school.userIds.teacher, decidedAt: new Date(publishedAt.getTime() - 24 * HOUR), rejectReason: null,
        createdAt: new Date(publishedAt.getTime() - 26 * HOUR),
      }));
    }
    const readOn = g.readAfter !== undefined ? receiptDay(at(g.readAfter)) : null;
    const confirmedOn = g.confirmed ? receiptDay(at(g.confirmed.after)) : null;
    const receipt = {
      id: randomUUID(), noticeId: notice.id, schoolId: school.schoolId, guardianUserId: user.id, contentHash: notice.contentHash,
      messageKey: publishKey(notice.id, user.id), createdAt: publishedAt, readOn, confirmedOn, signedOn: null, answeredOn: confirmedOn,
      answerChoices: g.confirmed ? encodeChoices([g.confirmed.choice]) : null, answerTextEnc: null, acknowledgedOn: confirmedOn,
      delivered: readOn !== null,
    };
    // Counted as done (the counts below are recounted from these bits).
    await m.insert(NoticeReceiptEntity, { ...receipt, tallied: tallyOf(receipt as NoticeReceiptEntity) });
    await m.insert(NoticeReceiptStudentEntity, { receiptId: receipt.id, studentId: student.id, noticeId: notice.id, classId: student.classId, relation: g.relation });
    sent++;
  }
  await m.update(NoticeEntity, { id: notice.id }, { fanoutTotal: sent });
  await recountNoticeCounts(m, notice.id, 'all', true);
}
