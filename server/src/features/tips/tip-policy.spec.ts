import { ackDueAt, districtEscalationAt, investigationDueAt, reminderTimes, tipPolicy } from './tip-policy';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const t0 = new Date('2026-11-30T01:00:00.000Z');

describe('tip deadlines', () => {
  it('defaults: 3 h to acknowledge, 30 min when urgent, district at 12 h, 15 days with reminders on 10 and 14', () => {
    const p = tipPolicy(null);
    expect(ackDueAt(t0, false, p).getTime() - t0.getTime()).toBe(3 * H);
    expect(ackDueAt(t0, true, p).getTime() - t0.getTime()).toBe(30 * MIN);
    expect(districtEscalationAt(t0, p).getTime() - t0.getTime()).toBe(12 * H);
    expect(investigationDueAt(t0, p).getTime() - t0.getTime()).toBe(15 * D);
    expect(reminderTimes(t0, p).map((r) => r.day)).toEqual([10, 14]);
  });

  it('takes a school’s overrides and ignores nonsense (a typo never disables a deadline)', () => {
    const p = tipPolicy({ tips: { ackHours: 2, urgentAckMinutes: 15, investigationDays: 10, reminderDays: [7, 5] } });
    expect(p).toMatchObject({ ackHours: 2, urgentAckMinutes: 15, investigationDays: 10, reminderDays: [5, 7], districtEscalationHours: 12 });
    const bad = tipPolicy({ tips: { ackHours: -1, urgentAckMinutes: '30', investigationDays: 0, reminderDays: 'x' } });
    expect(bad).toMatchObject({ ackHours: 3, urgentAckMinutes: 30, investigationDays: 15, reminderDays: [10, 14] });
    // reminders at or after the deadline are dropped
    expect(reminderTimes(t0, tipPolicy({ tips: { investigationDays: 12 } })).map((r) => r.day)).toEqual([10]);
  });
});
