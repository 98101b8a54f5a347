import { failing, FAILING_STREAK } from './delivery-health';

const now = new Date('2026-11-30T08:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('failing(): is WeChat delivery failing, judged across the workers', () => {
  it('needs a streak of failures with no success since, anywhere in the fleet', () => {
    const streak = { failureStreak: FAILING_STREAK, lastFailureAt: ago(1_000), lastSuccessAt: ago(60_000) };
    expect(failing([streak], now)).toBe(true);
    expect(failing([{ ...streak, failureStreak: FAILING_STREAK - 1 }], now)).toBe(false);
    // Another worker has delivered since: WeChat answers again.
    expect(failing([streak, { failureStreak: 0, lastFailureAt: null, lastSuccessAt: ago(500) }], now)).toBe(false);
    // …but fails again after that success.
    expect(failing([streak, { failureStreak: 0, lastFailureAt: null, lastSuccessAt: ago(5_000) }], now)).toBe(true);
  });

  it('forgets failures older than ten minutes, and says nothing without evidence', () => {
    expect(failing([{ failureStreak: 9, lastFailureAt: ago(11 * 60_000), lastSuccessAt: null }], now)).toBe(false);
    expect(failing([], now)).toBe(false);
  });
});
