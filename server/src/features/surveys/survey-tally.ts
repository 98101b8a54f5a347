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
  /** Answered at least one kind question; of those, any above 从来没有. */
  anyKind: { answered: number; yes: number };
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
    anyKind: { answered: 0, yes: 0 },
  };
}

/** Adds one child's core answers to a tally (the school's own questions are counted by `optionCounts`). */
export function addAnswer(t: Tally, answers: readonly SurveyAnswerItem[]): void {
  const byId = new Map(answers.map((a) => [a.questionId, a]));
  t.n += 1;
  let answeredKind = false;
  let anyYes = false;
  for (const k of SURVEY_KINDS) {
    const a = byId.get(surveyKindQuestionId(k));
    if (a?.choice === undefined) continue;
    answeredKind = true;
    t.kinds[k].answered += 1;
    if (a.choice > 0) {
      t.kinds[k].yes += 1;
      anyYes = true;
    }
  }
  if (answeredKind) t.anyKind.answered += 1;
  if (anyYes) t.anyKind.yes += 1;
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
    prevalence: surveyShare(t.anyKind.yes, t.anyKind.answered),
  };
}

/** What a finding points at. */
export interface FindingScope {
  gradeName: string | null;
  place: number | null;
  kind: SurveyKind | null;
}

/**
 * A finding's figure over a survey's answers (already narrowed to its grade, if it names one), under the small-cell
 * rule: with a kind, the share of those who answered that kind question who said it happened (and, with a place too,
 * named that place); with only a place, the share of those who said where naming it; with neither, the prevalence.
 */
export function findingFigure(rows: readonly { answers: SurveyAnswerItem[] }[], f: FindingScope): number | null {
  let answered = 0;
  let yes = 0;
  for (const r of rows) {
    const byId = new Map(r.answers.map((a) => [a.questionId, a]));
    const placed = f.place === null || (byId.get(SURVEY_CORE_IDS.place)?.choices ?? []).includes(f.place);
    if (f.kind) {
      const a = byId.get(surveyKindQuestionId(f.kind));
      if (a?.choice === undefined) continue;
      answered += 1;
      if (a.choice > 0 && placed) yes += 1;
    } else if (f.place !== null) {
      if (!byId.get(SURVEY_CORE_IDS.place)?.choices) continue;
      answered += 1;
      if (placed) yes += 1;
    } else {
      const kinds = SURVEY_KINDS.map((k) => byId.get(surveyKindQuestionId(k))?.choice).filter((c): c is number => c !== undefined);
      if (!kinds.length) continue;
      answered += 1;
      if (kinds.some((c) => c > 0)) yes += 1;
    }
  }
  return surveyShare(yes, answered);
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
