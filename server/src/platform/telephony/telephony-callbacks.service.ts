import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ErrorCode } from '@anxin/shared';
import { Clock } from '../common/clock/clock';
import { AppException } from '../common/errors/app.exception';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { inTransaction } from '../database/transaction';
import { TelephonyCallEntity, type TelephonyCallStatus } from './telephony-call.entity';
import { TelephonyEvents } from './telephony-events';

/** What one callback says about one SMS or call. */
interface CallbackReport {
  providerId: string;
  status: TelephonyCallStatus;
  key?: string;
}

/** Tencent's answer to a callback it delivered. */
export interface CallbackAck {
  result: number;
  errmsg: string;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Tencent's callbacks: SMS delivery receipts (an array of `{sid, report_status, …}`) and, for voice calls, the call
 * status (`voiceprompt_callback.result`: 0 answered, 1 not answered, 2 failed / busy) and the key pressed
 * (`voicekey_callback.keypress`). The URL carries the secret TELEPHONY_CALLBACK_TOKEN, compared in constant time
 * (wrong or not configured: 401). Every report must name an SMS or call we made, on that channel (else 404). Each is
 * recorded on its `telephony_calls` row and told to its sender in the same transaction.
 */
@Injectable()
export class TelephonyCallbacks {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly events: TelephonyEvents,
  ) {}

  async receive(channel: 'sms' | 'voice', token: string, body: unknown): Promise<CallbackAck> {
    this.checkToken(token);
    const reports = channel === 'sms' ? smsReports(body) : voiceReports(body);
    await inTransaction(this.ds, async (m) => {
      for (const report of reports) {
        const call = await m.findOne(TelephonyCallEntity, { where: { channel, providerId: report.providerId } });
        if (!call) throw AppException.notFound('呼叫记录');
        const now = this.clock.now();
        // A key press keeps the call's own status (answered); the event still carries it.
        if (report.status !== 'key') await m.update(TelephonyCallEntity, { id: call.id }, { status: report.status, updatedAt: now });
        await this.events.emit(m, { dedupeKey: call.dedupeKey, channel, schoolId: call.schoolId, status: report.status, key: report.key });
      }
    });
    return { result: 0, errmsg: 'OK' };
  }

  private checkToken(token: string): void {
    const expected = this.config.telephony?.callbackToken;
    // Both sides hashed first: equal lengths for timingSafeEqual, and no early exit on a length mismatch.
    if (!expected || !timingSafeEqual(digest(expected), digest(String(token)))) {
      throw AppException.unauthenticated('回调凭据无效', ErrorCode.UNAUTHENTICATED);
    }
  }
}

const bad = (what: string) => AppException.badRequest(ErrorCode.VALIDATION_FAILED, `回调内容无法识别：${what}`);
const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 100 ? v : typeof v === 'number' ? String(v) : null);

/** `[{ sid, report_status: 'SUCCESS' | 'FAIL', … }]` (Tencent sends receipts in batches). */
function smsReports(body: unknown): CallbackReport[] {
  if (!Array.isArray(body) || body.length === 0 || body.length > 100) throw bad('短信状态报告应为非空数组');
  return body.map((r) => {
    const sid = str((r as any)?.sid);
    const status = (r as any)?.report_status;
    if (!sid || (status !== 'SUCCESS' && status !== 'FAIL')) throw bad('短信状态报告缺少 sid 或 report_status');
    return { providerId: sid, status: status === 'SUCCESS' ? 'delivered' : 'undelivered' };
  });
}

/** `{ voiceprompt_callback: { callid, result } }` or `{ voicekey_callback: { callid, keypress } }`. */
function voiceReports(body: unknown): CallbackReport[] {
  const b = body as any;
  if (b && typeof b === 'object' && b.voicekey_callback && typeof b.voicekey_callback === 'object') {
    const callId = str(b.voicekey_callback.callid);
    const key = str(b.voicekey_callback.keypress);
    if (!callId || !key || key.length > 4) throw bad('按键回调缺少 callid 或 keypress');
    return [{ providerId: callId, status: 'key', key }];
  }
  if (b && typeof b === 'object' && b.voiceprompt_callback && typeof b.voiceprompt_callback === 'object') {
    const callId = str(b.voiceprompt_callback.callid);
    const result = String(b.voiceprompt_callback.result ?? '');
    const status = ({ '0': 'answered', '1': 'no_answer', '2': 'busy' } as const)[result as '0' | '1' | '2'];
    if (!callId || !status) throw bad('呼叫状态回调缺少 callid 或 result');
    return [{ providerId: callId, status }];
  }
  throw bad('应为 voiceprompt_callback 或 voicekey_callback');
}
