import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { insertOrIgnore } from '../database/insert-ignore';
import { insertManyIgnoringDuplicates, insertPlanned, planInsertMany, plannedWrites, type PlannedInsert } from '../database/insert-many';
import type { PipelinedWrite } from '../database/pipelined-commit';
import { InboxItemEntity } from '../inbox/inbox-item.entity';
import { OutboxEntity } from './outbox.entity';
import { markOutboxEnqueued } from './outbox-wake';
import type { OutboxEnqueuer, OutboxMessage } from './outbox.types';

/**
 * The one way to send a message: `enqueue(m, message)` inside the transaction of the change it announces, or
 * `enqueueMany(m, messages)` for many at once (a notice's fan-out). It writes the outbox row (once per dedupe key)
 * and the recipient's in-app inbox copy; the worker delivers the row later (the in-process worker is woken when the
 * transaction commits). Nothing is sent from inside a request.
 */
@Injectable()
export class OutboxService implements OutboxEnqueuer {
  constructor(private readonly clock: Clock) {}

  async enqueue(m: EntityManager, message: OutboxMessage): Promise<void> {
    checkMessage(message);
    const now = this.clock.now();
    await insertOrIgnore(m, OutboxEntity, outboxRow(message, now));
    // The in-process worker starts delivering as soon as this transaction commits (outbox-wake.ts).
    if (dueNow(message, now)) markOutboxEnqueued(m);
    if (!message.recipientUserId) return;
    const row = await m.findOne(OutboxEntity, { where: { dedupeKey: message.dedupeKey }, select: { id: true } });
    await insertOrIgnore(m, InboxItemEntity, inboxItem(message, row?.id ?? null, now));
  }

  /**
   * `enqueue` for many messages in one go, with the same rows and the same rules: multi-row INSERTs of the outbox
   * rows, then of their inbox copies (insert-many.ts: chunked, a taken dedupe key skipped, not an error; a key given
   * twice keeps the first message), each copy pointing at the row that holds its dedupe key — the one written here,
   * or the one that held it already. The in-process worker is woken once, after the commit.
   */
  async enqueueMany(m: EntityManager, messages: OutboxMessage[]): Promise<void> {
    await this.enqueuePlanned(m, this.plan(m.connection, messages));
  }

  /**
   * `enqueueMany` in two steps, for a caller that builds its messages before the transaction that writes them (a
   * notice's fan-out builds its next batch while the last one is written): the messages checked and their rows and
   * statements built now (`planInsertMany`), and written by `enqueuePlanned` in that transaction. The rows are made
   * at the time of `plan`: in dedupe-key order (stable: the first of two messages with one key stays first), so two
   * transactions enqueueing overlapping keys take their locks in the same order, each inbox copy pointing at the row
   * made for its key.
   */
  plan(ds: DataSource, messages: OutboxMessage[]): PlannedMessages {
    for (const message of messages) checkMessage(message);
    const now = this.clock.now();
    const sorted = [...messages].sort((a, b) => (a.dedupeKey < b.dedupeKey ? -1 : a.dedupeKey > b.dedupeKey ? 1 : 0));
    const rows = sorted.map((message) => outboxRow(message, now));
    const addressed = sorted.filter((message) => message.recipientUserId);
    const rowOf = new Map<string, string>();
    for (const r of rows) if (!rowOf.has(r.dedupeKey)) rowOf.set(r.dedupeKey, r.id);
    const inbox = addressed.map((message) => inboxItem(message, rowOf.get(message.dedupeKey)!, now));
    return {
      now, rows, addressed, dueNow: sorted.some((message) => dueNow(message, now)),
      rowsInsert: planInsertMany(ds, OutboxEntity, rows), inboxInsert: planInsertMany(ds, InboxItemEntity, inbox),
    };
  }

  /**
   * The outbox rows, then the inbox copies: as planned when every row was new, otherwise each pointing at the row
   * that holds its key (read back). The in-process worker is woken at commit if one is due now.
   */
  async enqueuePlanned(m: EntityManager, planned: PlannedMessages): Promise<void> {
    const inserted = await insertPlanned(m, planned.rowsInsert);
    if (planned.dueNow) markOutboxEnqueued(m);
    if (!planned.addressed.length) return;
    if (inserted === planned.rows.length) {
      await insertPlanned(m, planned.inboxInsert);
      return;
    }
    const ids = await outboxIds(m, [...new Set(planned.addressed.map((message) => message.dedupeKey))]);
    await insertManyIgnoringDuplicates(m, InboxItemEntity, planned.addressed.map((message) => inboxItem(message, ids.get(message.dedupeKey) ?? null, planned.now)));
  }

  /**
   * `enqueuePlanned` as writes for a pipelined commit on MariaDB/MySQL (`commitPipelined`): the rows, then the inbox
   * copies as planned, each expected to insert all it carries (a key already taken refuses the commit, and the caller
   * enqueues the careful way). Wakes the worker at the transaction's end if one is due now.
   */
  pipelinedWrites(m: EntityManager, planned: PlannedMessages): PipelinedWrite[] {
    if (planned.dueNow) markOutboxEnqueued(m);
    return [...plannedWrites(planned.rowsInsert), ...(planned.addressed.length ? plannedWrites(planned.inboxInsert) : [])];
  }
}

/** Messages as rows and statements, planned ahead of their transaction (`OutboxService.plan`), for `enqueuePlanned`. */
export interface PlannedMessages {
  now: Date;
  rows: OutboxEntity[];
  /** The messages with a recipient (each gets an inbox copy). */
  addressed: OutboxMessage[];
  /** One of them is for the worker to send now: wake it at commit. */
  dueNow: boolean;
  rowsInsert: PlannedInsert;
  /** The inbox copies, pointing at the rows planned for their keys: used when every row was new. */
  inboxInsert: PlannedInsert;
}

/** The outbox row of a message enqueued at `now`. */
function outboxRow(message: OutboxMessage, now: Date): OutboxEntity {
  const inboxOnly = message.channel === 'inbox_only';
  return {
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
    data: message.data ?? null,
    fallback: message.fallback ?? null,
    // An inbox-only message is delivered by being written to the inbox.
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
  } as OutboxEntity;
}

/** The recipient's in-app copy of a message, pointing at the outbox row that holds its dedupe key. */
function inboxItem(message: OutboxMessage, outboxId: string | null, now: Date): InboxItemEntity {
  return {
    id: randomUUID(),
    userId: message.recipientUserId!,
    schoolId: message.schoolId ?? null,
    outboxId,
    dedupeKey: message.dedupeKey,
    template: message.template,
    title: message.title.slice(0, 200),
    body: message.body,
    page: message.page ?? null,
    createdAt: now,
    readAt: null,
  } as InboxItemEntity;
}

/** Due now (not held back to a later time) and for the worker to send: wake it at commit. */
function dueNow(message: OutboxMessage, now: Date): boolean {
  return message.channel !== 'inbox_only' && (!message.dueAt || message.dueAt <= now);
}

/** dedupe key → id of the outbox row holding it. */
async function outboxIds(m: EntityManager, keys: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await m.find(OutboxEntity, { where: { dedupeKey: In(keys.slice(i, i + 500)) }, select: { id: true, dedupeKey: true } });
    for (const r of rows) out.set(r.dedupeKey, r.id);
  }
  return out;
}

/** Programming errors, caught before anything is written. */
export function checkMessage(message: OutboxMessage): void {
  if (!message.dedupeKey || message.dedupeKey.length > 191) throw new Error('outbox: dedupeKey must be 1–191 characters');
  if ((message.channel === 'wechat_subscribe' || message.channel === 'inbox_only') && !message.recipientUserId) {
    throw new Error(`outbox: channel ${message.channel} needs recipientUserId`);
  }
  if (message.channel === 'wecom_robot' && !message.robotId) throw new Error('outbox: channel wecom_robot needs robotId');
  if ((message.channel === 'sms' || message.channel === 'voice') && !message.data?.phone) throw new Error(`outbox: channel ${message.channel} needs data.phone`);
  if (!message.template) throw new Error('outbox: template is required');
  if (message.fallback?.kind === 'next_recipient' && !Array.isArray(message.fallback.userIds)) {
    throw new Error('outbox: next_recipient fallback needs userIds');
  }
}
