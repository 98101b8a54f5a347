import {
  customQuestionProblem, formatDate, fromShanghaiParts, Permission, ROLE_PERMISSIONS, SURVEY_LIMITS,
  type MeResponse, type OpenSurveyRequest, type SurveyCustomQuestionInput, type SurveyStatus,
} from '@anxin/shared';

export const SURVEY_STATUS_LABELS: Record<SurveyStatus, string> = { scheduled: '未开始', open: '进行中', closed: '已结束' };

/** The school whose surveys this staff member sees (their first school role with survey.read) and what they may do. */
export function surveySchool(me: MeResponse): { id: string; name: string; canManage: boolean; canReport: boolean } | null {
  const r = me.roles.find((x) => x.schoolId && ROLE_PERMISSIONS[x.role]?.includes(Permission.SURVEY_READ));
  if (!r?.schoolId) return null;
  const roles = me.roles.filter((x) => x.schoolId === r.schoolId);
  const holds = (p: Permission) => roles.some((x) => ROLE_PERMISSIONS[x.role]?.includes(p));
  return { id: r.schoolId, name: r.schoolName ?? '', canManage: holds(Permission.SURVEY_MANAGE), canReport: holds(Permission.SURVEY_REPORT) };
}

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The window from two Shanghai days: from the start of the first day (or now, when that is today) to the end of the
 * last; a problem in Chinese when the days do not make one.
 */
export function surveyWindow(fromDay: string, toDay: string, now: Date): { opensAt: string; closesAt: string } | string {
  const a = DAY.exec(fromDay);
  const b = DAY.exec(toDay);
  if (!a || !b) return '日期格式应为 2026-03-02';
  if (toDay < fromDay) return '结束日期不能早于开始日期';
  const today = formatDate(now);
  if (toDay < today) return '结束日期已经过去';
  const days = (Date.UTC(+b[1], +b[2] - 1, +b[3]) - Date.UTC(+a[1], +a[2] - 1, +a[3])) / DAY_MS + 1;
  if (days > SURVEY_LIMITS.windowDaysMax) return `问卷最长开放 ${SURVEY_LIMITS.windowDaysMax} 天`;
  const start = fromShanghaiParts({ year: Number(a[1]), month: Number(a[2]), day: Number(a[3]) });
  const end = fromShanghaiParts({ year: Number(b[1]), month: Number(b[2]), day: Number(b[3]) + 1 });
  return { opensAt: (start < now ? now : start).toISOString(), closesAt: end.toISOString() };
}

/** Options typed on one line, separated by 、 , ， or ; (blank ones dropped). */
export function parseOptions(text: string): string[] {
  return text.split(/[、,，;；]/).map((o) => o.trim()).filter(Boolean);
}

export interface OwnQuestionDraft {
  type: SurveyCustomQuestionInput['type'];
  text: string;
  options: string;
}

/** The request, or the first problem in Chinese. */
export function openSurveyRequest(form: { title: string; classIds: string[]; fromDay: string; toDay: string; own: OwnQuestionDraft[]; parents?: boolean }, now: Date): OpenSurveyRequest | string {
  if (!form.classIds.length) return '请至少选择一个班级';
  const window = surveyWindow(form.fromDay, form.toDay, now);
  if (typeof window === 'string') return window;
  const own: SurveyCustomQuestionInput[] = [];
  for (const [i, q] of form.own.entries()) {
    const input: SurveyCustomQuestionInput = q.type === 'single' || q.type === 'multiple'
      ? { type: q.type, text: q.text.trim(), options: parseOptions(q.options) }
      : { type: q.type, text: q.text.trim() };
    const problem = customQuestionProblem(input);
    if (problem) return `第 ${i + 1} 个自定问题：${problem}`;
    own.push(input);
  }
  return {
    ...(form.title.trim() ? { title: form.title.trim() } : {}), classIds: form.classIds, ...window, ...(own.length ? { customQuestions: own } : {}),
    ...(form.parents ? { parents: true } : {}),
  };
}
