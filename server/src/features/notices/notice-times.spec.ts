import { quietHoursOf, quietUntil, receiptDay, termStart } from './notice-times';

const DEFAULT = { start: '21:00', end: '07:00' };
/** A Shanghai wall-clock time as the UTC instant (Shanghai = UTC+8). */
const sh = (iso: string) => new Date(`${iso}+08:00`);

describe('quiet hours (Asia/Shanghai)', () => {
  it('holds a message sent between 21:00 and 07:00 until the next 07:00', () => {
    expect(quietUntil(sh('2026-11-30T21:00:00'), DEFAULT)).toEqual(sh('2026-12-01T07:00:00'));
    expect(quietUntil(sh('2026-11-30T23:59:59'), DEFAULT)).toEqual(sh('2026-12-01T07:00:00'));
    // 22:30 in Shanghai is 14:30 UTC the same day; 00:30 is 16:30 UTC the day before.
    expect(quietUntil(new Date('2026-11-30T14:30:00Z'), DEFAULT)).toEqual(new Date('2026-11-30T23:00:00Z'));
    expect(quietUntil(sh('2026-12-01T00:30:00'), DEFAULT)).toEqual(sh('2026-12-01T07:00:00'));
    expect(quietUntil(sh('2026-12-01T06:59:59'), DEFAULT)).toEqual(sh('2026-12-01T07:00:00'));
    // across a month and a year
    expect(quietUntil(sh('2026-12-31T22:00:00'), DEFAULT)).toEqual(sh('2027-01-01T07:00:00'));
  });

  it('lets a message through from 07:00 to 20:59', () => {
    for (const t of ['2026-12-01T07:00:00', '2026-12-01T12:00:00', '2026-12-01T20:59:59']) expect(quietUntil(sh(t), DEFAULT)).toBeNull();
  });

  it('takes a school window that does not wrap midnight, and no window when start equals end', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(quietUntil(sh('2026-12-01T12:10:00'), lunch)).toEqual(sh('2026-12-01T13:30:00'));
    expect(quietUntil(sh('2026-12-01T13:30:00'), lunch)).toBeNull();
    expect(quietUntil(sh('2026-12-01T11:59:00'), lunch)).toBeNull();
    expect(quietUntil(sh('2026-12-01T03:00:00'), { start: '00:00', end: '00:00' })).toBeNull();
  });

  it("reads the school's setting, falling back to 21:00–07:00 when it is missing or malformed", () => {
    expect(quietHoursOf(null)).toEqual(DEFAULT);
    expect(quietHoursOf({ tips: {} })).toEqual(DEFAULT);
    expect(quietHoursOf({ notices: { quietHours: { start: '22:00', end: '06:30' } } })).toEqual({ start: '22:00', end: '06:30' });
    expect(quietHoursOf({ notices: { quietHours: { start: '25:00', end: '06:30' } } })).toEqual(DEFAULT);
    expect(quietHoursOf({ notices: { quietHours: { start: '22:00' } } })).toEqual(DEFAULT);
  });
});

describe('term start', () => {
  it('is 1 August (autumn term, to January) or 1 February (spring term), 00:00 Shanghai', () => {
    expect(termStart(sh('2026-11-30T10:00:00'))).toEqual(sh('2026-08-01T00:00:00'));
    expect(termStart(sh('2027-01-20T10:00:00'))).toEqual(sh('2026-08-01T00:00:00'));
    expect(termStart(sh('2027-02-01T00:00:00'))).toEqual(sh('2027-02-01T00:00:00'));
    expect(termStart(sh('2027-07-31T23:59:00'))).toEqual(sh('2027-02-01T00:00:00'));
    // 31 July 20:00 UTC is already 1 August in Shanghai
    expect(termStart(new Date('2027-07-31T20:00:00Z'))).toEqual(sh('2027-08-01T00:00:00'));
  });

  it("follows the school's district calendar: the day after the previous semester ended", () => {
    const calendar = [{ schoolYear: 2026, first: { startsOn: '2026-08-25', endsOn: '2027-01-20' }, second: { startsOn: '2027-02-20', endsOn: '2027-07-10' } }];
    expect(termStart(sh('2026-11-30T10:00:00'), calendar)).toEqual(sh('2026-08-01T00:00:00'));
    // the winter holiday from 21 January belongs to the spring term
    expect(termStart(sh('2027-01-25T10:00:00'), calendar)).toEqual(sh('2027-01-21T00:00:00'));
    expect(termStart(sh('2027-07-20T10:00:00'), calendar)).toEqual(sh('2027-07-11T00:00:00'));
  });
});

describe('the day a receipt records (Asia/Shanghai)', () => {
  it('is the Shanghai calendar day, with no time of day', () => {
    expect(receiptDay(sh('2031-05-06T00:00:00'))).toBe('2031-05-06');
    expect(receiptDay(sh('2031-05-06T23:59:59'))).toBe('2031-05-06');
    // 07:30 in Shanghai is 23:30 UTC the day before: the Shanghai day counts.
    expect(receiptDay(new Date('2031-05-05T23:30:00Z'))).toBe('2031-05-06');
    expect(receiptDay(new Date('2031-05-05T15:59:59Z'))).toBe('2031-05-05');
  });
});
