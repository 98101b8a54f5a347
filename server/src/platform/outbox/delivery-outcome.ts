import type { DeliveryOutcome } from '@anxin/shared';
import type { OutboxEntity } from './outbox.entity';

/**
 * The outcome of a row as the app shows it. Open rows are `pending`; a finished row carries its recorded outcome
 * (rows finished before outcomes were recorded, and robot rows closed by a migration, fall back to what their status
 * implies).
 */
export function outcomeOf(row: Pick<OutboxEntity, 'status' | 'channel' | 'deliveredVia' | 'deliveryReason'>): DeliveryOutcome {
  if (row.status === 'pending' || row.status === 'sending') return { via: 'pending', reason: null };
  if (row.deliveredVia) return { via: row.deliveredVia, reason: row.deliveryReason };
  if (row.status === 'sent') return { via: row.channel === 'wecom_robot' ? 'wecom_robot' : row.channel === 'inbox_only' ? 'inbox_only' : 'wechat', reason: null };
  return { via: row.channel === 'wecom_robot' ? 'undelivered' : 'inbox_only', reason: row.status === 'dead' ? 'retries_exhausted' : 'send_error' };
}
