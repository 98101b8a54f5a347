import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { In, MoreThan, type EntityManager } from 'typeorm';
import {
  CALL_DOWN_CAP, callDownSkipReason, maskPhone, takesSms, URGENT_CALL_TEXT, URGENT_STEP_MINUTES_DEFAULT, type CallDownReason, type UrgentStepOutcome,
} from '@anxin/shared';
import { AuditService } from '../../../platform/audit/audit.service';
import { Clock } from '../../../platform/common/clock/clock';
import { APP_CONFIG } from '../../../platform/config/config.module';
import type { AppConfig } from '../../../platform/config/app-config';
import { CryptoService } from '../../../platform/crypto/crypto.service';
import { insertOrIgnore } from '../../../platform/database/insert-ignore';
import { OutboxService } from '../../../platform/outbox/outbox.service';
import { SchedulerService } from '../../../platform/scheduler/scheduler.service';
import type { DueAction } from '../../../platform/scheduler/scheduler.types';
import type { TelephonyEvent } from '../../../platform/telephony/telephony-events';
import { phoneAad } from '../../../platform/telephony/telephony-sender';
import { SchoolEntity } from '../../tenancy/school.entity';
import { TipEntity } from '../tip.entity';
import { activeFlood } from '../triage/active-flood';
import { callDownChain, planTick, type CallDownTarget } from './call-down-chain';
import { CallDownEntity, CallDownStepEntity } from './call-down.entity';
import { UrgentSettingsEntity } from './urgent-settings.entity';

export const CALL_DOWN_STEP_ACTION = 'tip.urgent_step';
export const CALL_DOWN_SUBJECT = 'urgent_call_down';
/** Every outbox row of a call-down has a dedupe key `urgent:<callDownId>:<tick>:<channel>`. */
export const CALL_DOWN_KEY_PREFIX = 'urgent:';
/** The outbox template kind of a call-down's SMS and calls (no WeChat template: they never go to WeChat). */
export const CALL_DOWN_PHONE_TEMPLATE = 'tip.urgent_call';

const SYSTEM = { actorUserId: null, actorRole: 'system' } as const;
const targetsAad = (id: string) => `urgent_call_downs:${id}:targets`;

/** What a telephony event became: its step and call-down (null when the event is not about one). */
export interface StepEvent {
  callDown: CallDownEntity;
  step: CallDownStepEntity;
}

/**
 * The call-down (紧急呼叫) of an urgent tip: starting it (new tip in danger or still going on, or marked 紧急), each step
 * (an SMS and/or a voice call through the outbox, or a WeChat message when telephony is not configured), the next step
 * N minutes later (a scheduled action), moving on at once when a call is not answered or the provider refuses, and
 * stopping it when the tip is acknowledged (in the app or by pressing 1). Every step and outcome is audited on the
 * tip, with masked phones only. Everything is written with the caller's transaction manager.
 */
@Injectable()
export class CallDownService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly scheduler: SchedulerService,
    private readonly audit: AuditService,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.scheduler.registerHandler(CALL_DOWN_STEP_ACTION, (m, a) => this.onStepDue(m, a));
  }

  /** Starts the tip's call-down, once (a second start is a no-op); the first step is enqueued at once. */
  async start(m: EntityManager, school: SchoolEntity, tip: TipEntity, reason: CallDownReason, actorUserId: string | null = null, actorRole: string | null = 'system'): Promise<void> {
    if (await m.count(CallDownEntity, { where: { tipId: tip.id } })) return;
    const now = this.clock.now();
    if (await this.skipped(m, school, tip, reason, now)) return;
    const targets = await callDownChain(m, this.crypto, school, now);
    const settings = await m.findOne(UrgentSettingsEntity, { where: { schoolId: school.id } });
    const key = await this.crypto.schoolKey(m, school.id);
    const id = randomUUID();
    const cd: CallDownEntity = Object.assign(new CallDownEntity(), {
      id, tipId: tip.id, schoolId: school.id, reason, status: 'running', nextTick: 0,
      stepMinutes: settings?.stepMinutes ?? URGENT_STEP_MINUTES_DEFAULT, telephony: !!this.config.telephony,
      targetsEnc: this.crypto.encryptText(key, JSON.stringify(targets), targetsAad(id)), targetCount: targets.length,
      startedAt: now, acknowledgedAt: null, acknowledgedVia: null,
    });
    // Two starts at once (a handler marks it 紧急 twice): the unique tip_id keeps one, the other does nothing.
    await insertOrIgnore(m, CallDownEntity, cd);
    if ((await m.findOne(CallDownEntity, { where: { tipId: tip.id }, select: { id: true } }))?.id !== id) return;
    await this.audit.append(m, {
      schoolId: school.id, actorUserId, actorRole, action: 'tip.urgent_started', targetType: 'tip', targetId: tip.id,
      details: {
        reason, people: targets.length, stepMinutes: cd.stepMinutes,
        channels: cd.telephony ? 'sms_voice' : 'wechat_inbox_only',
        ...(cd.telephony ? {} : { note: '短信和语音电话未配置，仅通过微信消息和站内消息通知' }),
      },
    });
    await this.runTick(m, cd, targets);
  }

  /**
   * The school-wide cap (`callDownSkipReason`, shared): a tip beyond it, or filed during a flood, starts no call-down
   * and the skip is audited on the tip. Its contact still gets the 紧急 message every new tip sends (routeNewTip).
   */
  private async skipped(m: EntityManager, school: SchoolEntity, tip: TipEntity, reason: CallDownReason, now: Date): Promise<boolean> {
    if (reason === 'marked') return false;
    // The school's row, locked on MariaDB: two danger tips at once cannot both take the last place (SQLite runs one
    // transaction at a time).
    if (m.connection.options.type !== 'better-sqlite3') {
      await m.findOne(SchoolEntity, { where: { id: school.id }, lock: { mode: 'pessimistic_write' } });
    }
    const since = new Date(now.getTime() - CALL_DOWN_CAP.windowMinutes * 60_000);
    const startedInWindow = await m.count(CallDownEntity, {
      where: { schoolId: school.id, reason: In(['in_danger', 'ongoing']), startedAt: MoreThan(since) },
    });
    const inFlood = !!(await activeFlood(m, school.id, now));
    const skip = callDownSkipReason({ reason, startedInWindow, inFlood });
    if (!skip) return false;
    await this.audit.append(m, {
      ...SYSTEM, schoolId: school.id, action: 'tip.call_down_skipped', targetType: 'tip', targetId: tip.id,
      details: { reason: skip, wanted: reason, startedInWindow, cap: CALL_DOWN_CAP.perWindow, windowMinutes: CALL_DOWN_CAP.windowMinutes },
    });
    return true;
  }

  /** The tip was acknowledged: the chain stops (pending steps cancelled). No-op when none is running. */
  async stop(m: EntityManager, tipId: string, via: 'app' | 'phone'): Promise<void> {
    const cd = await m.findOne(CallDownEntity, { where: { tipId } });
    if (!cd || cd.status !== 'running') return;
    const now = this.clock.now();
    await m.update(CallDownEntity, { id: cd.id }, { status: 'acknowledged', acknowledgedAt: now, acknowledgedVia: via });
    await this.scheduler.cancel(m, CALL_DOWN_SUBJECT, cd.id, CALL_DOWN_STEP_ACTION);
    await this.audit.append(m, {
      ...SYSTEM, schoolId: cd.schoolId, action: 'tip.urgent_stopped', targetType: 'tip', targetId: tipId,
      details: { via, steps: cd.nextTick },
    });
  }

  /** The people of a call-down's chain (decrypted). */
  async targets(m: EntityManager, cd: CallDownEntity): Promise<CallDownTarget[]> {
    return JSON.parse(await this.crypto.decryptText(cd.targetsEnc, targetsAad(cd.id), m)) as CallDownTarget[];
  }

  /**
   * An SMS or call of a call-down was accepted, refused, delivered, answered, not answered, busy, or a key was pressed:
   * the step's outcome is recorded and audited. A voice call not answered, busy or failed (or an SMS that failed when
   * no call goes with it) moves the chain on at once, if it is still at that step.
   */
  async onTelephonyEvent(m: EntityManager, event: TelephonyEvent): Promise<StepEvent | null> {
    const step = await m.findOne(CallDownStepEntity, { where: { dedupeKey: event.dedupeKey } });
    if (!step) return null;
    const callDown = await m.findOneOrFail(CallDownEntity, { where: { id: step.callDownId } });
    const outcome = stepOutcome(event);
    // A key press is the last word on a call: a later status report does not overwrite it.
    if (!outcome || step.outcome === 'acknowledged') return { callDown, step };
    const now = this.clock.now();
    await m.update(CallDownStepEntity, { id: step.id }, { outcome, updatedAt: now });
    await this.audit.append(m, {
      ...SYSTEM, schoolId: callDown.schoolId, action: 'tip.urgent_result', targetType: 'tip', targetId: callDown.tipId,
      details: { tick: step.tick, channel: step.channel, person: step.personLabel, phone: step.phoneMasked, outcome, ...(event.error ? { error: event.error.slice(0, 80) } : {}) },
    });
    const failed = outcome === 'failed' || outcome === 'no_answer' || outcome === 'busy';
    const alone = !planTick(step.tick, callDown.telephony).channels.includes('voice');
    const current = callDown.status === 'running' && step.tick === callDown.nextTick - 1;
    if (failed && current && (step.channel === 'voice' || alone)) {
      await this.scheduler.cancel(m, CALL_DOWN_SUBJECT, callDown.id, CALL_DOWN_STEP_ACTION);
      await this.runTick(m, callDown);
    }
    return { callDown, step: Object.assign(step, { outcome }) };
  }

  private async onStepDue(m: EntityManager, action: DueAction): Promise<void> {
    const cd = await m.findOne(CallDownEntity, { where: { id: action.subjectId } });
    if (!cd || cd.status !== 'running' || cd.nextTick !== Number(action.payload?.tick)) return;
    await this.runTick(m, cd);
  }

  /** Runs the call-down's next step now and schedules the one after it. */
  private async runTick(m: EntityManager, cd: CallDownEntity, known?: CallDownTarget[]): Promise<void> {
    // A tip that left 新提交 by another way than the acknowledgement (or is gone) rings nobody more.
    const tip = await m.findOne(TipEntity, { where: { id: cd.tipId }, select: { id: true, status: true } });
    if (!tip || tip.status !== 'new') {
      await this.stop(m, cd.tipId, 'app');
      return;
    }
    const targets = known ?? await this.targets(m, cd);
    const tick = cd.nextTick;
    const { targetIndex } = planTick(tick, cd.telephony);
    const now = this.clock.now();
    if (targetIndex >= targets.length) {
      await m.update(CallDownEntity, { id: cd.id }, { status: 'exhausted' });
      cd.status = 'exhausted';
      await this.audit.append(m, { ...SYSTEM, schoolId: cd.schoolId, action: 'tip.urgent_exhausted', targetType: 'tip', targetId: cd.tipId, details: { people: targets.length } });
      return;
    }
    const target = targets[targetIndex];
    const { channels } = planTick(tick, cd.telephony, !target.phone || takesSms(target.phone));
    if (!channels.length) {
      // A landline called at tick 0 is not called again at tick 1: the next person now.
      cd.nextTick = tick + 1;
      return this.runTick(m, cd, targets);
    }
    const phoneMasked = target.phone ? maskPhone(target.phone) : null;
    for (const channel of channels) {
      const dedupeKey = `${CALL_DOWN_KEY_PREFIX}${cd.id}:${tick}:${channel}`;
      let outcome: UrgentStepOutcome = 'queued';
      if (channel !== 'wechat' && target.phone) {
        await this.outbox.enqueue(m, {
          dedupeKey, channel, schoolId: cd.schoolId, template: CALL_DOWN_PHONE_TEMPLATE,
          title: channel === 'sms' ? '紧急呼叫短信' : '紧急呼叫电话', body: URGENT_CALL_TEXT,
          data: { phone: this.crypto.sealForDelivery(target.phone, phoneAad(dedupeKey)) },
          fallback: { kind: 'alert_admins', schoolId: cd.schoolId },
        });
      } else if (channel === 'wechat' && target.userId) {
        await this.outbox.enqueue(m, {
          dedupeKey, channel: 'wechat_subscribe', schoolId: cd.schoolId, recipientUserId: target.userId, template: 'tip.escalated',
          title: '紧急举报，请立即处理', body: `${URGENT_CALL_TEXT}，请打开安心家校查看`,
        });
      } else {
        outcome = 'failed'; // nobody to message on this channel (no phone, or not a staff member without telephony)
      }
      await m.insert(CallDownStepEntity, {
        id: randomUUID(), callDownId: cd.id, tick, targetIndex, channel, personLabel: target.label.slice(0, 60), phoneMasked,
        outcome, dedupeKey, at: now, updatedAt: now,
      });
    }
    await this.audit.append(m, {
      ...SYSTEM, schoolId: cd.schoolId, action: 'tip.urgent_step', targetType: 'tip', targetId: cd.tipId,
      details: { tick, person: target.label, phone: phoneMasked, channels },
    });
    cd.nextTick = tick + 1;
    await m.update(CallDownEntity, { id: cd.id }, { nextTick: cd.nextTick });
    await this.scheduler.schedule(m, {
      action: CALL_DOWN_STEP_ACTION, subjectType: CALL_DOWN_SUBJECT, subjectId: cd.id, schoolId: cd.schoolId,
      dueAt: new Date(now.getTime() + cd.stepMinutes * 60_000), payload: { tick: cd.nextTick }, dedupeKey: `${CALL_DOWN_KEY_PREFIX}${cd.id}:tick:${cd.nextTick}`,
    });
  }
}

function stepOutcome(event: TelephonyEvent): UrgentStepOutcome | null {
  switch (event.status) {
    case 'accepted': return 'sent';
    case 'failed': case 'undelivered': return 'failed';
    case 'delivered': return 'delivered';
    case 'answered': return 'answered';
    case 'no_answer': return 'no_answer';
    case 'busy': return 'busy';
    case 'key': return event.key === '1' ? 'acknowledged' : null;
  }
}
