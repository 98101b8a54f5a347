import type { SurveyAnswerItem, SurveyQuestion } from '@anxin/shared';

/** One child's answers while they go through the questions: by question id; a question skipped has none. */
export type Picks = Record<string, number[] | string>;

/** Ticking an option: a single choice or a scale replaces the pick, a multiple choice toggles it. */
export function pick(picks: Picks, q: SurveyQuestion, option: number): Picks {
  if (q.type === 'multiple') {
    const now = Array.isArray(picks[q.id]) ? (picks[q.id] as number[]) : [];
    const next = now.includes(option) ? now.filter((o) => o !== option) : [...now, option].sort((a, b) => a - b);
    return withAnswer(picks, q.id, next.length ? next : null);
  }
  return withAnswer(picks, q.id, [option]);
}

export function typed(picks: Picks, q: SurveyQuestion, text: string): Picks {
  return withAnswer(picks, q.id, text.trim() ? text : null);
}

function withAnswer(picks: Picks, id: string, value: number[] | string | null): Picks {
  const next = { ...picks };
  if (value === null) delete next[id];
  else next[id] = value;
  return next;
}

export function picked(picks: Picks, q: SurveyQuestion, option: number): boolean {
  const v = picks[q.id];
  return Array.isArray(v) && v.includes(option);
}

/** The answers as the server takes them, in the questions' order (skipped questions left out). */
export function answerItems(questions: readonly SurveyQuestion[], picks: Picks): SurveyAnswerItem[] {
  const out: SurveyAnswerItem[] = [];
  for (const q of questions) {
    const v = picks[q.id];
    if (v === undefined) continue;
    if (q.type === 'text') out.push({ questionId: q.id, text: (v as string).trim() });
    else if (q.type === 'multiple') out.push({ questionId: q.id, choices: v as number[] });
    else out.push({ questionId: q.id, choice: (v as number[])[0] });
  }
  return out;
}
