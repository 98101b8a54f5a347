import { addDays, dayStart, daysCovering, daysWithin, utcDay, utcDayTransformer } from './utc-day';

describe('UTC days', () => {
  it('takes the UTC day of an instant, whatever the time of day', () => {
    expect(utcDay(new Date('2031-05-01T23:59:59.999Z'))).toBe('2031-05-01');
    expect(utcDay(new Date('2031-05-02T00:00:00.000Z'))).toBe('2031-05-02');
    expect(utcDay(new Date('2031-05-02T07:30:00+08:00'))).toBe('2031-05-01'); // 07:30 in Shanghai is the previous UTC day
  });
  it('adds days across months and years, and starts a day at 00:00 UTC', () => {
    expect(addDays('2031-12-31', 1)).toBe('2032-01-01');
    expect(addDays('2032-03-01', -1)).toBe('2032-02-29');
    expect(dayStart('2031-05-02').toISOString()).toBe('2031-05-02T00:00:00.000Z');
    expect(() => dayStart('2031-05-02T10:00')).toThrow();
  });
  it('rounds hour limits to whole days: up for idle expiry, down for the absolute one, never below one day', () => {
    expect([daysCovering(336), daysCovering(337), daysCovering(1)]).toEqual([14, 15, 1]);
    expect([daysWithin(1440), daysWithin(1447), daysWithin(5)]).toEqual([60, 60, 1]);
  });
  it('stores a Date as its day and reads the day back as 00:00 UTC', () => {
    expect(utcDayTransformer.to(new Date('2031-05-01T18:04:05.678Z'))).toBe('2031-05-01');
    expect((utcDayTransformer.from('2031-05-01') as Date).toISOString()).toBe('2031-05-01T00:00:00.000Z');
    expect((utcDayTransformer.from(new Date('2031-05-01T00:00:00.000Z')) as Date).toISOString()).toBe('2031-05-01T00:00:00.000Z');
    expect(utcDayTransformer.to(null)).toBeNull();
  });
});
