import Taro from '@tarojs/taro';
import { inboxApi } from '../api/inbox';
import { createStore, useStore } from './store';

/** Unread messages: shown as the badge of the 消息 tab and on 首页. */
export const unreadStore = createStore<number>(0);
export const useUnread = () => useStore(unreadStore);

const INBOX_TAB_INDEX = 1;

export function showUnread(count: number): void {
  unreadStore.set(count);
  // Only tab pages may set the badge; on other pages the call fails harmlessly.
  const p = count > 0
    ? Taro.setTabBarBadge({ index: INBOX_TAB_INDEX, text: count > 99 ? '99+' : String(count) })
    : Taro.removeTabBarBadge({ index: INBOX_TAB_INDEX });
  void Promise.resolve(p).catch(() => undefined);
}

export async function refreshUnread(): Promise<void> {
  try {
    const { count } = await inboxApi.unreadCount();
    showUnread(count);
  } catch {
    // Keep the last known count; the next page show tries again.
  }
}
