import type { IsoDateTime } from './common';
import type { DeliveryOutcome } from './delivery';

/** A message in the user's in-app inbox: every message Anxin sends is here too, so nothing lives only in WeChat. */
export interface InboxItem {
  id: string;
  template: string;
  title: string;
  body: string;
  /** Mini-program page to open, e.g. `pages/staff/tip-detail?id=…`. */
  page: string | null;
  createdAt: IsoDateTime;
  readAt: IsoDateTime | null;
  /** How this message reached the user besides the inbox: WeChat, or only here, and why (see inboxDeliveryLabel). */
  delivery: DeliveryOutcome;
}
// Routes: GET /me/inbox?unreadOnly=&limit=&before= → Page<InboxItem>; GET /me/inbox/unread-count → { count };
//         POST /me/inbox/{id}/read → 204; POST /me/inbox/read-all → 204.
export interface UnreadCountResponse { count: number }
