import { dayAfter, dayValue, sealableBefore, sealDayOf, sealsAfter } from './seal-rules';

describe('seal days (Asia/Shanghai)', () => {
  it('a change belongs to its Shanghai day: 23:59 Shanghai is still that day, 00:00 the next', () => {
    expect(sealDayOf(new Date('2031-03-03T15:59:59.999Z'))).toBe('2031-03-03');
    expect(sealDayOf(new Date('2031-03-03T16:00:00.000Z'))).toBe('2031-03-04');
  });

  it('a day may be sealed from a quarter hour after it ends, not before', () => {
    expect(sealsAfter('2031-03-03')).toEqual(new Date('2031-03-03T16:15:00.000Z'));
    // Days strictly before `sealableBefore(now)` may be sealed.
    expect(sealableBefore(new Date('2031-03-03T16:14:59.000Z'))).toBe('2031-03-03');
    expect(sealableBefore(new Date('2031-03-03T16:15:00.000Z'))).toBe('2031-03-04');
  });

  it('the day after, across a month and a year', () => {
    expect(dayAfter('2031-02-28')).toBe('2031-03-01');
    expect(dayAfter('2032-02-28')).toBe('2032-02-29');
    expect(dayAfter('2031-12-31')).toBe('2032-01-01');
    expect(() => dayAfter('2031-02-30')).toThrow();
    expect(() => dayAfter('yesterday')).toThrow();
  });

  it('reads a day as either engine returns it', () => {
    expect(dayValue('2031-03-03')).toBe('2031-03-03');
    expect(dayValue(new Date('2031-03-03T00:00:00.000Z'))).toBe('2031-03-03');
  });
});
