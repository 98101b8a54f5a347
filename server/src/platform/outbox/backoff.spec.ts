import { backoffDelayMs, MAX_BACKOFF_MS } from './backoff';

describe('backoffDelayMs', () => {
  it('doubles per attempt between half and all of base·2^(n-1)', () => {
    expect(backoffDelayMs(1, 1000, () => 0)).toBe(500);
    expect(backoffDelayMs(1, 1000, () => 1)).toBe(1000);
    expect(backoffDelayMs(3, 1000, () => 0)).toBe(2000);
    expect(backoffDelayMs(3, 1000, () => 1)).toBe(4000);
  });
  it('is capped', () => {
    expect(backoffDelayMs(40, 5000, () => 1)).toBe(MAX_BACKOFF_MS);
    expect(backoffDelayMs(40, 5000, () => 0)).toBe(MAX_BACKOFF_MS / 2);
  });
  it('spreads retries (jitter)', () => {
    const values = new Set(Array.from({ length: 50 }, () => backoffDelayMs(4, 1000)));
    expect(values.size).toBeGreaterThan(10);
  });
});
