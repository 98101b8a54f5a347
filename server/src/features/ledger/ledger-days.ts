import { fromShanghaiParts } from '@anxin/shared';

/** 00:00 Asia/Shanghai at the start of a `YYYY-MM-DD` day (an activity's `held_at`). */
export function shanghaiDayStart(day: string): Date {
  const [year, month, d] = day.split('-').map(Number);
  return fromShanghaiParts({ year, month, day: d });
}
