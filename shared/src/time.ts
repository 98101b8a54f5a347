/**
 * Times are stored and sent in UTC and shown in Asia/Shanghai. This file is the one place that turns an instant into
 * the text a person reads, on the server (exports, messages, WeChat template values) and in the app.
 *
 * China has had no daylight saving time since 1991, so Shanghai time is UTC+8 all year. The offset is applied by
 * arithmetic rather than through Intl time-zone data, which not every WeChat runtime ships.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const MINUTE_MS = 60_000;

/** An instant: a Date, or an ISO-8601 string as the API sends it. */
export type Instant = Date | string;

/** The calendar fields of an instant in Asia/Shanghai (month 1–12). */
export interface ShanghaiParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function toMs(at: Instant | null | undefined): number | null {
  if (at === null || at === undefined || at === '') return null;
  const ms = (at instanceof Date ? at : new Date(at)).getTime();
  return Number.isNaN(ms) ? null : ms;
}

/** Calendar fields in Asia/Shanghai, or null for a missing or unreadable time. */
export function shanghaiParts(at: Instant | null | undefined): ShanghaiParts | null {
  const ms = toMs(at);
  if (ms === null) return null;
  const s = new Date(ms + SHANGHAI_OFFSET_MS);
  return { year: s.getUTCFullYear(), month: s.getUTCMonth() + 1, day: s.getUTCDate(), hour: s.getUTCHours(), minute: s.getUTCMinutes() };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `2026-11-29`: the calendar day in Asia/Shanghai; '' for a missing or unreadable time. */
export function formatDate(at: Instant | null | undefined): string {
  const p = shanghaiParts(at);
  return p ? `${p.year}-${pad2(p.month)}-${pad2(p.day)}` : '';
}

/** `2026-11-29 11:04` in Asia/Shanghai (lists, pages, exports); '' for a missing or unreadable time. */
export function formatDateTime(at: Instant | null | undefined): string {
  const p = shanghaiParts(at);
  return p ? `${p.year}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}` : '';
}

/** `12月1日 14:30` in Asia/Shanghai (short message bodies); '' for a missing or unreadable time. */
export function formatMonthDayTime(at: Instant | null | undefined): string {
  const p = shanghaiParts(at);
  return p ? `${p.month}月${p.day}日 ${pad2(p.hour)}:${pad2(p.minute)}` : '';
}

/** `2019年10月1日 15:01` in Asia/Shanghai (the form WeChat's `time` template values take); '' when missing. */
export function formatChineseDateTime(at: Instant | null | undefined): string {
  const p = shanghaiParts(at);
  return p ? `${p.year}年${p.month}月${p.day}日 ${pad2(p.hour)}:${pad2(p.minute)}` : '';
}

/** `2019年10月1日` in Asia/Shanghai (the form WeChat's `date` template values take); '' when missing. */
export function formatChineseDate(at: Instant | null | undefined): string {
  const p = shanghaiParts(at);
  return p ? `${p.year}年${p.month}月${p.day}日` : '';
}

/** The instant a Shanghai wall-clock time names (the inverse of shanghaiParts); hour and minute default to 0. */
export function fromShanghaiParts(p: { year: number; month: number; day: number; hour?: number; minute?: number }): Date {
  return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour ?? 0, p.minute ?? 0) - SHANGHAI_OFFSET_MS);
}

/**
 * The instant of `hour`:00 Asia/Shanghai on the Shanghai calendar day that contains `at` (which may be before or
 * after `at`): e.g. 08:00 on the day a 02:00 UTC job runs is 00:00 UTC of that day.
 */
export function shanghaiHourOn(at: Date, hour: number): Date {
  const p = shanghaiParts(at)!;
  return fromShanghaiParts({ year: p.year, month: p.month, day: p.day, hour });
}

/** `2 天 3 小时` / `2 小时 15 分` / `15 分` for a duration, rounded up to the minute (at least `1 分`). */
export function formatDuration(ms: number): string {
  const mins = Math.max(1, Math.ceil(ms / MINUTE_MS));
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  if (d > 0) return h > 0 ? `${d} 天 ${h} 小时` : `${d} 天`;
  if (h > 0) return m > 0 ? `${h} 小时 ${m} 分` : `${h} 小时`;
  return `${m} 分`;
}

/** A deadline relative to `now`: `还剩 2 小时 15 分`, or `已超时 30 分` (late) once it has passed; null when missing. */
export function deadlineText(due: Instant | null | undefined, now: Date): { text: string; late: boolean } | null {
  const dueMs = toMs(due);
  if (dueMs === null) return null;
  const left = dueMs - now.getTime();
  return left > 0 ? { text: `还剩 ${formatDuration(left)}`, late: false } : { text: `已超时 ${formatDuration(-left)}`, late: true };
}
