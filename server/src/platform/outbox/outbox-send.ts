import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { DeliveryReason } from '@anxin/shared';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { UserEntity } from '../../features/identity/user.entity';
import { RobotSender } from '../robots/robot-sender';
import { TelephonySender } from '../telephony/telephony-sender';
import { SubscriptionCredits, TIP_ALERT_KIND } from '../subscriptions/subscription-credits.service';
import { shapeTemplateData, TemplateValueError } from '../wechat/template-values';
import { templateId, templateValues } from '../wechat/templates';
import { PERMANENT_ERRCODES, TEMPLATE_DATA_ERROR, WechatApiError } from '../wechat/wechat-api.errors';
import { WechatClient } from '../wechat/wechat.client';
import { ContactReachAlerts } from './contact-reach-alerts';
import { OutboxEntity, type OutboxCredit } from './outbox.entity';

/** 45009 (rate limit) waits at least this long: WeChat/WeCom limits are per minute. */
const RATE_LIMIT_BACKOFF_MS = 60_000;

/** The subscribe/send API name on WechatApiError: an error from any other call (the token) means no send was made. */
const SUBSCRIBE_API = 'subscribe/send';

/**
 * What became of one send. `unsent`: the message provably did not reach WeChat's acceptance (WeChat answered with a
 * refusal, or no call was made), so a one-time credit reserved for it may be given back; a time-out, a dropped
 * connection or an HTTP error may hide an accepted send, and the credit stays spent.
 */
export type SendOutcome =
  | { kind: 'sent' }
  | { kind: 'retry'; error: string; minDelayMs?: number; unsent: boolean }
  | { kind: 'permanent'; error: string; reason: Extract<DeliveryReason, 'wechat_refused' | 'send_error'>; unsent: boolean }
  | { kind: 'deferred'; untilMs: number };

/** A claimed row that goes to WeChat (with the openid to send to) or to a robot. */
export interface ToSend {
  row: OutboxEntity;
  openid: string | null;
}

/** A claimed row that will not reach WeChat: it stays in the recipient's inbox, for this reason. */
export interface InboxOnly {
  row: OutboxEntity;
  reason: Extract<DeliveryReason, 'no_consent' | 'credits_used' | 'consent_off' | 'no_openid' | 'no_template'>;
}

/**
 * Sending one row. `admit` runs inside the claim transaction: for each WeChat row it reserves the recipient's
 * subscription consent for the row's template (a one-time credit, or long-term consent), and a row that has none, or
 * no WeChat account to go to, or a kind nobody can subscribe to, is not sent at all: it stays in the inbox. `send`
 * then makes the one WeChat (or WeCom robot) call, outside any transaction, and says what became of it.
 */
@Injectable()
export class OutboxSender {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly wechat: WechatClient,
    private readonly robots: RobotSender,
    private readonly credits: SubscriptionCredits,
    private readonly contactReach: ContactReachAlerts,
    private readonly telephony: TelephonySender,
  ) {}

  /**
   * Decides, in the claim transaction `m`, which claimed rows go out. A row that already holds consent (claimed
   * again after its worker died, or retried after an error that may have reached WeChat) keeps it and spends
   * nothing more. Reservations are taken in (recipient, template) order, so two workers reserving for the same
   * people lock their credit rows in the same order and never deadlock.
   */
  async admit(m: EntityManager, rows: OutboxEntity[]): Promise<{ send: ToSend[]; inboxOnly: InboxOnly[] }> {
    const send: ToSend[] = [];
    const inboxOnly: InboxOnly[] = [];
    const wechat = rows.filter((r) => r.channel === 'wechat_subscribe');
    for (const r of rows) if (r.channel !== 'wechat_subscribe') send.push({ row: r, openid: null });
    if (wechat.length === 0) return { send, inboxOnly };
    const openids = await this.openidsOf(m, wechat);
    wechat.sort((a, b) => cmp(a.recipientUserId ?? '', b.recipientUserId ?? '') || cmp(a.template, b.template));
    const reserved = new Map<OutboxCredit, string[]>();
    const tipAlerts = new Map<string, { schoolId: string; userId: string }>();
    const toReserve: { row: OutboxEntity; openid: string }[] = [];
    for (const row of wechat) {
      const openid = openids.get(row.recipientUserId!) ?? null;
      if (row.credit) {
        if (openid) send.push({ row, openid });
        else inboxOnly.push({ row, reason: 'no_openid' }); // the account was disabled since
      } else if (!this.credits.consentable(row.template)) {
        inboxOnly.push({ row, reason: 'no_template' });
      } else if (!openid) {
        inboxOnly.push({ row, reason: 'no_openid' });
      } else {
        toReserve.push({ row, openid });
      }
    }
    const answers = await this.credits.reserveAll(m, toReserve.map(({ row }) => ({ userId: row.recipientUserId!, kind: row.template })));
    for (const [i, { row, openid }] of toReserve.entries()) {
      const { reservation, why } = answers[i];
      if (row.template === TIP_ALERT_KIND && row.schoolId && reservation !== 'long_term') {
        tipAlerts.set(`${row.schoolId}|${row.recipientUserId}`, { schoolId: row.schoolId, userId: row.recipientUserId! });
      }
      if (reservation === 'none') {
        inboxOnly.push({ row, reason: why ?? 'no_consent' });
        continue;
      }
      row.credit = reservation;
      reserved.set(reservation, [...(reserved.get(reservation) ?? []), row.id]);
      send.push({ row, openid });
    }
    for (const [credit, ids] of reserved) {
      await m.createQueryBuilder().update(OutboxEntity).set({ credit }).where('id IN (:...ids)', { ids }).execute();
    }
    // A new-tip alert that spent the contact's last credit (or found none) leaves the school's tip box without alerts.
    for (const { schoolId, userId } of tipAlerts.values()) await this.contactReach.checkRecipient(m, schoolId, userId);
    return { send, inboxOnly };
  }

  /** One WeChat subscribe message (or robot post). Never inside a transaction. */
  async send(item: ToSend): Promise<SendOutcome> {
    const { row, openid } = item;
    if (row.channel === 'wecom_robot') return this.sendRobot(row);
    if (row.channel === 'sms' || row.channel === 'voice') return this.sendPhone(row);
    try {
      const values = templateValues(row.template, { title: row.title, body: row.body, data: row.data, createdAt: row.createdAt });
      await this.wechat.sendSubscribe({
        touser: openid!,
        templateId: templateId(row.template, this.config.wechat.templates),
        page: row.page,
        data: shapeTemplateData(values),
        idempotencyKey: row.id,
      });
      return { kind: 'sent' };
    } catch (e) {
      return classify(e);
    }
  }

  /** WeCom group robots: the registration, its shared per-minute limit and 93000/45009 are RobotSender's. */
  private async sendRobot(row: OutboxEntity): Promise<SendOutcome> {
    try {
      const outcome = await this.robots.send(row);
      switch (outcome.kind) {
        case 'retry': return { ...outcome, unsent: false };
        case 'permanent': return { ...outcome, reason: 'send_error', unsent: false };
        default: return outcome;
      }
    } catch (e) {
      return classify(e);
    }
  }

  /** SMS and voice calls (platform/telephony): a refusal or an error is final, the row's sender moves on at once. */
  private async sendPhone(row: OutboxEntity): Promise<SendOutcome> {
    try {
      const result = await this.telephony.send(row);
      return result.ok ? { kind: 'sent' } : { kind: 'permanent', error: result.error.slice(0, 500), reason: 'send_error', unsent: false };
    } catch (e) {
      return classify(e);
    }
  }

  /** Active recipients' openids (a disabled account is sent nothing). */
  private async openidsOf(m: EntityManager, rows: OutboxEntity[]): Promise<Map<string, string>> {
    const ids = [...new Set(rows.map((r) => r.recipientUserId).filter((x): x is string => !!x))];
    const users = await m.find(UserEntity, { where: { id: In(ids), disabled: false }, select: { id: true, openid: true } });
    return new Map(users.filter((u) => !!u.openid).map((u) => [u.id, u.openid]));
  }
}

/** A failed send: permanent (the fallback runs) or worth retrying, and whether it provably never reached WeChat. */
export function classify(e: unknown): SendOutcome {
  if (e instanceof TemplateValueError) return { kind: 'permanent', error: `${TEMPLATE_DATA_ERROR} ${e.message}`, reason: 'send_error', unsent: true };
  if (e instanceof WechatApiError) {
    const error = `${e.errcode} ${e.errmsg}`.slice(0, 500);
    // WeChat answered with an errcode (a refusal), or the send itself was never made (getting a token failed).
    const unsent = e.api !== SUBSCRIBE_API || e.errcode > -1000;
    if (e.errcode === 43101) return { kind: 'permanent', error, reason: 'wechat_refused', unsent: false };
    if (PERMANENT_ERRCODES.has(e.errcode)) return { kind: 'permanent', error, reason: 'send_error', unsent };
    if (e.retryable) return { kind: 'retry', error, minDelayMs: e.errcode === 45009 ? RATE_LIMIT_BACKOFF_MS : undefined, unsent };
    // Anything else (an errcode we do not know, a token refresh that failed): retry, bounded by maxAttempts.
    return { kind: 'retry', error, unsent };
  }
  return { kind: 'retry', error: String((e as Error)?.message ?? e).slice(0, 500), unsent: false };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
