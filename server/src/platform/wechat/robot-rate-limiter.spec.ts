import { RobotRateLimiter } from './robot-rate-limiter';

describe('RobotRateLimiter', () => {
  it('allows 20 a minute per robot and names when the next slot frees', () => {
    const l = new RobotRateLimiter(20);
    for (let i = 0; i < 20; i++) expect(l.reserve('k1', 1000 + i)).toEqual({ ok: true });
    expect(l.reserve('k1', 2000)).toEqual({ ok: false, retryAtMs: 61_000 });
    expect(l.reserve('k2', 2000)).toEqual({ ok: true }); // another robot has its own window
    expect(l.reserve('k1', 61_001)).toEqual({ ok: true }); // the first slot left the window
  });
  it('markFull blocks a robot for a minute after a 45009', () => {
    const l = new RobotRateLimiter(20);
    l.markFull('k', 5000);
    expect(l.reserve('k', 6000)).toEqual({ ok: false, retryAtMs: 65_000 });
    expect(l.reserve('k', 65_001)).toEqual({ ok: true });
  });
});
