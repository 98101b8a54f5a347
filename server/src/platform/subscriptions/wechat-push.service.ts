import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ErrorCode } from '@anxin/shared';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock/clock';
import { addDays, utcDay, dayStart } from '../common/clock/utc-day';
import { AppException } from '../common/errors/app.exception';
import { hmacHex, subkey } from '../crypto/aes-gcm';
import { isDuplicateKey } from '../database/db-errors';
import { inTransaction } from '../database/transaction';
import { UserEntity } from '../../features/identity/user.entity';
import { decryptPush, PushDecryptError, pushSignature, signatureMatches } from '../wechat/push-crypto';
import { parseXmlBody, PushFormatError, toPushEvent, type PushEvent } from '../wechat/push-events';
import { ContactReachAlerts } from '../outbox/contact-reach-alerts';
import { PushReceiptEntity } from './push-receipt.entity';
import { SubscriptionCredits } from './subscription-credits.service';
import type { WechatPushQueryDto } from './wechat-push.dto';

/** Pushes whose timestamp is further than this from our clock are refused (a captured request cannot be replayed later). */
export const PUSH_WINDOW_MS = 5 * 60_000;

/** sent-event ErrorCodes after which WeChat will deliver nothing more of the template: 20004 refused, 20005 banned. */
const SENT_OFF_CODES = new Set(['20004', '20005']);

/**
 * WeChat's message push (消息推送): the URL check, and the subscribe-message events that change credits. Nothing
 * identifying is logged; the sender's openid is used only to find the user and is never stored.
 */
@Injectable()
export class WechatPushService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly credits: SubscriptionCredits,
    private readonly contactReach: ContactReachAlerts,
  ) {}

  /** GET: the console's URL check. Answers `echostr` when the signature is ours. */
  verifyUrl(q: WechatPushQueryDto): string {
    const token = this.checkRequest(q);
    if (!signatureMatches(pushSignature(token, q.timestamp!, q.nonce!), q.signature)) throw invalidSignature();
    if (!q.echostr) throw AppException.badRequest(ErrorCode.BAD_REQUEST, '缺少 echostr');
    return q.echostr;
  }

  /** POST: one push. Applied at most once (WeChat retries); answers `success`. */
  async receive(q: WechatPushQueryDto, body: unknown): Promise<string> {
    const token = this.checkRequest(q);
    const event = toPushEventOr400(this.open(token, q, body));
    const dedupeKey = hmacHex(subkey(this.config.masterKey, 'wechat-push-dedupe'), JSON.stringify([event.fromUser, event.createTime, event.event, event.items]));
    await inTransaction(this.ds, async (m) => {
      if (!(await this.firstTime(m, dedupeKey))) return;
      if (!event.items.length) return;
      const user = await m.findOne(UserEntity, { where: { openid: event.fromUser } });
      if (!user) return;
      // A designated contact who switched tip alerts off in WeChat (or long-term alerts on) changes the school's reach.
      if (await this.applyEvent(m, user.id, event)) await this.contactReach.checkContact(m, user.id);
    });
    return 'success';
  }

  /** The body as a plain object: decrypted and checked in safe mode, signature-checked in plain mode. */
  private open(token: string, q: WechatPushQueryDto, body: unknown): Record<string, unknown> {
    const aesKey = this.config.wechat.pushAesKey;
    if (q.encrypt_type === 'aes') {
      if (!aesKey) throw AppException.badRequest(ErrorCode.BAD_REQUEST, '未配置消息加密密钥');
      const outer = typeof body === 'string' ? parseXml(body) : asObject(body);
      const encrypted = outer.Encrypt;
      if (typeof encrypted !== 'string' || !encrypted) throw AppException.badRequest(ErrorCode.BAD_REQUEST, '缺少 Encrypt');
      if (!signatureMatches(pushSignature(token, q.timestamp!, q.nonce!, encrypted), q.msg_signature)) throw invalidSignature();
      let opened: { message: string; appId: string };
      try {
        opened = decryptPush(aesKey, encrypted);
      } catch (e) {
        if (e instanceof PushDecryptError) throw AppException.badRequest(ErrorCode.BAD_REQUEST, '消息无法解密');
        throw e;
      }
      if (!this.config.wechat.appId || opened.appId !== this.config.wechat.appId) throw invalidSignature('消息不属于本小程序');
      const text = opened.message.trim();
      if (text.startsWith('<')) return parseXml(text);
      try {
        return asObject(JSON.parse(text));
      } catch {
        throw AppException.badRequest(ErrorCode.BAD_REQUEST, '消息格式无法识别');
      }
    }
    // In plain mode the signature covers the query only, not the body: once safe mode is configured, plain pushes
    // are refused, so a captured signed URL cannot carry a forged body.
    if (aesKey) throw invalidSignature('消息推送须使用安全模式');
    if (!signatureMatches(pushSignature(token, q.timestamp!, q.nonce!), q.signature)) throw invalidSignature();
    return typeof body === 'string' ? parseXml(body) : asObject(body);
  }

  /** Common checks: push configured (else 404), timestamp and nonce present and the timestamp within the window. */
  private checkRequest(q: WechatPushQueryDto): string {
    const token = this.config.wechat.pushToken;
    if (!token) throw new AppException(HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, '未配置消息推送');
    if (!q.timestamp || !/^\d{1,12}$/.test(q.timestamp) || !q.nonce) throw invalidSignature();
    if (Math.abs(this.clock.now().getTime() - Number(q.timestamp) * 1000) > PUSH_WINDOW_MS) {
      throw new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.WECHAT_PUSH_STALE, '消息推送时间戳已过期');
    }
    return token;
  }

  /** Records the push's key; false when it was handled before. Keys older than the window (plus a day) are pruned. */
  private async firstTime(m: EntityManager, dedupeKey: string): Promise<boolean> {
    const today = utcDay(this.clock.now());
    if (await m.findOne(PushReceiptEntity, { where: { dedupeKey } })) return false;
    try {
      await m.insert(PushReceiptEntity, { dedupeKey, receivedOn: dayStart(today) });
    } catch (e) {
      // The same push delivered twice at once: the other request applies it.
      if (isDuplicateKey(e)) return false;
      throw e;
    }
    await m.createQueryBuilder().delete().from(PushReceiptEntity).where('received_on < :day', { day: addDays(today, -2) }).execute();
    return true;
  }

  /**
   * Applies the event's items; true when one of them may have changed whether a message would go to WeChat (a
   * one-time 允许 confirmed by the popup event does not: the app's report of the same dialog adds the credit, and
   * until it arrives the user must not look unreachable).
   */
  private async applyEvent(m: EntityManager, userId: string, event: PushEvent): Promise<boolean> {
    let reachMayChange = false;
    for (const item of event.items) {
      const mode = this.credits.modeOfTemplate(item.templateId);
      if (mode === null) continue; // not one of ours
      if (event.event === 'subscribe_msg_popup_event') {
        // The app reports the same dialog and that report grants the one-time credit; the push confirms long-term
        // consent and the status (so one 允许 never counts twice).
        if (item.status === 'accept') await this.credits.apply(m, userId, item.templateId, { type: 'result', result: 'accept', grantOneTime: false });
        else if (item.status === 'reject') await this.credits.apply(m, userId, item.templateId, { type: 'result', result: 'reject', grantOneTime: false });
        if (mode === 'long_term') reachMayChange = true;
        continue;
      }
      if (event.event === 'subscribe_msg_change_event') {
        if (item.status === 'reject') await this.credits.apply(m, userId, item.templateId, { type: 'off' });
        else if (item.status === 'accept') await this.credits.apply(m, userId, item.templateId, { type: 'result', result: 'accept', grantOneTime: false });
        reachMayChange = true;
      } else if (event.event === 'subscribe_msg_sent_event') {
        // 0: delivered, the credit was spent when the send was reserved. Refused or banned: WeChat will send no more.
        if (item.errorCode && SENT_OFF_CODES.has(item.errorCode)) {
          await this.credits.apply(m, userId, item.templateId, { type: 'off' });
          reachMayChange = true;
        }
      }
    }
    return reachMayChange;
  }
}

function invalidSignature(message = '消息推送签名无效'): AppException {
  return new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.WECHAT_PUSH_SIGNATURE_INVALID, message);
}

function parseXml(text: string): Record<string, unknown> {
  try {
    return parseXmlBody(text);
  } catch (e) {
    if (e instanceof PushFormatError) throw AppException.badRequest(ErrorCode.BAD_REQUEST, '消息格式无法识别');
    throw e;
  }
}

function asObject(v: unknown): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw AppException.badRequest(ErrorCode.BAD_REQUEST, '消息格式无法识别');
  return v as Record<string, unknown>;
}

function toPushEventOr400(doc: Record<string, unknown>): PushEvent {
  try {
    return toPushEvent(doc);
  } catch (e) {
    if (e instanceof PushFormatError) throw AppException.badRequest(ErrorCode.BAD_REQUEST, '消息缺少必要字段');
    throw e;
  }
}
