import { CALL_DOWN_CAP, callDownSkipReason, dutyShiftCovers, e164China, maskPhone, takesSms, URGENT_PHONE_PATTERN } from '../src/api/urgent';

const sh = (iso: string) => new Date(`${iso}+08:00`);

describe('urgent call-down rules both sides use', () => {
  it('masks a phone as 138****1234, whatever way it was written', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('+86 138 1234 1234')).toBe('138****1234');
    expect(maskPhone('0571-87654321')).toBe('057*****4321');
    expect(maskPhone('12345')).toBe('*****');
  });

  it('only a mainland mobile takes an SMS; a landline is called instead', () => {
    for (const m of ['13812341234', '+8613812341234', '+86 138 1234 1234']) expect({ m, sms: takesSms(m) }).toEqual({ m, sms: true });
    for (const l of ['0571-87654321', '01062345678', '+8657187654321', '+861062345678']) expect({ l, sms: takesSms(l) }).toEqual({ l, sms: false });
  });

  it('writes numbers the way Tencent Cloud takes them', () => {
    expect(e164China('13812341234')).toBe('+8613812341234');
    expect(e164China('+8613812341234')).toBe('+8613812341234');
    expect(e164China('0571-87654321')).toBe('+8657187654321');
    // a landline written with the country prefix and its trunk 0 (URGENT_PHONE_PATTERN takes it) is not prefixed twice
    expect(e164China('+860571-87654321')).toBe('+8657187654321');
    expect(maskPhone('+860571-87654321')).toBe('057*****4321');
    expect(takesSms('+860571-87654321')).toBe(false);
  });

  it('takes mobiles and landlines, refuses anything else', () => {
    for (const ok of ['13812341234', '+8613812341234', '0571-87654321', '01062345678']) expect({ ok, m: URGENT_PHONE_PATTERN.test(ok) }).toEqual({ ok, m: true });
    for (const bad of ['12345', '1381234123', '23812341234', 'abc', '138123412345']) expect({ bad, m: URGENT_PHONE_PATTERN.test(bad) }).toEqual({ bad, m: false });
  });

  it('a night shift covers its evening and the early hours of the next day, in Shanghai time', () => {
    const thursdayNight = { weekdays: [4], date: null, start: '18:00', end: '08:00' };
    expect(dutyShiftCovers(thursdayNight, sh('2026-10-15T17:59:00'))).toBe(false); // Thursday before it starts
    expect(dutyShiftCovers(thursdayNight, sh('2026-10-15T18:00:00'))).toBe(true);
    expect(dutyShiftCovers(thursdayNight, sh('2026-10-15T23:40:00'))).toBe(true);
    expect(dutyShiftCovers(thursdayNight, sh('2026-10-16T07:59:00'))).toBe(true); // Friday morning
    expect(dutyShiftCovers(thursdayNight, sh('2026-10-16T08:00:00'))).toBe(false);
    expect(dutyShiftCovers(thursdayNight, sh('2026-10-16T23:00:00'))).toBe(false); // Friday night is not Thursday's
    expect(dutyShiftCovers(thursdayNight, sh('2026-10-14T23:00:00'))).toBe(false); // Wednesday
  });

  it('a holiday shift covers its date; a day shift its hours only', () => {
    const holiday = { weekdays: [], date: '2026-10-01', start: '00:00', end: '00:00' };
    expect(dutyShiftCovers(holiday, sh('2026-10-01T12:00:00'))).toBe(true);
    expect(dutyShiftCovers(holiday, sh('2026-10-02T12:00:00'))).toBe(false);
    const saturdayDay = { weekdays: [6], date: null, start: '08:00', end: '18:00' };
    expect(dutyShiftCovers(saturdayDay, sh('2026-10-17T12:00:00'))).toBe(true);
    expect(dutyShiftCovers(saturdayDay, sh('2026-10-17T19:00:00'))).toBe(false);
  });
});

describe('the school-wide cap on call-downs', () => {
  it('lets the first 3 automatic call-downs of the hour start, skips the 4th, and skips all during a flood', () => {
    expect(CALL_DOWN_CAP).toEqual({ perWindow: 3, windowMinutes: 60 });
    expect([0, 1, 2, 3, 9].map((startedInWindow) => callDownSkipReason({ reason: 'in_danger', startedInWindow, inFlood: false })))
      .toEqual([null, null, null, 'school_cap', 'school_cap']);
    expect(callDownSkipReason({ reason: 'ongoing', startedInWindow: 0, inFlood: true })).toBe('flood');
  });

  it('never caps a handler’s 标记紧急', () => {
    expect(callDownSkipReason({ reason: 'marked', startedInWindow: 50, inFlood: true })).toBeNull();
  });
});
