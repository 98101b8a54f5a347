import {
  calendarProblems, defaultSchoolYear, previousSemester, recentSemesters, semesterAt, semesterByKey, semesterMonths, type SchoolYearCalendar,
} from '../src/semesters';

/** A Shanghai wall-clock time as the UTC instant (Shanghai = UTC+8). */
const sh = (iso: string) => new Date(`${iso}+08:00`);

describe('semesters: the default calendar (9/1–1/31, 2/1–7/31, Asia/Shanghai)', () => {
  it('puts a day in its semester, with the holidays before it', () => {
    expect(semesterAt([], sh('2026-11-30T10:00:00'))).toMatchObject({ key: '2026-1', label: '2026-2027学年 第一学期', startsOn: '2026-09-01', endsOn: '2027-01-31', custom: false });
    expect(semesterAt([], sh('2027-01-31T23:59:59')).key).toBe('2026-1');
    expect(semesterAt([], sh('2027-02-01T00:00:00')).key).toBe('2026-2');
    expect(semesterAt([], sh('2027-07-31T23:59:59')).key).toBe('2026-2');
    // the summer holiday belongs to the autumn semester after it
    expect(semesterAt([], sh('2027-08-01T00:00:00')).key).toBe('2027-1');
    expect(semesterAt([], sh('2027-08-20T09:00:00')).key).toBe('2027-1');
    // 31 July 20:00 UTC is already 1 August in Shanghai
    expect(semesterAt([], new Date('2027-07-31T20:00:00Z')).key).toBe('2027-1');
  });

  it('gives each semester a counting window from the day after the one before ended, 00:00 Shanghai', () => {
    const autumn = semesterByKey([], '2026-1')!;
    expect(autumn.from).toEqual(sh('2026-08-01T00:00:00'));
    expect(autumn.until).toEqual(sh('2027-02-01T00:00:00'));
    const spring = semesterByKey([], '2026-2')!;
    expect(spring.from).toEqual(autumn.until);
    expect(spring.until).toEqual(sh('2027-08-01T00:00:00'));
    expect(previousSemester([], spring).key).toBe('2026-1');
    expect(previousSemester([], autumn).key).toBe('2025-2');
    expect(recentSemesters([], sh('2027-03-01T08:00:00'), 3).map((s) => s.key)).toEqual(['2026-2', '2026-1', '2025-2']);
  });

  it('lists the months a window touches', () => {
    expect(semesterMonths(semesterByKey([], '2026-1')!)).toEqual(['2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01']);
    expect(semesterMonths(semesterByKey([], '2026-2')!)).toEqual(['2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07']);
  });

  it('refuses malformed keys and school years out of range', () => {
    for (const key of ['2026-3', '2026', '26-1', '2026-1x', '1999-1', '2100-2']) expect(semesterByKey([], key)).toBeNull();
  });
});

describe('semesters: a district calendar', () => {
  const own: SchoolYearCalendar[] = [{
    schoolYear: 2026, first: { startsOn: '2026-08-25', endsOn: '2027-01-20' }, second: { startsOn: '2027-02-20', endsOn: '2027-07-10' },
  }];

  it('uses the district dates where set and the default around them', () => {
    const autumn = semesterAt(own, sh('2026-11-30T10:00:00'));
    expect(autumn).toMatchObject({ key: '2026-1', startsOn: '2026-08-25', endsOn: '2027-01-20', custom: true });
    // the window starts after the default spring semester of 2025–2026 (ended 31 July)
    expect(autumn.from).toEqual(sh('2026-08-01T00:00:00'));
    expect(autumn.until).toEqual(sh('2027-01-21T00:00:00'));
    // the winter holiday from 21 January belongs to the spring semester
    expect(semesterAt(own, sh('2027-01-21T00:00:00')).key).toBe('2026-2');
    expect(semesterAt(own, sh('2027-07-10T23:59:00')).key).toBe('2026-2');
    const next = semesterAt(own, sh('2027-07-11T00:00:00'));
    expect(next).toMatchObject({ key: '2027-1', startsOn: '2027-09-01', custom: false });
    expect(next.from).toEqual(sh('2027-07-11T00:00:00'));
  });

  it('finds what is wrong, in Chinese', () => {
    expect(calendarProblems(own)).toEqual([]);
    expect(calendarProblems([defaultSchoolYear(2030)])).toEqual([]);
    const bad = (y: Partial<SchoolYearCalendar> & Pick<SchoolYearCalendar, 'schoolYear'>) => calendarProblems([{ ...defaultSchoolYear(y.schoolYear), ...y }]);
    expect(bad({ schoolYear: 2026, first: { startsOn: '2026-09-31', endsOn: '2027-01-31' } })[0]).toContain('日期无效');
    expect(bad({ schoolYear: 2026, first: { startsOn: '2026-09-01', endsOn: '2026-08-01' } })).toContain('2026-2027学年第一学期的结束日期早于开始日期');
    expect(bad({ schoolYear: 2026, second: { startsOn: '2027-01-15', endsOn: '2027-07-31' } })).toContain('2026-2027学年第二学期须在第一学期结束后开始');
    expect(bad({ schoolYear: 2026, first: { startsOn: '2026-11-15', endsOn: '2027-01-31' } })[0]).toContain('10 月 31 日之间开始');
    expect(bad({ schoolYear: 2026, second: { startsOn: '2027-02-01', endsOn: '2027-09-10' } })[0]).toContain('8 月 31 日之间结束');
    expect(bad({ schoolYear: 1990 })[0]).toContain('不在');
    // overlapping the next school year (the default one, starting 1 September)
    const late = calendarProblems([{ ...defaultSchoolYear(2026), second: { startsOn: '2027-02-01', endsOn: '2027-08-31' } }, { ...defaultSchoolYear(2027), first: { startsOn: '2027-08-20', endsOn: '2028-01-31' } }]);
    expect(late).toEqual(['2027-2028学年第一学期须在上一学年第二学期（至 2027-08-31）结束后开始']);
    expect(calendarProblems([defaultSchoolYear(2026), defaultSchoolYear(2026)])).toContain('2026-2027学年设置了两次');
  });
});
