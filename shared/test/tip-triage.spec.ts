import {
  NO_ACTION_STATEMENT, REPORTER_RULES, TIP_OUTCOME_HINTS, TIP_OUTCOME_LABELS, TIP_STATUS_LABELS, TRIAGE_DECISION, TipOutcome, floodGroupTitle, tipOutcome,
} from '../src';

describe('tip triage rules', () => {
  it('reads a case outcome from its finding and its triage record; false_report is 恶意/虚假举报 with or without one', () => {
    expect(tipOutcome('confirmed', null)).toBe('confirmed');
    expect(tipOutcome('false_report', null)).toBe('false_report');
    expect(tipOutcome('not_bullying', 'prank')).toBe('prank');
    expect(tipOutcome('not_bullying', 'duplicate')).toBe('duplicate');
    expect(tipOutcome('not_bullying', 'referred')).toBe('referred');
    expect(tipOutcome(null, null)).toBeNull();
    expect(tipOutcome('investigating', null)).toBeNull();
    expect(TIP_OUTCOME_LABELS.false_report).toBe(TIP_STATUS_LABELS.false_report);
  });

  it('closes the triage outcomes with the finding a statistic expects', () => {
    expect(TRIAGE_DECISION).toEqual({ false_report: 'false_report', prank: 'not_bullying', duplicate: 'not_bullying', referred: 'not_bullying' });
  });

  it('labels and explains every outcome in Chinese', () => {
    for (const o of Object.values(TipOutcome)) {
      expect(TIP_OUTCOME_LABELS[o]).toMatch(/[\u4e00-\u9fa5]/);
      expect(TIP_OUTCOME_HINTS[o]).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(NO_ACTION_STATEMENT).toContain('未对举报中涉及的人员采取任何处理措施');
    expect(floodGroupTitle(42)).toBe('1小时内收到 42 条举报');
  });

  it('tells the reporter that reports are protected, that malicious ones are not the purpose, and where to go in danger', () => {
    const text = REPORTER_RULES.points.join('');
    expect(text).toContain('受保护');
    expect(text).toContain('伤害别人');
    expect(text).toContain('我现在有危险');
  });
});
