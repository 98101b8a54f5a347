import { lastErasableYear } from './retention-receipts';
import { addYears, dueAt } from './tip-erasure';

describe('retention dates', () => {
  it('adds calendar years in UTC; 29 February moves to 1 March in a common year', () => {
    expect(addYears(new Date('2026-12-01T03:04:05.678Z'), 3).toISOString()).toBe('2029-12-01T03:04:05.678Z');
    expect(addYears(new Date('2028-02-29T10:00:00.000Z'), 1).toISOString()).toBe('2029-03-01T10:00:00.000Z');
    const closed = new Date('2027-06-30T16:00:00.000Z');
    expect(dueAt('tip_content', closed, { tipContentYears: 5, unansweredThreadYears: 1 }).toISOString()).toBe('2032-06-30T16:00:00.000Z');
    expect(dueAt('unanswered_thread', closed, { tipContentYears: 5, unansweredThreadYears: 1 }).toISOString()).toBe('2028-06-30T16:00:00.000Z');
  });

  it('a school year (1 August to 31 July, Shanghai) is erasable once it and two more years are over', () => {
    // The 2026-2027 year ends 2027-07-31; + 2 years: erasable from 2029-08-01 00:00 Shanghai (2029-07-31 16:00 UTC).
    expect(lastErasableYear(new Date('2029-07-31T15:59:59.000Z'), 2)).toBe(2025);
    expect(lastErasableYear(new Date('2029-07-31T16:00:00.000Z'), 2)).toBe(2026);
    expect(lastErasableYear(new Date('2029-07-31T16:00:00.000Z'), 3)).toBe(2025);
  });
});
