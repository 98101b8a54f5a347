import type { EntityManager } from 'typeorm';

/**
 * The contract of the delivery spine (Foundation 3/3). Services enqueue messages *inside their own
 * transaction* with `OutboxService.enqueue(manager, message)` (or `enqueueMany`); the worker delivers them later.
 */
export type OutboxChannel = 'wechat_subscribe' | 'wecom_robot' | 'inbox_only' | 'sms' | 'voice';

/** What to do when a message permanently cannot be delivered on its channel (43101 refused, 40003 bad openid…). */
export type OutboxFallback =
  | { kind: 'inbox_only' } // it is already in the recipient's in-app inbox; mark failed, alert nobody else
  | { kind: 'next_recipient'; userIds: string[] } // try these users, one after another
  | { kind: 'alert_admins'; schoolId: string }; // raise an alert visible to the school admin

export interface OutboxMessage {
  /** Domain event key: one event is enqueued once (a second enqueue with the same key is a no-op). */
  dedupeKey: string;
  channel: OutboxChannel;
  /** School the message belongs to (alerts and stats are per school). */
  schoolId: string | null;
  /** The user it is for (wechat_subscribe / inbox_only). Also gets the in-app inbox copy. */
  recipientUserId?: string | null;
  /** wecom_robot: the robot registration (never the webhook key itself; see platform/robots). */
  robotId?: string | null;
  /** Template kind known to the templates registry (e.g. 'tip.new', 'tip.escalated', 'notice.published'). */
  template: string;
  /** Title and body shown in the in-app inbox; also the source of template values. */
  title: string;
  body: string;
  /** Mini-program page to open, e.g. `subpackages/staff-tips/detail/index?id=…`. */
  page?: string | null;
  /** Extra template values. sms / voice: `phone`, the number sealed for delivery (platform/telephony `phoneAad`). */
  data?: Record<string, string>;
  fallback?: OutboxFallback;
  /** Not before this time (defaults to now). */
  dueAt?: Date;
}

export interface OutboxEnqueuer {
  enqueue(manager: EntityManager, message: OutboxMessage): Promise<void>;
  /** The same for many messages: multi-row inserts, the same rows and dedupe rules, one wake-up. */
  enqueueMany(manager: EntityManager, messages: OutboxMessage[]): Promise<void>;
}
