import { suppressCount, suppressShare, type NoticeFigures } from '@anxin/shared';
import type { NoticeSums } from './notice-tallies';

/** A school's summed notice tallies as a dashboard sends them (small counts suppressed unless `exact`). */
export function noticeFigures(s: NoticeSums, exact: boolean): NoticeFigures {
  return {
    published: s.published,
    recipients: suppressCount(s.recipients, exact),
    read: suppressCount(s.read, exact),
    acknowledged: suppressCount(s.acknowledged, exact),
    readShare: suppressShare(s.read, s.recipients, exact),
    acknowledgedShare: suppressShare(s.acknowledged, s.recipients, exact),
    countedAt: s.countedAt ? s.countedAt.toISOString() : null,
  };
}
