import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TelephonyCallStatus } from './telephony-call.entity';

/** Something that happened to an SMS or call, told to whoever enqueued it (by its outbox dedupe key). */
export interface TelephonyEvent {
  dedupeKey: string;
  channel: 'sms' | 'voice';
  schoolId: string | null;
  status: TelephonyCallStatus;
  /** The key pressed (status `key`). */
  key?: string;
  error?: string;
}

export type TelephonyListener = (m: EntityManager, event: TelephonyEvent) => Promise<void>;

/**
 * The platform does not know what a call was for: a feature that enqueues SMS or calls registers a listener (at module
 * init), which is called inside the transaction that records the event, for every event whose dedupe key starts with
 * its prefix.
 */
@Injectable()
export class TelephonyEvents {
  private readonly listeners: { prefix: string; listener: TelephonyListener }[] = [];

  register(prefix: string, listener: TelephonyListener): void {
    this.listeners.push({ prefix, listener });
  }

  async emit(m: EntityManager, event: TelephonyEvent): Promise<void> {
    for (const { prefix, listener } of this.listeners) if (event.dedupeKey.startsWith(prefix)) await listener(m, event);
  }
}
