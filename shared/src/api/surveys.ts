/**
 * Anonymous bullying surveys (问卷调查 · 定期排查): the standard questionnaire, the school's own questions, the answer a
 * child sends with a one-time code, and the report with its small-cell rule. One owner for what is asked and how it is
 * counted: the server validates and tallies with these, the app renders and answers with them.
 */

// ------------------------------------------------------------------ the standard questionnaire

/** The version a class answers: grades 1–3 the short one (read aloud in class), grades 4–12 the full one. */
export type SurveyVersion = 'short' | 'full';
export const SURVEY_VERSIONS: readonly SurveyVersion[] = ['short', 'full'];
/** The highest grade that answers the short version. */
export const SURVEY_SHORT_GRADE_MAX = 3;

/** The version for a grade number (一年级 = 1 … 高三 = 12); a grade whose name is no school year (0) gets the full one. */
export function surveyVersionFor(gradeNumber: number): SurveyVersion {
  return gradeNumber >= 1 && gradeNumber <= SURVEY_SHORT_GRADE_MAX ? 'short' : 'full';
}

export type SurveyQuestionType = 'single' | 'multiple' | 'scale' | 'text';
export const SURVEY_QUESTION_TYPES: readonly SurveyQuestionType[] = ['single', 'multiple', 'scale', 'text'];

/** One question as the app shows it. `options` for single/multiple choice and scale (a scale's options run low to high). */
export interface SurveyQuestion {
  id: string;
  type: SurveyQuestionType;
  text: string;
  options: string[];
  /** For a scale: a face per option, same order. */
  faces?: string[];
  /** A core question (the same every semester, counted in the report) or the school's own. */
  core: boolean;
}

/** The kinds of bullying the survey counts, in the report's order. */
export type SurveyKind = 'hit' | 'names' | 'left_out' | 'property' | 'online';
export const SURVEY_KINDS: readonly SurveyKind[] = ['hit', 'names', 'left_out', 'property', 'online'];
export const SURVEY_KIND_LABELS: Record<SurveyKind, string> = {
  hit: '被打、被推',
  names: '被骂、被取难听的外号、被嘲笑',
  left_out: '被故意冷落、不让一起玩',
  property: '东西被拿走或弄坏',
  online: '在网上被欺负',
};
const KIND_QUESTIONS: Record<SurveyKind, string> = {
  hit: '这个月，有同学打你、推你、踢你吗？',
  names: '这个月，有同学骂你、给你起难听的外号、笑话你吗？',
  left_out: '这个月，有同学故意不理你、不让你和大家一起玩吗？',
  property: '这个月，有同学拿走或弄坏你的东西吗？',
  online: '这个月，有人在网上（微信、QQ、游戏里）说你坏话、发你的照片取笑你吗？',
};

/** How often, index 0–3; anything above 0 counts as having happened. */
export const SURVEY_FREQUENCIES = ['从来没有', '一两次', '每周都有', '几乎每天'] as const;
export const SURVEY_PLACES = ['教室', '走廊', '厕所', '操场', '食堂', '宿舍', '上下学路上', '网上', '其他'] as const;
export const SURVEY_TOLD = ['老师', '家长', '同学', '没有告诉任何人'] as const;
/** The index of 没有告诉任何人 in SURVEY_TOLD. */
export const SURVEY_TOLD_NOBODY = 3;
export const SURVEY_HELPED = ['有帮助', '有一点帮助', '没有帮助'] as const;
export const SURVEY_WITNESSED = ['从来没有', '一两次', '好几次'] as const;
/** How safe at school, 1 (index 0) to 5 (index 4). */
export const SURVEY_SAFETY = ['很不安全', '有点不安全', '一般', '比较安全', '很安全'] as const;
export const SURVEY_SAFETY_FACES = ['😢', '🙁', '😐', '🙂', '😄'] as const;

/** Ids of the core questions. */
export const SURVEY_CORE_IDS = {
  place: 'place', told: 'told', helped: 'helped', witnessed: 'witnessed', safety: 'safety', talk: 'talk',
} as const;
const kindId = (k: SurveyKind) => `kind_${k}`;
export function surveyKindQuestionId(kind: SurveyKind): string {
  return kindId(kind);
}

function kindQuestion(k: SurveyKind): SurveyQuestion {
  return { id: kindId(k), type: 'single', text: KIND_QUESTIONS[k], options: [...SURVEY_FREQUENCIES], core: true };
}
const PLACE: SurveyQuestion = { id: 'place', type: 'multiple', text: '如果有这些事，发生在哪里？（可以选好几个；没有发生过就跳过）', options: [...SURVEY_PLACES], core: true };
const TOLD: SurveyQuestion = { id: 'told', type: 'multiple', text: '如果有这些事，你告诉谁了？（可以选好几个；没有发生过就跳过）', options: [...SURVEY_TOLD], core: true };
const HELPED: SurveyQuestion = { id: 'helped', type: 'single', text: '告诉别人以后，有帮助吗？（没有告诉别人就跳过）', options: [...SURVEY_HELPED], core: true };
const WITNESSED: SurveyQuestion = { id: 'witnessed', type: 'single', text: '这个月，你看到别的同学被欺负了吗？', options: [...SURVEY_WITNESSED], core: true };
const SAFETY: SurveyQuestion = { id: 'safety', type: 'scale', text: '在学校里，你觉得安全吗？', options: [...SURVEY_SAFETY], faces: [...SURVEY_SAFETY_FACES], core: true };

/** The core questions of a version, in the order asked. They cannot be removed: the report compares them across semesters. */
export const SURVEY_CORE_QUESTIONS: Record<SurveyVersion, readonly SurveyQuestion[]> = {
  short: [kindQuestion('hit'), kindQuestion('names'), kindQuestion('left_out'), kindQuestion('property'), PLACE, TOLD, SAFETY],
  full: [...SURVEY_KINDS.map(kindQuestion), PLACE, TOLD, HELPED, WITNESSED, SAFETY],
};

/** The kinds a version asks about. */
export function surveyKindsOf(version: SurveyVersion): SurveyKind[] {
  return SURVEY_KINDS.filter((k) => SURVEY_CORE_QUESTIONS[version].some((q) => q.id === kindId(k)));
}

/** The last screen: a child may ask to talk to a teacher; the app then offers the anonymous tip box. */
export const SURVEY_TALK_LABEL = '我想和老师谈谈';

// ------------------------------------------------------------------ the school's own questions

export const SURVEY_LIMITS = {
  customQuestionsMax: 5,
  questionTextMax: 60,
  optionsMin: 2,
  optionsMax: 8,
  optionTextMax: 20,
  answerTextMax: 200,
  titleMax: 40,
  classesMax: 200,
  /** Codes printed beyond a class's number of students (a lost slip, a child who joined). */
  spareCodesMax: 20,
  spareCodesDefault: 3,
  /** A survey runs at most this many days. */
  windowDaysMax: 60,
  codeLength: 8,
  /** What the code field takes: the 8 characters with a space or dash between groups (dropped before checking). */
  codeInputMax: 12,
  /** Answers in one submission (every question asked at most once). */
  answersMax: 20,
  /** Options any question has (core or own), and so the largest choice index plus one. */
  answerOptionsMax: 12,
  questionIdMax: 20,
} as const;

/** The code alphabet: no 0/O, 1/I/L, so a child can type what the slip says. */
export const SURVEY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const SURVEY_CODE_PATTERN = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/;

/** A code as typed: spaces and dashes dropped, upper case. */
export function normalizeSurveyCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export interface SurveyCustomQuestionInput {
  type: SurveyQuestionType;
  text: string;
  /** Single and multiple choice: 2–8 options. Scale and text: none (a scale runs 1–5). */
  options?: string[];
}

/** The scale of a school's own scale question. */
export const SURVEY_CUSTOM_SCALE = ['1', '2', '3', '4', '5'] as const;

/** The school's own questions as asked (ids `own_1` … `own_5`). */
export function customQuestions(inputs: readonly SurveyCustomQuestionInput[]): SurveyQuestion[] {
  return inputs.map((q, i) => ({
    id: `own_${i + 1}`, type: q.type, text: q.text, core: false,
    options: q.type === 'scale' ? [...SURVEY_CUSTOM_SCALE] : q.type === 'text' ? [] : [...(q.options ?? [])],
  }));
}

/** Why a school's question cannot be asked, or null. */
export function customQuestionProblem(q: SurveyCustomQuestionInput): string | null {
  const choice = q.type === 'single' || q.type === 'multiple';
  const options = q.options ?? [];
  if (!q.text.trim()) return '问题不能为空';
  if (choice && (options.length < SURVEY_LIMITS.optionsMin || options.length > SURVEY_LIMITS.optionsMax)) {
    return `选择题需要 ${SURVEY_LIMITS.optionsMin} 到 ${SURVEY_LIMITS.optionsMax} 个选项`;
  }
  if (!choice && options.length) return '量表题和简答题不设选项';
  if (options.some((o) => !o.trim())) return '选项不能为空';
  if (new Set(options.map((o) => o.trim())).size !== options.length) return '选项不能重复';
  return null;
}

/** Every question a class is asked: the core of its version, then the school's own. */
export function surveyQuestions(version: SurveyVersion, own: readonly SurveyCustomQuestionInput[]): SurveyQuestion[] {
  return [...SURVEY_CORE_QUESTIONS[version], ...customQuestions(own)];
}

// ------------------------------------------------------------------ answering

/** One answer: `choice` for single choice and scale (an option index), `choices` for multiple, `text` for text. */
export interface SurveyAnswerItem {
  questionId: string;
  choice?: number;
  choices?: number[];
  text?: string;
}

/**
 * Why a set of answers does not fit the questions, or null. Every question may be skipped (a child need not answer
 * what they do not want to); an answer must fit its question's type and options, and a question is answered once.
 */
export function surveyAnswersProblem(questions: readonly SurveyQuestion[], answers: readonly SurveyAnswerItem[]): string | null {
  const seen = new Set<string>();
  for (const a of answers) {
    const q = questions.find((x) => x.id === a.questionId);
    if (!q) return '回答了不存在的问题';
    if (seen.has(a.questionId)) return '同一个问题只能回答一次';
    seen.add(a.questionId);
    const inRange = (i: number) => Number.isInteger(i) && i >= 0 && i < q.options.length;
    if (q.type === 'single' || q.type === 'scale') {
      if (a.choice === undefined || a.choices !== undefined || a.text !== undefined || !inRange(a.choice)) return `「${q.text}」的回答不正确`;
    } else if (q.type === 'multiple') {
      if (!a.choices || a.choice !== undefined || a.text !== undefined || !a.choices.length || !a.choices.every(inRange)
        || new Set(a.choices).size !== a.choices.length) return `「${q.text}」的回答不正确`;
    } else if (a.text === undefined || a.choice !== undefined || a.choices !== undefined || a.text.length > SURVEY_LIMITS.answerTextMax) {
      return `「${q.text}」的回答不正确`;
    }
  }
  return null;
}

/** `POST /surveys/codes/check`: what a code opens (nothing about the child). */
export interface SurveyCodeCheckRequest {
  code: string;
  /**
   * The class whose page the teacher opened on this device (问卷进度 → 在本机打开本班答题页): a code of another
   * class is then refused (409 SURVEY_CODE_OTHER_CLASS) and stays unused. Left out on a child's own phone.
   */
  classId?: string;
}
export interface SurveyCodeCheckResponse {
  surveyId: string;
  title: string;
  schoolName: string;
  version: SurveyVersion;
  questions: SurveyQuestion[];
}

/** `POST /surveys/answers`. */
export interface SurveyAnswerRequest {
  code: string;
  /** The survey the code was checked for: a code of another survey is then refused. */
  surveyId?: string;
  /** As in SurveyCodeCheckRequest: the class of the teacher's session on this device; another class's code is refused. */
  classId?: string;
  answers: SurveyAnswerItem[];
  /** 我想和老师谈谈: the app then offers the anonymous tip box. */
  talkToTeacher?: boolean;
}
export interface SurveyAnswerResponse {
  /** Where the app sends a child who asked to talk: the anonymous tip box of the school (nothing identifying is prefilled). */
  tipBox: { schoolId: string } | null;
}

// ------------------------------------------------------------------ the small-cell rule

/** Fewer answers than this in a cell, and the cell is shown as '<5', never the figure. */
export const SURVEY_MIN_CELL = 5;
export const SURVEY_SMALL_CELL = '<5';
export type SurveyCount = number | typeof SURVEY_SMALL_CELL;

/** A count of answers as a report shows it: the number from 5 up, '<5' below (0 included: none is also a small cell). */
export function surveyCell(n: number): SurveyCount {
  return n < SURVEY_MIN_CELL ? SURVEY_SMALL_CELL : n;
}

/** A share `part / whole` (0–1) of a cell, or null when the cell (`whole`) has fewer than 5 answers. */
export function surveyShare(part: number, whole: number): number | null {
  return whole < SURVEY_MIN_CELL ? null : part / whole;
}

/** A mean over a cell, or null when the cell has fewer than 5 values. */
export function surveyMean(values: readonly number[]): number | null {
  return values.length < SURVEY_MIN_CELL ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

/** A class's response rate, answers / students (at most 1), or null when fewer than five answered or it has no students. */
export function surveyRate(answers: number, students: number): number | null {
  return students > 0 && answers >= SURVEY_MIN_CELL ? Math.min(1, answers / students) : null;
}

export function surveyCountText(c: SurveyCount | null | undefined): string {
  return c === null || c === undefined ? '—' : String(c);
}

// ------------------------------------------------------------------ staff: opening and viewing

export interface OpenSurveyRequest {
  title?: string;
  classIds: string[];
  /** ISO instants: the window in which codes work. */
  opensAt: string;
  closesAt: string;
  customQuestions?: SurveyCustomQuestionInput[];
  spareCodes?: number;
  /** Also ask the guardians of these classes the parent questionnaire (SURVEY_PARENT_QUESTIONS); default false. */
  parents?: boolean;
}

export type SurveyStatus = 'scheduled' | 'open' | 'closed';

export interface SurveyClassProgress {
  classId: string;
  className: string;
  gradeName: string;
  version: SurveyVersion;
  students: number;
  codes: number;
  /** Answers so far ('<5' below five). */
  answers: SurveyCount;
  /** answers / students, null below five answers. */
  rate: number | null;
}

export interface SurveySummary {
  id: string;
  title: string;
  semesterKey: string;
  semesterLabel: string;
  status: SurveyStatus;
  opensAt: string;
  closesAt: string;
  /** Whether guardians are asked the parent questionnaire too. */
  parents: boolean;
}

export interface SurveyListResponse {
  items: SurveySummary[];
  canManage: boolean;
}

export interface SurveyDetail extends SurveySummary {
  customQuestions: SurveyQuestion[];
  /** The classes the caller may see (a class teacher: theirs). */
  classes: SurveyClassProgress[];
  canManage: boolean;
  canReadReport: boolean;
}

export interface SurveyCodesResponse {
  surveyId: string;
  title: string;
  classId: string;
  className: string;
  version: SurveyVersion;
  opensAt: string;
  closesAt: string;
  codes: string[];
}

// ------------------------------------------------------------------ the report

export interface SurveyKindFigure {
  kind: SurveyKind;
  /** Share answering more than 从来没有 among those who answered the question; null below five. */
  share: number | null;
}

/** The figures of a group of answers (the school, a grade). */
export interface SurveyFigures {
  responses: SurveyCount;
  kinds: SurveyKindFigure[];
  /** Share of those who said where it happened naming each place (SURVEY_PLACES order). */
  places: (number | null)[];
  /** Of those who answered whom they told: told anyone, and each person (SURVEY_TOLD order). */
  toldAnyone: number | null;
  told: (number | null)[];
  /** Of those who told someone and said whether it helped: 有帮助 or 有一点帮助. */
  helped: number | null;
  /** Saw others bullied (full version only). */
  witnessed: number | null;
  /** Mean safety, 1–5. */
  safetyMean: number | null;
  /** Prevalence: of those who answered at least one kind question, the share answering any kind above 从来没有. */
  prevalence: number | null;
}

export interface SurveyGradeFigures extends SurveyFigures {
  gradeName: string;
  gradeNumber: number;
}

export interface SurveyOwnQuestionFigures {
  questionId: string;
  text: string;
  type: SurveyQuestionType;
  responses: SurveyCount;
  /** Choice and scale: the share picking each option; null below five. */
  options: { option: string; share: number | null }[];
  /** Text answers, only for the designated contact (null for anyone else), in no particular order: those that passed the content check. */
  texts: string[] | null;
  /**
   * The designated contact only (null for anyone else): text answers not shown because the content check has not
   * answered yet, or held back (WeChat judged them risky or for review, or the check could not be made).
   */
  textsPending: SurveyCount | null;
  textsHeld: SurveyCount | null;
}

export interface SurveyReport {
  survey: SurveySummary;
  classes: SurveyClassProgress[];
  overall: SurveyFigures;
  grades: SurveyGradeFigures[];
  ownQuestions: SurveyOwnQuestionFigures[];
  /** Children who ticked 我想和老师谈谈 ('<5' below five). */
  talkRequests: SurveyCount;
  /** The school's survey of the previous semester, on the same core questions. */
  previous: { survey: SurveySummary; overall: SurveyFigures } | null;
  /** The parent questionnaire's figures, reported apart from the children's (null when guardians were not asked). */
  parents: SurveyParentFigures | null;
  /** Findings marked on this survey, each with its figure here. */
  findings: SurveyFindingView[];
  /** Findings marked on the previous semester's survey (`previous`): the figure then and now. */
  followUps: SurveyFindingView[];
  /** Whether the caller may mark findings (SURVEY_MANAGE). */
  canMarkFindings: boolean;
}

// ------------------------------------------------------------------ the content check of free text

/**
 * Where a row's text answers stand in WeChat's content check (msg_sec_check, in the background after the answer is
 * stored): only `pass` texts reach the designated contact; `held` (risky, review, or the check could not be made)
 * are counted, never shown. A row without text has no state (null).
 */
export type SurveyTextCheck = 'pending' | 'pass' | 'held';

// ------------------------------------------------------------------ from findings to action

/** What a finding points at: a grade (or the whole school), a place, a kind; at least its text. */
export interface SurveyFindingRequest {
  /** A grade's name as the report shows it; left out: the whole school. */
  gradeName?: string;
  /** An index into SURVEY_PLACES. */
  place?: number;
  kind?: SurveyKind;
  text: string;
  /** What the school plans to do. */
  measures: string;
  /** By when, a Shanghai calendar day `YYYY-MM-DD`. */
  dueOn: string;
}

export const SURVEY_FINDING_LIMITS = { textMax: 60, measuresMax: 500, perSurveyMax: 30, gradeNameMax: 20 } as const;
export const SURVEY_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A finding as a report shows it, with the figure it is about: in the survey it was marked on, and in this one. */
export interface SurveyFindingView {
  id: string;
  surveyId: string;
  gradeName: string | null;
  place: number | null;
  kind: SurveyKind | null;
  text: string;
  measures: string;
  dueOn: string;
  createdAt: string;
  /** What the figure is: e.g. 三年级 · 在厕所被打、被推的比例. */
  figureLabel: string;
  /** The figure in the survey the finding was marked on (null: fewer than five answers). */
  then: number | null;
  /** The figure in the report being read (for a finding of this survey, the same as `then`). */
  now: number | null;
}

/** What a finding's figure describes, in words. */
export function surveyFindingFigureLabel(f: Pick<SurveyFindingView, 'gradeName' | 'place' | 'kind'>): string {
  const where = f.place !== null ? `在${SURVEY_PLACES[f.place] ?? '？'}` : '';
  const what = f.kind ? `${where}${SURVEY_KIND_LABELS[f.kind]}的比例` : f.place !== null ? `说事情发生${where}的比例` : '遇到过任何一种欺凌的比例';
  return `${f.gradeName ?? '全校'} · ${what}`;
}

// ------------------------------------------------------------------ the district's view

/**
 * A school's figures "worsened sharply" since its previous semester's survey when, with both semesters' cells at five
 * answers or more, the prevalence rose by at least 10 percentage points, or the mean safety score (1–5) fell by at
 * least 0.3. The one owner of that rule: the server flags with it, the app explains it with the same numbers.
 */
export const SURVEY_SHARP_WORSENING = { prevalenceRise: 0.1, safetyDrop: 0.3 } as const;

export function surveyWorsenedSharply(
  now: { prevalence: number | null; safetyMean: number | null },
  before: { prevalence: number | null; safetyMean: number | null } | null,
): boolean {
  if (!before) return false;
  const eps = 1e-9;
  const rose = now.prevalence !== null && before.prevalence !== null && now.prevalence - before.prevalence >= SURVEY_SHARP_WORSENING.prevalenceRise - eps;
  const fell = now.safetyMean !== null && before.safetyMean !== null && before.safetyMean - now.safetyMean >= SURVEY_SHARP_WORSENING.safetyDrop - eps;
  return rose || fell;
}

/** One school in the district's view: aggregated figures only, every cell under five suppressed. */
export interface SurveyDistrictSchool {
  schoolId: string;
  schoolName: string;
  /** The school's latest survey opened in the semester, or null. */
  survey: SurveySummary | null;
  responses: SurveyCount | null;
  /** Answers / students of the classes surveyed; null below five answers. */
  responseRate: number | null;
  prevalence: number | null;
  safetyMean: number | null;
  /** The same of the school's survey of the semester before (null: none). */
  previous: { prevalence: number | null; safetyMean: number | null } | null;
  /** Now minus before; null where either side is suppressed. */
  prevalenceChange: number | null;
  safetyChange: number | null;
  worsenedSharply: boolean;
}

export interface SurveyDistrictResponse {
  semesterKey: string;
  semesterLabel: string;
  semesters: { key: string; label: string }[];
  /** Schools flagged first, then by name. */
  schools: SurveyDistrictSchool[];
}


// ------------------------------------------------------------------ the parent questionnaire

export const SURVEY_PARENT_SIGNS = ['不想上学或找借口不去学校', '身上有说不清来历的伤', '东西经常丢失或损坏', '情绪低落、容易发脾气', '睡不好或做噩梦', '不愿意说学校里的事'] as const;
export const SURVEY_PARENT_CHILD_TOLD = ['孩子告诉过我，在学校被同学欺负', '孩子没说过，但我怀疑有', '孩子没说过，我也没发现'] as const;
/** The index of 孩子告诉过我 in SURVEY_PARENT_CHILD_TOLD. */
export const SURVEY_PARENT_CHILD_TOLD_YES = 0;
export const SURVEY_PARENT_TOLD_SCHOOL = ['告诉了老师或学校', '没有告诉学校'] as const;

export const SURVEY_PARENT_IDS = { signs: 'p_signs', childTold: 'p_child_told', toldSchool: 'p_told_school', safety: 'p_safety' } as const;

/** What a guardian is asked, once per child, through their binding: signs they noticed, whether the child told them. */
export const SURVEY_PARENT_QUESTIONS: readonly SurveyQuestion[] = [
  { id: SURVEY_PARENT_IDS.signs, type: 'multiple', text: '这个学期，您注意到孩子有这些情况吗？（可以选好几个；都没有就跳过）', options: [...SURVEY_PARENT_SIGNS], core: true },
  { id: SURVEY_PARENT_IDS.childTold, type: 'single', text: '孩子有没有告诉过您，在学校被同学欺负？', options: [...SURVEY_PARENT_CHILD_TOLD], core: true },
  { id: SURVEY_PARENT_IDS.toldSchool, type: 'single', text: '如果孩子被欺负过，您告诉学校了吗？（没有就跳过）', options: [...SURVEY_PARENT_TOLD_SCHOOL], core: true },
  { id: SURVEY_PARENT_IDS.safety, type: 'scale', text: '您觉得孩子在学校安全吗？', options: [...SURVEY_SAFETY], faces: [...SURVEY_SAFETY_FACES], core: true },
];

/** The parent questionnaire's figures (the same small-cell rule: nothing over fewer than five answers). */
export interface SurveyParentFigures {
  responses: SurveyCount;
  /** Of all guardians who answered: the share noticing each sign (SURVEY_PARENT_SIGNS order), and any sign. */
  signs: (number | null)[];
  anySign: number | null;
  /** Of those who answered the question: the share choosing each answer (SURVEY_PARENT_CHILD_TOLD order). */
  childTold: (number | null)[];
  /** Of those who answered the question: told the school. */
  toldSchool: number | null;
  /** Mean of how safe they think their child is, 1–5. */
  safetyMean: number | null;
}

/** `GET /me/surveys`: the open surveys asking the caller about a bound child (one item per survey and child). */
export interface GuardianSurveyItem {
  surveyId: string;
  title: string;
  schoolName: string;
  studentId: string;
  childName: string;
  closesAt: string;
  /** Already answered for this child (only the caller's own answer counts: another guardian of the child answers apart). */
  answered: boolean;
}
export interface GuardianSurveyListResponse {
  items: GuardianSurveyItem[];
  questions: SurveyQuestion[];
}

/** `POST /surveys/{id}/parent-answers`. */
export interface SurveyParentAnswerRequest {
  studentId: string;
  answers: SurveyAnswerItem[];
}
export interface SurveyParentAnswerResponse {
  answered: true;
}
