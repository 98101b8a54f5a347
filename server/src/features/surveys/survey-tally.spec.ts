import { SURVEY_SMALL_CELL, surveyKindQuestionId, type SurveyAnswerItem } from '@anxin/shared';
import { figures, findingFigure, optionCounts, tallyOf } from './survey-tally';

const child = (hit: number, extra: SurveyAnswerItem[] = []): { answers: SurveyAnswerItem[] } => ({
  answers: [{ questionId: surveyKindQuestionId('hit'), choice: hit }, ...extra],
});

describe('survey tally', () => {
  it('counts a kind as having happened for any frequency above 从来没有, over those who answered it', () => {
    const rows = [child(0), child(1), child(2), child(3), child(0), { answers: [] }];
    const f = figures(tallyOf(rows));
    expect(f.responses).toBe(6);
    expect(f.kinds.find((k) => k.kind === 'hit')!.share).toBeCloseTo(3 / 5);
    // nobody answered the names question: no share, not 0
    expect(f.kinds.find((k) => k.kind === 'names')!.share).toBeNull();
  });

  it('suppresses every figure of a group with fewer than five answers', () => {
    const f = figures(tallyOf([child(1), child(2), child(0), child(3, [{ questionId: 'safety', choice: 4 }])]));
    expect(f.responses).toBe(SURVEY_SMALL_CELL);
    expect(f.kinds.every((k) => k.share === null)).toBe(true);
    expect(f.safetyMean).toBeNull();
    expect(f.places.every((p) => p === null)).toBe(true);
  });

  it('told anyone leaves out 没有告诉任何人; helped counts 有帮助 and 有一点帮助; safety runs 1–5', () => {
    const rows = [
      child(1, [{ questionId: 'told', choices: [0, 1] }, { questionId: 'helped', choice: 0 }, { questionId: 'safety', choice: 0 }]),
      child(1, [{ questionId: 'told', choices: [3] }, { questionId: 'safety', choice: 4 }]),
      child(1, [{ questionId: 'told', choices: [2] }, { questionId: 'helped', choice: 1 }, { questionId: 'safety', choice: 2 }]),
      child(1, [{ questionId: 'told', choices: [3] }, { questionId: 'safety', choice: 2 }]),
      child(1, [{ questionId: 'told', choices: [0] }, { questionId: 'helped', choice: 2 }, { questionId: 'safety', choice: 3 }]),
    ];
    const f = figures(tallyOf(rows));
    expect(f.toldAnyone).toBeCloseTo(3 / 5);
    expect(f.told).toEqual([2 / 5, 1 / 5, 1 / 5, 2 / 5]);
    expect(f.helped).toBeNull(); // three said whether it helped: a cell below five
    expect(f.safetyMean).toBeCloseTo((1 + 5 + 3 + 3 + 4) / 5);
  });

  it('counts a school\'s own choice question per option', () => {
    const q = { id: 'own_1', type: 'multiple' as const, text: '?', options: ['a', 'b', 'c'], core: false };
    const rows = [{ answers: [{ questionId: 'own_1', choices: [0, 2] }] }, { answers: [{ questionId: 'own_1', choices: [2] }] }, { answers: [] }];
    expect(optionCounts(q, rows)).toEqual({ answered: 2, each: [1, 0, 2] });
  });

  it('prevalence: any kind above 从来没有, over those who answered at least one kind question', () => {
    const names = (c: number): SurveyAnswerItem => ({ questionId: surveyKindQuestionId('names'), choice: c });
    const rows = [child(0, [names(1)]), child(1), child(0), child(0, [names(0)]), { answers: [names(2)] }, { answers: [] }];
    expect(figures(tallyOf(rows)).prevalence).toBeCloseTo(3 / 5);
    expect(figures(tallyOf(rows.slice(0, 4))).prevalence).toBeNull();
  });

  it('a finding\'s figure: a kind at a place, a place alone, or any kind', () => {
    const toilet: SurveyAnswerItem = { questionId: 'place', choices: [2] };
    const yard: SurveyAnswerItem = { questionId: 'place', choices: [3] };
    const rows = [child(1, [toilet]), child(2, [yard]), child(0), child(0), child(1), child(0, [toilet])];
    expect(findingFigure(rows, { gradeName: null, kind: 'hit', place: 2 })).toBeCloseTo(1 / 6); // hit and named the toilet
    expect(findingFigure(rows, { gradeName: null, kind: 'hit', place: null })).toBeCloseTo(3 / 6);
    expect(findingFigure(rows, { gradeName: null, kind: null, place: null })).toBeCloseTo(3 / 6);
    expect(findingFigure(rows, { gradeName: null, kind: null, place: 2 })).toBeNull(); // three said where: below five
    expect(findingFigure(rows.slice(0, 4), { gradeName: null, kind: 'hit', place: null })).toBeNull();
  });
});
