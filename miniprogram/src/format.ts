import { DISPLAY_TIME_ZONE } from '@anxin/shared';

/** ISO UTC → "2026-11-29 11:04" in Asia/Shanghai (times are stored UTC, shown in China time). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  // UTC+8 without relying on Intl time-zone data (not every WeChat runtime ships it).
  const offsetHours = DISPLAY_TIME_ZONE === 'Asia/Shanghai' ? 8 : 0;
  const t = new Date(d.getTime() + offsetHours * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
}
