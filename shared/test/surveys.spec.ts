import {
  customQuestionProblem, normalizeSurveyCode, SURVEY_CODE_PATTERN, SURVEY_CORE_QUESTIONS, SURVEY_MIN_CELL, SURVEY_SMALL_CELL, surveyAnswersProblem,
  surveyCell, surveyFindingFigureLabel, surveyKindsOf, surveyMean, surveyQuestions, surveyRate, surveyShare, surveyVersionFor, surveyWorsenedSharply,
  SURVEY_SHARP_WORSENING,
} from '../src/api/surveys';

describe('the small-cell rule', () => {
  it('shows a count of answers from five up, and \'<5\' below (none included)', () => {
    expect(SURVEY_MIN_CELL).toBe(5);
    expect([0, 1, 4].map(surveyCell)).toEqual([SURVEY_SMALL_CELL, SURVEY_SMALL_CELL, SURVEY_SMALL_CELL]);
    expect([5, 6, 120].map(surveyCell)).toEqual([5, 6, 120]);
  });

  it('withholds a share or a mean over fewer than five answers, never rounding it to a figure', () => {
    expect(surveyShare(4, 4)).toBeNull();
    expect(surveyShare(0, 4)).toBeNull();
    expect(surveyShare(1, 5)).toBeCloseTo(0.2);
    expect(surveyMean([5, 5, 5, 5])).toBeNull();
    expect(surveyMean([1, 2, 3, 4, 5])).toBe(3);
  });

  it('a response rate needs five answers and a roster, and never passes 100%', () => {
    expect(surveyRate(4, 8)).toBeNull();
    expect(surveyRate(5, 0)).toBeNull();
    expect(surveyRate(5, 10)).toBe(0.5);
    expect(surveyRate(12, 10)).toBe(1);
  });
});

describe('the questionnaire', () => {
  it('grades 1–3 answer the short version (no online question), the rest the full one', () => {
    expect([1, 2, 3].map(surveyVersionFor)).toEqual(['short', 'short', 'short']);
    expect([4, 9, 12, 0].map(surveyVersionFor)).toEqual(['full', 'full', 'full', 'full']);
    expect(surveyKindsOf('short')).toEqual(['hit', 'names', 'left_out', 'property']);
    expect(surveyKindsOf('full')).toEqual(['hit', 'names', 'left_out', 'property', 'online']);
  });

  it('keeps the core questions first and the school\'s own after them', () => {
    const qs = surveyQuestions('full', [{ type: 'scale', text: '你喜欢上学吗？' }]);
    expect(qs.slice(0, SURVEY_CORE_QUESTIONS.full.length)).toEqual(SURVEY_CORE_QUESTIONS.full);
    expect(qs[qs.length - 1]).toEqual({ id: 'own_1', type: 'scale', text: '你喜欢上学吗？', options: ['1', '2', '3', '4', '5'], core: false });
  });

  it('refuses a school question that cannot be answered', () => {
    expect(customQuestionProblem({ type: 'single', text: '问题', options: ['是'] })).toMatch(/2 到 8/);
    expect(customQuestionProblem({ type: 'multiple', text: '问题', options: ['是', '是'] })).toMatch(/重复/);
    expect(customQuestionProblem({ type: 'text', text: '问题', options: ['是', '否'] })).toMatch(/不设选项/);
    expect(customQuestionProblem({ type: 'single', text: '  ', options: ['是', '否'] })).toMatch(/不能为空/);
    expect(customQuestionProblem({ type: 'single', text: '问题', options: ['是', '否'] })).toBeNull();
  });

  it('checks answers against the questions: type, range, once each; skipping is allowed', () => {
    const qs = surveyQuestions('short', [{ type: 'text', text: '想说的话' }]);
    expect(surveyAnswersProblem(qs, [])).toBeNull();
    expect(surveyAnswersProblem(qs, [{ questionId: 'kind_hit', choice: 3 }, { questionId: 'place', choices: [0, 8] }, { questionId: 'own_1', text: '没有' }])).toBeNull();
    expect(surveyAnswersProblem(qs, [{ questionId: 'kind_hit', choice: 4 }])).not.toBeNull();
    expect(surveyAnswersProblem(qs, [{ questionId: 'kind_online', choice: 0 }])).not.toBeNull(); // not in the short version
    expect(surveyAnswersProblem(qs, [{ questionId: 'kind_hit', choice: 0 }, { questionId: 'kind_hit', choice: 1 }])).not.toBeNull();
    expect(surveyAnswersProblem(qs, [{ questionId: 'place', choices: [1, 1] }])).not.toBeNull();
    expect(surveyAnswersProblem(qs, [{ questionId: 'place', choice: 1 }])).not.toBeNull();
    expect(surveyAnswersProblem(qs, [{ questionId: 'own_1', text: 'x'.repeat(201) }])).not.toBeNull();
  });

  it('reads a typed code the way the slip prints it', () => {
    expect(normalizeSurveyCode(' 7k3m-pq2a ')).toBe('7K3MPQ2A');
    expect(SURVEY_CODE_PATTERN.test('7K3MPQ2A')).toBe(true);
    expect(SURVEY_CODE_PATTERN.test('7K3MPQ0A')).toBe(false); // 0 is not on any slip
  });
});

describe('sharp worsening (the district view\'s flag)', () => {
  it('is a rise in prevalence of 10 points or more, or a fall in mean safety of 0.3 or more', () => {
    expect(SURVEY_SHARP_WORSENING).toEqual({ prevalenceRise: 0.1, safetyDrop: 0.3 });
    const before = { prevalence: 0.2, safetyMean: 4 };
    expect(surveyWorsenedSharply({ prevalence: 0.3, safetyMean: 4 }, before)).toBe(true);
    expect(surveyWorsenedSharply({ prevalence: 0.29, safetyMean: 4 }, before)).toBe(false);
    expect(surveyWorsenedSharply({ prevalence: 0.2, safetyMean: 3.7 }, before)).toBe(true);
    expect(surveyWorsenedSharply({ prevalence: 0.2, safetyMean: 3.75 }, before)).toBe(false);
    expect(surveyWorsenedSharply({ prevalence: 0.05, safetyMean: 4.5 }, before)).toBe(false); // better
  });

  it('needs both semesters\' figures: a suppressed cell or no survey before flags nothing', () => {
    expect(surveyWorsenedSharply({ prevalence: 0.9, safetyMean: 1 }, null)).toBe(false);
    expect(surveyWorsenedSharply({ prevalence: null, safetyMean: null }, { prevalence: 0.1, safetyMean: 5 })).toBe(false);
    expect(surveyWorsenedSharply({ prevalence: 0.9, safetyMean: null }, { prevalence: null, safetyMean: 5 })).toBe(false);
  });

  it('names what a finding\'s figure is', () => {
    expect(surveyFindingFigureLabel({ gradeName: '三年级', place: 2, kind: 'hit' })).toBe('三年级 · 在厕所被打、被推的比例');
    expect(surveyFindingFigureLabel({ gradeName: null, place: 3, kind: null })).toBe('全校 · 说事情发生在操场的比例');
    expect(surveyFindingFigureLabel({ gradeName: null, place: null, kind: null })).toBe('全校 · 遇到过任何一种欺凌的比例');
  });
});
