import {
  DEFAULT_LEDGER_DUTIES, ledgerDueOn, ledgerRemindAt, ledgerStatus, ledgerWindow, semesterAt, semesterByKey, type SchoolYearCalendar,
} from '@anxin/shared';

/** Shanghai wall time → instant. */
const sh = (s: string) => new Date(`${s}+08:00`);

describe('ledgerStatus (the one status rule)', () => {
  const due = sh('2027-02-01T00:00:00');

  it('done when every required thing is covered, before or after the due time', () => {
    expect(ledgerStatus(1, 1, due, sh('2026-10-01T09:00:00'))).toBe('done');
    expect(ledgerStatus(12, 12, due, sh('2027-03-01T09:00:00'))).toBe('done');
    expect(ledgerStatus(0, 0, due, sh('2027-03-01T09:00:00'))).toBe('done');
  });

  it('due with nothing covered before the due time, partly with some', () => {
    expect(ledgerStatus(1, 0, due, sh('2026-10-01T09:00:00'))).toBe('due');
    expect(ledgerStatus(12, 5, due, sh('2026-10-01T09:00:00'))).toBe('partly');
  });

  it('overdue from the due instant on when not complete (some or nothing)', () => {
    expect(ledgerStatus(1, 0, due, new Date(due.getTime() - 1))).toBe('due');
    expect(ledgerStatus(1, 0, due, due)).toBe('overdue');
    expect(ledgerStatus(12, 11, due, due)).toBe('overdue');
  });

  it('takes ISO strings as the app sends them', () => {
    expect(ledgerStatus(2, 1, due.toISOString(), sh('2026-12-01T00:00:00').toISOString())).toBe('partly');
  });
});

describe('ledgerWindow across semesters (default calendar)', () => {
  const cal: SchoolYearCalendar[] = [];
  const autumn = semesterByKey(cal, '2026-1')!;
  const spring = semesterByKey(cal, '2026-2')!;

  it('a semester duty: the counting window, due when it ends (the last day is 31 January)', () => {
    const w = ledgerWindow(cal, autumn, 'semester');
    expect(w.from).toEqual(sh('2026-08-01T00:00:00'));
    expect(w.until).toEqual(sh('2027-02-01T00:00:00'));
    expect(w.dueAt).toEqual(w.until);
    expect(ledgerDueOn(w.dueAt)).toBe('2027-01-31');
    expect(ledgerRemindAt(w.dueAt)).toEqual(sh('2027-01-18T00:00:00'));
  });

  it('a yearly duty spans both semesters and falls due when the second ends, whichever semester is asked', () => {
    const a = ledgerWindow(cal, autumn, 'year');
    const b = ledgerWindow(cal, spring, 'year');
    expect(a).toEqual(b);
    expect(a.from).toEqual(sh('2026-08-01T00:00:00'));
    expect(a.dueAt).toEqual(sh('2027-08-01T00:00:00'));
  });

  it('training counts for three years back from the end of the semester', () => {
    const w = ledgerWindow(cal, spring, 'teacher_3y');
    expect(w.until).toEqual(sh('2027-08-01T00:00:00'));
    expect(w.from).toEqual(sh('2024-08-01T00:00:00'));
  });

  it('a standing duty: any time before the semester ends, due 30 days after its first day', () => {
    const w = ledgerWindow(cal, autumn, 'standing');
    expect(w.from.getTime()).toBe(0);
    expect(w.dueAt).toEqual(sh('2026-10-01T00:00:00'));
  });

  it('a moved clock: a semester duty is due in term, overdue in the next semester, and the next semester starts afresh', () => {
    const w = ledgerWindow(cal, autumn, 'semester');
    expect(ledgerStatus(1, 0, w.dueAt, sh('2027-01-31T23:59:00'))).toBe('due');
    expect(ledgerStatus(1, 0, w.dueAt, sh('2027-02-01T00:00:00'))).toBe('overdue');
    const next = semesterAt(cal, sh('2027-02-01T00:00:00'));
    expect(next.key).toBe('2026-2');
    expect(ledgerStatus(1, 0, ledgerWindow(cal, next, 'semester').dueAt, sh('2027-02-01T00:00:00'))).toBe('due');
  });

  it("follows a district's own dates", () => {
    const own: SchoolYearCalendar[] = [{ schoolYear: 2026, first: { startsOn: '2026-09-01', endsOn: '2027-01-20' }, second: { startsOn: '2027-02-20', endsOn: '2027-07-10' } }];
    const w = ledgerWindow(own, semesterByKey(own, '2026-1')!, 'semester');
    expect(ledgerDueOn(w.dueAt)).toBe('2027-01-20');
    expect(ledgerStatus(1, 0, w.dueAt, sh('2027-01-25T10:00:00'))).toBe('overdue');
  });
});

describe('the default catalogue', () => {
  it('has unique keys and the duties the policy asks for', () => {
    const keys = DEFAULT_LEDGER_DUTIES.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(DEFAULT_LEDGER_DUTIES.find((d) => d.key === 'class_meeting')?.frequency).toBe('class_semester');
    expect(DEFAULT_LEDGER_DUTIES.find((d) => d.key === 'staff_training')?.frequency).toBe('teacher_3y');
    expect(DEFAULT_LEDGER_DUTIES.find((d) => d.key === 'pledge')?.frequency).toBe('year');
    expect(DEFAULT_LEDGER_DUTIES.find((d) => d.key === 'letter_home')?.source).toBe('letter');
  });
});
