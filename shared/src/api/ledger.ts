import { semesterOf, type CalendarDay, type SchoolYearCalendar, type Semester } from '../semesters';
import { formatDate, fromShanghaiParts } from '../time';

/**
 * The school's anti-bullying work ledger (防治欺凌工作台账): the duties a school must show it did, the activities it
 * recorded (or that Anxin knows of by itself), and each duty's status per semester. The status rule is here, once,
 * for the server (the ledger, the reminders, the district overview, the PDF) and the app.
 */

/** How often a duty falls due. */
export type LedgerFrequency = 'semester' | 'year' | 'class_semester' | 'teacher_3y' | 'standing';
export const LEDGER_FREQUENCIES: LedgerFrequency[] = ['semester', 'year', 'class_semester', 'teacher_3y', 'standing'];
export const LEDGER_FREQUENCY_LABELS: Record<LedgerFrequency, string> = {
  semester: '每学期',
  year: '每学年',
  class_semester: '每班每学期',
  teacher_3y: '每位教师三年内',
  standing: '长期（常设）',
};

/** Where Anxin finds a duty's evidence by itself (the duty's own records are still counted too). */
export type LedgerSource = 'letter' | 'survey' | 'pledge' | 'contact' | 'test_tip';
export const LEDGER_SOURCE_LABELS: Record<LedgerSource, string> = {
  letter: '已发布的致家长的一封信',
  survey: '已发起的防欺凌问卷调查',
  pledge: '学年防欺凌承诺书',
  contact: '已公布的欺凌防治负责人及电话',
  test_tip: '测试举报（举报箱测试）',
};

export type LedgerStatus = 'done' | 'partly' | 'due' | 'overdue';
export const LEDGER_STATUSES: LedgerStatus[] = ['done', 'partly', 'due', 'overdue'];
export const LEDGER_STATUS_LABELS: Record<LedgerStatus, string> = { done: '已完成', partly: '部分完成', due: '待完成', overdue: '已逾期' };

/** Who an activity was for. */
export type LedgerAudience = 'school' | 'classes' | 'staff';
export const LEDGER_AUDIENCE_LABELS: Record<LedgerAudience, string> = { school: '全校', classes: '班级', staff: '教职工' };

export const LEDGER_LIMITS = {
  /** A duty's key: a default's name, or `custom-` and a UUID. */
  dutyKeyMax: 48,
  dutyNameMax: 40,
  appliesToMax: 60,
  evidenceMax: 200,
  leaderMax: 40,
  descriptionMax: 500,
  attendanceMax: 100_000,
  classesMax: 200,
  /** Photos per activity (each re-encoded without EXIF). */
  photosMax: 9,
  /** PDF files per activity. */
  pdfsMax: 5,
  /** Bytes of one uploaded photo or PDF. */
  fileBytesMax: 8 * 1024 * 1024,
  /** Duties a district may add to the defaults. */
  customDutiesMax: 30,
  /** Days before a duty falls due that its reminder goes out. */
  remindDays: 14,
  /** Days a standing duty has, from the first day of the semester, to be in place. */
  standingDays: 30,
  /** Years a teacher's training counts for. */
  trainingYears: 3,
  /** Days an inspection export is kept; the newest this many are listed. */
  exportKeepDays: 7,
  exportListMax: 10,
} as const;

/** A duty of the catalogue: the defaults below, as the district changed them, and the district's own. */
export interface LedgerDuty {
  /** Stable: a default's own key (`class_meeting`), or `custom-<uuid>` for a district's own duty. */
  key: string;
  name: string;
  frequency: LedgerFrequency;
  /** Who it applies to (适用对象), as the policy says it. */
  appliesTo: string;
  /** What evidence proves it (佐证材料). */
  evidence: string;
  /** Where Anxin finds evidence by itself, or null. */
  source: LedgerSource | null;
  retired: boolean;
  /** The district's own (not a default). */
  custom: boolean;
}

/** The catalogue every school starts with, written for this project from the policy's usual duties. */
export const DEFAULT_LEDGER_DUTIES: readonly LedgerDuty[] = [
  { key: 'screening', name: '学生欺凌排查', frequency: 'semester', appliesTo: '全体学生', evidence: '排查记录或问卷调查结果、发现问题的处理情况', source: 'survey', retired: false, custom: false },
  { key: 'legal_lecture', name: '法治副校长法治教育讲座', frequency: 'semester', appliesTo: '全体学生', evidence: '讲座照片、签到表、讲稿或课件', source: null, retired: false, custom: false },
  { key: 'class_meeting', name: '防欺凌主题班会', frequency: 'class_semester', appliesTo: '每个班级（班主任负责）', evidence: '班会照片、教案或记录', source: null, retired: false, custom: false },
  { key: 'staff_training', name: '教职工防欺凌专题培训', frequency: 'teacher_3y', appliesTo: '全体教师（三年内至少一次）', evidence: '培训通知、签到表、照片或证书', source: null, retired: false, custom: false },
  { key: 'mental_health', name: '心理健康教育', frequency: 'semester', appliesTo: '全体学生', evidence: '课程或活动照片、教案、记录', source: null, retired: false, custom: false },
  { key: 'letter_home', name: '致家长的一封信', frequency: 'semester', appliesTo: '全体家长', evidence: '发布的信件及家长阅读回执', source: 'letter', retired: false, custom: false },
  { key: 'pledge', name: '防欺凌承诺书', frequency: 'year', appliesTo: '学生及家长', evidence: '承诺书签署情况', source: 'pledge', retired: false, custom: false },
  { key: 'contact_published', name: '公布欺凌防治负责人及举报电话', frequency: 'standing', appliesTo: '全校', evidence: '负责人姓名和电话已公布', source: 'contact', retired: false, custom: false },
  { key: 'tipbox_test', name: '举报渠道测试', frequency: 'standing', appliesTo: '全校', evidence: '测试举报的发送和受理记录', source: 'test_tip', retired: false, custom: false },
];

/** The span a duty's evidence must fall in for a semester, and when it falls due. */
export interface LedgerWindow {
  /** Evidence dated in [from, until) counts. */
  from: Date;
  until: Date;
  /** Not complete by then: overdue. */
  dueAt: Date;
}

const DAY_MS = 86_400_000;

function shanghaiDayStart(day: CalendarDay): Date {
  const [year, month, d] = day.split('-').map(Number);
  return fromShanghaiParts({ year, month, day: d });
}

/**
 * The window of a duty of `frequency` in semester `s` (calendar: the district's school years):
 * - semester, class_semester: the semester's counting window; due when it ends (00:00 after its last day);
 * - year: the school year's (both semesters' windows); due when the second semester ends;
 * - teacher_3y: the three years before the semester ends; due when the semester ends;
 * - standing: any time before the semester ends; due LEDGER_LIMITS.standingDays days after the semester's first day
 *   (or when the semester ends, if sooner).
 */
export function ledgerWindow(calendar: readonly SchoolYearCalendar[], s: Semester, frequency: LedgerFrequency): LedgerWindow {
  switch (frequency) {
    case 'year': {
      const first = semesterOf(calendar, s.schoolYear, 1);
      const second = semesterOf(calendar, s.schoolYear, 2);
      return { from: first.from, until: second.until, dueAt: second.until };
    }
    case 'teacher_3y': {
      const from = new Date(s.until.getTime());
      from.setUTCFullYear(from.getUTCFullYear() - LEDGER_LIMITS.trainingYears);
      return { from, until: s.until, dueAt: s.until };
    }
    case 'standing': {
      const due = shanghaiDayStart(s.startsOn).getTime() + LEDGER_LIMITS.standingDays * DAY_MS;
      return { from: new Date(0), until: s.until, dueAt: new Date(Math.min(due, s.until.getTime())) };
    }
    default:
      return { from: s.from, until: s.until, dueAt: s.until };
  }
}

/**
 * A duty's status. `required`: how many things must be covered (1 for a duty of the school; the classes for
 * class_semester; the teachers for teacher_3y); `covered`: how many are (evidence in the window).
 * - done: every required thing is covered (also when nothing is required: a school without classes or teachers);
 * - overdue: not done, and `now` is at or after `dueAt`;
 * - partly: not done, not overdue, and at least one thing is covered;
 * - due: nothing covered yet, not overdue.
 */
export function ledgerStatus(required: number, covered: number, dueAt: Date | string, now: Date | string): LedgerStatus {
  if (covered >= required) return 'done';
  const due = (dueAt instanceof Date ? dueAt : new Date(dueAt)).getTime();
  const at = (now instanceof Date ? now : new Date(now)).getTime();
  if (at >= due) return 'overdue';
  return covered > 0 ? 'partly' : 'due';
}

/** When a duty's reminder goes out: LEDGER_LIMITS.remindDays before it falls due. */
export function ledgerRemindAt(dueAt: Date): Date {
  return new Date(dueAt.getTime() - LEDGER_LIMITS.remindDays * DAY_MS);
}

/** The last day a duty may be done (the day before `dueAt`, Shanghai). */
export function ledgerDueOn(dueAt: Date | string): CalendarDay {
  return formatDate(new Date((dueAt instanceof Date ? dueAt : new Date(dueAt)).getTime() - 1));
}

// --- API -------------------------------------------------------------------------------------------------------

export interface LedgerFileRef {
  id: string;
  kind: 'photo' | 'pdf';
  /** Made by the server (`照片1.jpg`, `材料1.pdf`). */
  name: string;
  bytes: number;
}

/** One piece of a duty's evidence: an activity recorded in the ledger, or one Anxin found by itself. */
export interface LedgerEvidence {
  /** The ledger activity's id; null for automatic evidence. */
  activityId: string | null;
  /** Automatic evidence: where it came from. */
  source: LedgerSource | null;
  /** The day it happened (Shanghai). */
  heldOn: CalendarDay;
  title: string;
  description: string;
  leader: string;
  audience: LedgerAudience;
  attendance: number | null;
  classNames: string[];
  /** A training record: the teacher it is for. */
  teacherName: string | null;
  /** Who recorded it (null for automatic evidence). */
  recordedBy: string | null;
  /** When it was recorded: the row's real creation time (ISO). */
  recordedAt: string;
  updatedAt: string | null;
  files: LedgerFileRef[];
  /** The app page of the record it came from (automatic evidence), e.g. `/subpackages/staff-notices/stats/index?id=…`. */
  link: string | null;
  /** The caller may edit it and add files. */
  editable: boolean;
}

export interface LedgerDutyRow {
  key: string;
  name: string;
  frequency: LedgerFrequency;
  appliesTo: string;
  evidenceText: string;
  source: LedgerSource | null;
  status: LedgerStatus;
  required: number;
  covered: number;
  /** ISO: not complete by then, overdue. */
  dueAt: string;
  /** The last day (Shanghai). */
  dueOn: CalendarDay;
  /** Class or teacher names not covered yet (class_semester, teacher_3y). */
  missing: string[];
  evidence: LedgerEvidence[];
}

export interface LedgerSemesterOption {
  key: string;
  label: string;
}

export interface LedgerChoice {
  id: string;
  name: string;
}

export interface LedgerResponse {
  schoolId: string;
  schoolName: string;
  semester: string;
  semesterLabel: string;
  semesters: LedgerSemesterOption[];
  counts: Record<LedgerStatus, number>;
  duties: LedgerDutyRow[];
  /** Classes the caller may record a class activity for. */
  classes: LedgerChoice[];
  /** Teachers the caller may record a training for (a teacher: themself). */
  teachers: LedgerChoice[];
  /** The caller may record any duty of the school (else only class meetings of their classes and their own training). */
  recordsAll: boolean;
  canExport: boolean;
}

export interface CreateLedgerActivityRequest {
  dutyKey: string;
  heldOn: CalendarDay;
  leader: string;
  audience: LedgerAudience;
  /** audience 'classes': the classes (at least one). */
  classIds?: string[];
  /** A training (teacher_3y duty): the teacher it is for. */
  teacherUserId?: string;
  attendance: number;
  description: string;
}

export interface UpdateLedgerActivityRequest {
  heldOn?: CalendarDay;
  leader?: string;
  attendance?: number;
  description?: string;
}

export interface LedgerActivity {
  id: string;
  schoolId: string;
  dutyKey: string;
  heldOn: CalendarDay;
  leader: string;
  audience: LedgerAudience;
  classIds: string[];
  teacherUserId: string | null;
  attendance: number;
  description: string;
  files: LedgerFileRef[];
  createdAt: string;
  updatedAt: string | null;
}

export interface LedgerSchoolSummary {
  schoolId: string;
  schoolName: string;
  counts: Record<LedgerStatus, number>;
  /** Duty key → status. */
  statuses: Record<string, LedgerStatus>;
}

/** The district's side-by-side view: counts and statuses only. */
export interface LedgerDistrictResponse {
  districtId: string;
  semester: string;
  semesterLabel: string;
  semesters: LedgerSemesterOption[];
  duties: { key: string; name: string }[];
  schools: LedgerSchoolSummary[];
}

export interface LedgerCatalogueResponse {
  duties: LedgerDuty[];
}

/** A district changes a duty (`key` given) or adds its own (`key` left out). */
export interface PutLedgerDutyRequest {
  key?: string;
  name: string;
  frequency: LedgerFrequency;
  appliesTo: string;
  evidence: string;
  retired: boolean;
}

export type LedgerExportStatus = 'queued' | 'running' | 'ready' | 'failed';
export const LEDGER_EXPORT_STATUS_LABELS: Record<LedgerExportStatus, string> = { queued: '排队中', running: '生成中', ready: '可下载', failed: '生成失败' };

export interface LedgerExport {
  id: string;
  schoolId: string;
  semester: string;
  semesterLabel: string;
  status: LedgerExportStatus;
  progress: number;
  createdAt: string;
  expiresAt: string;
}

export interface CreateLedgerExportRequest {
  semester?: string;
}

export interface LedgerExportListResponse {
  items: LedgerExport[];
}
