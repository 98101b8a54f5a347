import { attemptWindow, retryAfterSec } from './attempt-limiter';

const TEN_MINUTES = 10 * 60_000;

describe('attempt windows', () => {
  it('cuts time into fixed ten-minute windows; a window ends where the next begins', () => {
    const start = new Date('2026-11-30T08:10:00.000Z');
    const w = attemptWindow(start, TEN_MINUTES);
    expect(w.endsAt.toISOString()).toBe('2026-11-30T08:20:00.000Z');
    expect(attemptWindow(new Date('2026-11-30T08:19:59.999Z'), TEN_MINUTES).number).toBe(w.number);
    expect(attemptWindow(w.endsAt, TEN_MINUTES).number).toBe(w.number + 1);
  });

  it('tells a refused caller how long until the window ends (at least a second)', () => {
    expect(retryAfterSec(new Date('2026-11-30T08:10:00.000Z'), TEN_MINUTES)).toBe(600);
    expect(retryAfterSec(new Date('2026-11-30T08:19:30.000Z'), TEN_MINUTES)).toBe(30);
    expect(retryAfterSec(new Date('2026-11-30T08:19:59.999Z'), TEN_MINUTES)).toBe(1);
  });
});
