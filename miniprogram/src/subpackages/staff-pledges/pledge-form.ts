import {
  PLEDGE_LIMITS, PLEDGE_STUDENT_FROM_GRADE_DEFAULT, formatDate, normalizePledgeText, pledgeTextHash, schoolYearLabel,
  type NewPledgeVersionRequest, type OpenPledgeRequest, type PledgeText, type PledgeTextPart,
} from '@anxin/shared';

/**
 * The staff's pledge form, apart from the page so it can be tested: opening the year's pledge (the text from the
 * default, editable part by part; grades; deadline; from which grade the child signs; whether every guardian signs)
 * or publishing a new version of it (the text and a change note). It says what is missing before anything is sent.
 */
export interface PledgeForm {
  mode: 'open' | 'version';
  schoolYear: string;
  text: Required<PledgeText>;
  /** Grade numbers; empty: the whole school. */
  grades: number[];
  deadline: string;
  studentFromGrade: number;
  requireAllGuardians: boolean;
  changeNote: string;
  /** The current version's hash (mode 'version'): the same text again is no new version. */
  currentHash: string | null;
}

export type PledgeFormErrors = Partial<Record<PledgeTextPart | 'deadline' | 'changeNote' | 'schoolYear', string>>;

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

/** Today in Asia/Shanghai. */
export const shanghaiToday = (now: Date = new Date()) => formatDate(now);

/** The school years a pledge may be opened for: this one and the next (schools prepare in summer). */
export function schoolYearChoices(today: string): string[] {
  const current = schoolYearLabel(today);
  const start = Number(current.slice(0, 4)) + 1;
  return [current, `${start}-${start + 1}`];
}

export function openForm(template: PledgeText, studentFromGrade: number | undefined, today: string): PledgeForm {
  return {
    mode: 'open',
    schoolYear: schoolYearLabel(today),
    text: { school: template.school, guardian: template.guardian, student: template.student, studentYoung: template.studentYoung ?? '' },
    grades: [],
    deadline: addDays(today, 30),
    studentFromGrade: studentFromGrade ?? PLEDGE_STUDENT_FROM_GRADE_DEFAULT,
    requireAllGuardians: false,
    changeNote: '',
    currentHash: null,
  };
}

/** A new version starts from the current text; the audience and deadline stay as they are (not part of this form). */
export function versionForm(current: PledgeText, currentHash: string): PledgeForm {
  return {
    mode: 'version',
    schoolYear: '',
    text: { school: current.school, guardian: current.guardian, student: current.student, studentYoung: current.studentYoung ?? '' },
    grades: [],
    deadline: '',
    studentFromGrade: PLEDGE_STUDENT_FROM_GRADE_DEFAULT,
    requireAllGuardians: false,
    changeNote: '',
    currentHash,
  };
}

export const PART_MAX: Record<PledgeTextPart, number> = {
  school: PLEDGE_LIMITS.partMax,
  guardian: PLEDGE_LIMITS.partMax,
  student: PLEDGE_LIMITS.partMax,
  studentYoung: PLEDGE_LIMITS.studentYoungMax,
};

export function toggleGrade(grades: number[], n: number): number[] {
  return grades.includes(n) ? grades.filter((g) => g !== n) : [...grades, n].sort((a, b) => a - b);
}

/** What is wrong with the form, field by field (empty when it may be sent). */
export function validatePledgeForm(f: PledgeForm, today: string): PledgeFormErrors {
  const e: PledgeFormErrors = {};
  const label: Record<PledgeTextPart, string> = { school: '学校承诺', guardian: '家长承诺', student: '学生承诺', studentYoung: '低年级学生承诺' };
  for (const part of ['school', 'guardian', 'student', 'studentYoung'] as const) {
    const text = f.text[part].trim();
    if (!text && part !== 'studentYoung') e[part] = `请填写${label[part]}`;
    else if (Array.from(text).length > PART_MAX[part]) e[part] = `${label[part]}最多 ${PART_MAX[part]} 字`;
  }
  if (f.mode === 'open') {
    if (!schoolYearChoices(today).includes(f.schoolYear)) e.schoolYear = '请选择学年';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.deadline)) e.deadline = '请选择截止日期';
    else if (f.deadline < today) e.deadline = '截止日期不能早于今天';
    else if (f.deadline > addDays(today, PLEDGE_LIMITS.deadlineDaysMax)) e.deadline = `截止日期最多在 ${PLEDGE_LIMITS.deadlineDaysMax} 天之后`;
  } else {
    const note = f.changeNote.trim();
    if (!note) e.changeNote = '请写明改了什么（家长重新签署前会看到）';
    else if (Array.from(note).length > PLEDGE_LIMITS.changeNoteMax) e.changeNote = `变更说明最多 ${PLEDGE_LIMITS.changeNoteMax} 字`;
    if (f.currentHash && Object.keys(e).length === 0 && pledgeTextHash(textOf(f)) === f.currentHash) e.changeNote = '文字没有改动，不需要发布新版本';
  }
  return e;
}

function textOf(f: PledgeForm): PledgeText {
  return normalizePledgeText({ school: f.text.school, guardian: f.text.guardian, student: f.text.student, studentYoung: f.text.studentYoung });
}

export function toOpenRequest(f: PledgeForm): OpenPledgeRequest {
  return {
    schoolYear: f.schoolYear,
    text: textOf(f),
    ...(f.grades.length ? { grades: f.grades } : {}),
    deadline: f.deadline,
    studentFromGrade: f.studentFromGrade,
    requireAllGuardians: f.requireAllGuardians,
  };
}

export function toVersionRequest(f: PledgeForm): NewPledgeVersionRequest {
  return { text: textOf(f), changeNote: f.changeNote.trim() };
}

/** 「三年级起学生也签名」, as the form and the detail page say it. */
export function studentFromGradeText(n: number): string {
  return n === 0 ? '学生不签名，只由家长签署' : `${n} 年级及以上的学生也签名`;
}
