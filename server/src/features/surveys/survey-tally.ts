import {
  SURVEY_CORE_IDS, SURVEY_HELPED, SURVEY_KINDS, SURVEY_PLACES, SURVEY_TOLD, SURVEY_TOLD_NOBODY, surveyCell, surveyKindQuestionId, surveyMean,
  surveyShare, type SurveyAnswerItem, type SurveyFigures, type SurveyKind, type SurveyQuestion,
} from '@anxin/shared';

/** The raw counts of a group of answers (a school, a grade, a class). Never sent: `figures` turns them into what may be shown. */
export interface Tally {
  n: number;
  kinds: Record<SurveyKind, { answered: number; yes: number }>;
  place: { answered: number; each: number[] };
  told: { answered: number; anyone: number; each: number[] };
  helped: { answered: number; yes: number };
  witnessed: { answered: number; yes: number };
  safety: number[];
}

export function emptyTally(): Tally {
  return {
    n: 0,
    kinds: Object.fromEntries(SURVEY_KINDS.map((k) => [k, { answered: 0, yes: 0 }])) as Tally['kinds'],
    place: { answered: 0, each: SURVEY_PLACES.map(() => 0) },
    told: { answered: 0, anyone: 0, each: SURVEY_TOLD.map(() => 0) },
    helped: { answered: 0, yes: 0 },
    witnessed: { answered: 0, yes: 0 },
    safety: [],
  };
}

/** Adds one child's core answers to a tally (the school's own questions are counted by `optionCounts`). */
export function addAnswer(t: Tally, answers: readonly SurveyAnswerItem[]): void {
  const byId = new Map(answers.map((a) => [a.questionId, a]));
  t.n += 1;
  for (const k of SURVEY_KINDS) {
    const a = byId.get(surveyKindQuestionId(k));
    if (a?.choice === undefined) continue;
    t.kinds[k].answered += 1;
    if (a.choice > 0) t.kinds[k].yes += 1;
  }
  const place = byId.get(SURVEY_CORE_IDS.place)?.choices;
  if (place) {
    t.place.answered += 1;
    for (const i of place) t.place.each[i] += 1;
  }
  const told = byId.get(SURVEY_CORE_IDS.told)?.choices;
  if (told) {
    t.told.answered += 1;
    for (const i of told) t.told.each[i] += 1;
    if (told.some((i) => i !== SURVEY_TOLD_NOBODY)) t.told.anyone += 1;
  }
  const helped = byId.get(SURVEY_CORE_IDS.helped)?.choice;
  if (helped !== undefined) {
    t.helped.answered += 1;
    if (helped < SURVEY_HELPED.length - 1) t.helped.yes += 1; // 有帮助 or 有一点帮助
  }
  const witnessed = byId.get(SURVEY_CORE_IDS.witnessed)?.choice;
  if (witnessed !== undefined) {
    t.witnessed.answered += 1;
    if (witnessed > 0) t.witnessed.yes += 1;
  }
  const safety = byId.get(SURVEY_CORE_IDS.safety)?.choice;
  if (safety !== undefined) t.safety.push(safety + 1);
}

export function tallyOf(rows: readonly { answers: SurveyAnswerItem[] }[]): Tally {
  const t = emptyTally();
  for (const r of rows) addAnswer(t, r.answers);
  return t;
}

/** A tally as a report may show it: every figure of a cell with fewer than five answers suppressed (shared rule). */
export function figures(t: Tally): SurveyFigures {
  return {
    responses: surveyCell(t.n),
    kinds: SURVEY_KINDS.map((kind) => ({ kind, share: surveyShare(t.kinds[kind].yes, t.kinds[kind].answered) })),
    places: t.place.each.map((c) => surveyShare(c, t.place.answered)),
    toldAnyone: surveyShare(t.told.anyone, t.told.answered),
    told: t.told.each.map((c) => surveyShare(c, t.told.answered)),
    helped: surveyShare(t.helped.yes, t.helped.answered),
    witnessed: surveyShare(t.witnessed.yes, t.witnessed.answered),
    safetyMean: surveyMean(t.safety),
  };
}

/** A school's own choice or scale question: how many answered, and how many picked each option. */
export function optionCounts(q: SurveyQuestion, rows: readonly { answers: SurveyAnswerItem[] }[]): { answered: number; each: number[] } {
  const each = q.options.map(() => 0);
  let answered = 0;
  for (const r of rows) {
    const a = r.answers.find((x) => x.questionId === q.id);
    const picked = a?.choices ?? (a?.choice !== undefined ? [a.choice] : null);
    if (!picked) continue;
    answered += 1;
    for (const i of picked) if (i < each.length) each[i] += 1;
  }
  return { answered, each };
}
