import {
  formatDate, fromShanghaiParts, NOTICE_QUIET_HOURS_DEFAULT, NOTICE_TIME_OF_DAY, semesterAt, shanghaiParts, type NoticeQuietHours,
  type SchoolYearCalendar, type ShanghaiDay,
} from '@anxin/shared';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The school's quiet hours (`schools.settings.notices.quietHours`), or the default 21:00–07:00 when unset or malformed. */
export function quietHoursOf(settings: Record<string, unknown> | null | undefined): NoticeQuietHours {
  const q = (settings?.notices as { quietHours?: Partial<NoticeQuietHours> } | undefined)?.quietHours;
  if (q && typeof q.start === 'string' && typeof q.end === 'string' && NOTICE_TIME_OF_DAY.test(q.start) && NOTICE_TIME_OF_DAY.test(q.end)) {
    return { start: q.start, end: q.end };
  }
  return { ...NOTICE_QUIET_HOURS_DEFAULT };
}

/**
 * When a message sent at `now` may be pushed: null if `now` is outside the quiet hours, else the next `end` (Asia/Shanghai).
 * The window may wrap midnight (21:00–07:00); a window whose start equals its end is no window at all.
 */
export function quietUntil(now: Date, quiet: NoticeQuietHours): Date | null {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const p = shanghaiParts(now)!;
  const minute = p.hour * 60 + p.minute;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return null;
  let at = fromShanghaiParts({ year: p.year, month: p.month, day: p.day }).getTime() + end * MINUTE;
  if (at <= now.getTime()) at += DAY;
  return new Date(at);
}

/**
 * The start of the school term `now` is in (00:00 Asia/Shanghai), by the school's district calendar (`calendar`, from
 * features/calendar/district-calendar.ts; the default calendar when the district set none): the start of the
 * semester's counting window, so the holidays before a semester belong to it (with the default calendar, 1 August
 * for the autumn term and 1 February for the spring term). A guardian who joins a class late receives what the class
 * was sent since then.
 */
export function termStart(now: Date, calendar: readonly SchoolYearCalendar[] = []): Date {
  return semesterAt(calendar, now).from;
}

/**
 * The day (Asia/Shanghai, `YYYY-MM-DD`) a guardian's read, confirmation, signature or answer is recorded under:
 * receipts keep the day, never the time of day, so nothing a guardian does sits beside an anonymous tip's time.
 */
export function receiptDay(now: Date): ShanghaiDay {
  return formatDate(now);
}
