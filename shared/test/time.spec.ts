import {
  deadlineText, formatChineseDate, fromShanghaiParts, formatChineseDateTime, formatDate, formatDateTime, formatDuration, formatMonthDayTime,
  shanghaiHourOn, shanghaiParts,
} from '../src/time';

describe('Asia/Shanghai time formatting', () => {
  it('shows a UTC time in Shanghai (UTC+8)', () => {
    expect(formatDateTime('2026-11-29T03:04:05.000Z')).toBe('2026-11-29 11:04');
    expect(formatDateTime(new Date('2019-10-01T07:01:00Z'))).toBe('2019-10-01 15:01');
    expect(formatChineseDateTime('2019-10-01T07:01:00Z')).toBe('2019年10月1日 15:01');
    expect(formatMonthDayTime('2026-12-01T06:30:00Z')).toBe('12月1日 14:30');
  });

  it('a UTC evening is the next day in Shanghai, in every format', () => {
    const at = '2026-11-29T20:05:00.000Z'; // 04:05 on 30 November in Shanghai
    expect(formatDate(at)).toBe('2026-11-30');
    expect(formatDateTime(at)).toBe('2026-11-30 04:05');
    expect(formatMonthDayTime(at)).toBe('11月30日 04:05');
    expect(formatChineseDateTime(at)).toBe('2026年11月30日 04:05');
    expect(formatChineseDate(at)).toBe('2026年11月30日');
    expect(shanghaiParts(at)).toEqual({ year: 2026, month: 11, day: 30, hour: 4, minute: 5 });
  });

  it('the last UTC evening of a year is New Year in Shanghai', () => {
    expect(formatDateTime('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00');
    expect(formatDate('2026-12-31T15:59:59Z')).toBe('2026-12-31');
  });

  it('keeps eight hours all year (no daylight saving time in China)', () => {
    expect(formatDateTime('2026-07-01T00:00:00Z')).toBe('2026-07-01 08:00');
    expect(formatDateTime('2026-01-01T00:00:00Z')).toBe('2026-01-01 08:00');
  });

  it('a missing or unreadable time shows as nothing', () => {
    for (const f of [formatDate, formatDateTime, formatMonthDayTime, formatChineseDateTime, formatChineseDate]) {
      expect(f(null)).toBe('');
      expect(f(undefined)).toBe('');
      expect(f('')).toBe('');
      expect(f('not a time')).toBe('');
    }
  });

  it('fromShanghaiParts: a Shanghai wall-clock time as an instant, and back', () => {
    expect(fromShanghaiParts({ year: 2026, month: 8, day: 1 }).toISOString()).toBe('2026-07-31T16:00:00.000Z');
    expect(fromShanghaiParts({ year: 2026, month: 11, day: 30, hour: 4, minute: 5 }).toISOString()).toBe('2026-11-29T20:05:00.000Z');
    expect(shanghaiParts(fromShanghaiParts({ year: 2027, month: 1, day: 1, hour: 0, minute: 30 }))).toEqual({ year: 2027, month: 1, day: 1, hour: 0, minute: 30 });
  });

  it('shanghaiHourOn: that hour on the Shanghai day of the instant', () => {
    // 02:00 UTC is 10:00 in Shanghai: 08:00 that day was two hours earlier.
    expect(shanghaiHourOn(new Date('2026-12-05T02:00:00Z'), 8).toISOString()).toBe('2026-12-05T00:00:00.000Z');
    // 17:00 UTC is already the 6th in Shanghai: 08:00 on the 6th.
    expect(shanghaiHourOn(new Date('2026-12-05T17:00:00Z'), 8).toISOString()).toBe('2026-12-06T00:00:00.000Z');
    expect(shanghaiHourOn(new Date('2026-12-05T17:00:00Z'), 21).toISOString()).toBe('2026-12-06T13:00:00.000Z');
  });
});

describe('durations and deadlines', () => {
  const now = new Date('2026-11-29T04:00:00.000Z');

  it('a duration in days, hours and minutes, rounded up to the minute', () => {
    expect(formatDuration(30 * 60_000)).toBe('30 分');
    expect(formatDuration(20_000)).toBe('1 分');
    expect(formatDuration(0)).toBe('1 分');
    expect(formatDuration(135 * 60_000)).toBe('2 小时 15 分');
    expect(formatDuration(3 * 3600_000)).toBe('3 小时');
    expect(formatDuration((2 * 24 + 3) * 3600_000)).toBe('2 天 3 小时');
    expect(formatDuration(2 * 24 * 3600_000)).toBe('2 天');
  });

  it('a deadline: time left, or how late it is', () => {
    expect(deadlineText('2026-11-29T04:30:00.000Z', now)).toEqual({ text: '还剩 30 分', late: false });
    expect(deadlineText('2026-11-29T02:45:00.000Z', now)).toEqual({ text: '已超时 1 小时 15 分', late: true });
    expect(deadlineText(now, now)).toEqual({ text: '已超时 1 分', late: true });
    expect(deadlineText(null, now)).toBeNull();
    expect(deadlineText('soon', now)).toBeNull();
  });
});
