import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { e164China } from '@anxin/shared';
import { Clock } from '../common/clock/clock';
import { CryptoService } from '../crypto/crypto.service';
import { inTransaction } from '../database/transaction';
import { TelephonyCallEntity } from './telephony-call.entity';
import { TelephonyEvents } from './telephony-events';
import { TencentCloudClient, TencentCloudError } from './tencent-cloud.client';

/** The associated data of the phone number sealed (delivery-only key) into an SMS/voice outbox row. */
export const phoneAad = (dedupeKey: string) => `outbox-phone:${dedupeKey}`;

/** An SMS/voice outbox row, as the sender needs it. */
export interface PhoneRow {
  id: string;
  dedupeKey: string;
  channel: string;
  schoolId: string | null;
  data: Record<string, string> | null;
}

export type PhoneSendResult = { ok: true } | { ok: false; error: string };

/**
 * Sends one SMS or voice outbox row: opens the phone number (sealed with the delivery-only key, never in clear in the
 * row), makes the one Tencent Cloud call outside any transaction, then records it in `telephony_calls` and tells the
 * row's sender (TelephonyEvents) in one transaction. A refusal or an HTTP/network error is final for the row: the
 * call-down moves on at once rather than retry a phone that did not ring.
 */
@Injectable()
export class TelephonySender {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly crypto: CryptoService,
    private readonly client: TencentCloudClient,
    private readonly events: TelephonyEvents,
  ) {}

  async send(row: PhoneRow): Promise<PhoneSendResult> {
    const channel = row.channel === 'voice' ? 'voice' : 'sms';
    let providerId: string | null = null;
    let error: string | null = null;
    const phone = row.data?.phone ? this.crypto.openForDelivery(row.data.phone, phoneAad(row.dedupeKey)) : null;
    if (!phone) error = 'NoPhone: the number cannot be opened';
    else {
      try {
        providerId = channel === 'sms' ? await this.client.sendSms(e164China(phone), row.id) : await this.client.sendTtsVoice(e164China(phone), row.id);
      } catch (e) {
        error = e instanceof TencentCloudError ? e.message : String((e as Error)?.message ?? e);
      }
    }
    const now = this.clock.now();
    await inTransaction(this.ds, async (m) => {
      await m.insert(TelephonyCallEntity, {
        id: randomUUID(), outboxId: row.id, dedupeKey: row.dedupeKey, channel, schoolId: row.schoolId, providerId,
        status: error ? 'failed' : 'accepted', lastError: error?.slice(0, 120) ?? null, createdAt: now, updatedAt: now,
      });
      await this.events.emit(m, { dedupeKey: row.dedupeKey, channel, schoolId: row.schoolId, status: error ? 'failed' : 'accepted', error: error ?? undefined });
    });
    return error ? { ok: false, error } : { ok: true };
  }
}
