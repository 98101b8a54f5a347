/** The staff page of a tip. Messages name the page and never carry tip content (they pass through WeChat). */
export function tipPage(tipId: string): string {
  return `subpackages/staff-tips/detail/index?id=${tipId}`;
}

/** The reporter's follow-up entry (receipt needed): what a reply alert opens, so it names no tip. */
export const REPORTER_FOLLOWUP_PAGE = 'subpackages/tips/followup/index';
