import type { IsoDateTime } from './common';

/** A delivery problem the school admin sees: a message late, refused or undeliverable on WeChat. */
export interface DeliveryAlert {
  id: string;
  kind: 'delivery.undelivered' | 'delivery.failed' | 'delivery.dead' | (string & {});
  title: string;
  body: string;
  subjectType: string | null;
  subjectId: string | null;
  createdAt: IsoDateTime;
  resolvedAt: IsoDateTime | null;
}
// Routes: GET /schools/{id}/delivery-alerts?limit= → Page<DeliveryAlert> (SCHOOL_MANAGE);
//         POST /schools/{id}/delivery-test → 202 { dedupeKey } (sends the caller a test message).
