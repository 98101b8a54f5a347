import type { GuardianNoticeListItem } from '@anxin/shared';
import { noticesApi } from '../api/notices';
import { createStore, useStore } from './store';

/**
 * A guardian's notices as 首页 shows them: how many are unopened (the badge on 通知与家长信) and the urgent warnings
 * not yet confirmed (pinned at the top in red). The list orders pinned warnings first, so the first page holds them.
 */
export interface GuardianNoticeSummary {
  unread: number;
  pinned: GuardianNoticeListItem[];
}

export const guardianNoticesStore = createStore<GuardianNoticeSummary>({ unread: 0, pinned: [] });
export const useGuardianNotices = () => useStore(guardianNoticesStore);

export async function refreshGuardianNotices(): Promise<void> {
  try {
    const page = await noticesApi.mine({ limit: 20 });
    guardianNoticesStore.set({ unread: page.unread, pinned: page.items.filter((n) => n.pinned) });
  } catch {
    // Keep what was shown; the next time 首页 shows it tries again.
  }
}
