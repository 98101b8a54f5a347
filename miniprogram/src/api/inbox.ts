import type { InboxItem, Page, UnreadCountResponse } from '@anxin/shared';
import { api } from './client';

export const inboxApi = {
  list: (query: { unreadOnly?: boolean; limit?: number; before?: string } = {}) => api.get<Page<InboxItem>>('/me/inbox', query),
  unreadCount: () => api.get<UnreadCountResponse>('/me/inbox/unread-count'),
  markRead: (id: string) => api.post<void>(`/me/inbox/${encodeURIComponent(id)}/read`),
};
