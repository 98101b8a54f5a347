import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { insertOrIgnore } from '../database/insert-ignore';
import { InboxItemEntity } from '../inbox/inbox-item.entity';
import { OutboxEntity } from './outbox.entity';
import { markOutboxEnqueued } from './outbox-wake';
import type { OutboxEnqueuer, OutboxMessage } from './outbox.types';

/**
 * The one way to send a message: `enqueue(m, message)` inside the transaction of the change it announces.
 * It writes the outbox row (once per dedupe key) and the recipient's in-app inbox copy; the worker delivers
 * the row later (the in-process worker is woken when the transaction commits). Nothing is sent from inside a request.
 */
@Injectable()
export class OutboxService implements OutboxEnqueuer {
  constructor(private readonly clock: Clock) {}

  async enqueue(m: EntityManager, message: OutboxMessage): Promise<void> {
    checkMessage(message);
    const now = this.clock.now();
    const inboxOnly = message.channel === 'inbox_only';
    await insertOrIgnore(m, OutboxEntity, {
      id: randomUUID(),
      dedupeKey: message.dedupeKey,
      channel: message.channel,
      schoolId: message.schoolId ?? null,
      recipientUserId: message.recipientUserId ?? null,
      robotId: message.robotId ?? null,
      template: message.template,
      title: message.title.slice(0, 200),
      body: message.body,
      page: message.page ?? null,
      data: (message.data ?? null) as any,
      fallback: (message.fallback ?? null) as any,
      // An inbox-only message is delivered by being written to the inbox below.
      status: inboxOnly ? 'sent' : 'pending',
      attempts: 0,
      nextAttemptAt: message.dueAt ?? now,
      dueAt: message.dueAt ?? now,
      lastError: null,
      lockedBy: null,
      lockedUntil: null,
      sentAt: inboxOnly ? now : null,
      credit: null,
      deliveredVia: inboxOnly ? 'inbox_only' : null,
      deliveryReason: inboxOnly ? 'inbox_channel' : null,
      alertedAt: null,
      createdAt: now,
    });
    // The in-process worker starts delivering as soon as this transaction commits (outbox-wake.ts).
    if (!inboxOnly && (!message.dueAt || message.dueAt <= now)) markOutboxEnqueued(m);
    if (!message.recipientUserId) return;
    const row = await m.findOne(OutboxEntity, { where: { dedupeKey: message.dedupeKey }, select: { id: true } });
    await insertOrIgnore(m, InboxItemEntity, {
      id: randomUUID(),
      userId: message.recipientUserId,
      schoolId: message.schoolId ?? null,
      outboxId: row?.id ?? null,
      dedupeKey: message.dedupeKey,
      template: message.template,
      title: message.title.slice(0, 200),
      body: message.body,
      page: message.page ?? null,
      createdAt: now,
      readAt: null,
    });
  }
}

/** Programming errors, caught before anything is written. */
export function checkMessage(message: OutboxMessage): void {
  if (!message.dedupeKey || message.dedupeKey.length > 191) throw new Error('outbox: dedupeKey must be 1–191 characters');
  if ((message.channel === 'wechat_subscribe' || message.channel === 'inbox_only') && !message.recipientUserId) {
    throw new Error(`outbox: channel ${message.channel} needs recipientUserId`);
  }
  if (message.channel === 'wecom_robot' && !message.robotId) throw new Error('outbox: channel wecom_robot needs robotId');
  if (!message.template) throw new Error('outbox: template is required');
  if (message.fallback?.kind === 'next_recipient' && !Array.isArray(message.fallback.userIds)) {
    throw new Error('outbox: next_recipient fallback needs userIds');
  }
}
