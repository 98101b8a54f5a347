import { Clock } from '../../platform/common/clock/clock';
import { AttemptLimiter } from './attempt-limiter';

describe('AttemptLimiter', () => {
  it('allows 20 failures in 10 minutes, then answers 429 until the window has passed', () => {
    const clock = new Clock();
    const limiter = new AttemptLimiter(clock);
    for (let i = 0; i < 20; i++) {
      limiter.check('u1');
      limiter.fail('u1');
    }
    expect(() => limiter.check('u1')).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
    expect(() => limiter.check('u2')).not.toThrow();
    clock.advance(10 * 60_000 + 1);
    expect(() => limiter.check('u1')).not.toThrow();
  });
});
