import { DISPLAY_TIME_ZONE } from '@anxin/shared';

/** "12月1日 14:30" in Beijing time, for message bodies. */
export function shanghaiTime(d: Date): string {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: DISPLAY_TIME_ZONE, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('month')}月${get('day')}日 ${get('hour')}:${get('minute')}`;
}

/** The staff page of a tip. Messages name the page and never carry tip content (they pass through WeChat). */
export function tipPage(tipId: string): string {
  return `subpackages/staff-tips/detail/index?id=${tipId}`;
}

/** The reporter's follow-up entry (receipt needed): what a reply alert opens, so it names no tip. */
export const REPORTER_FOLLOWUP_PAGE = 'subpackages/tips/followup/index';
