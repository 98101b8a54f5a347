import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import { SchoolRole } from '@anxin/shared';
import { Clock } from '../common/clock/clock';
import { insertOrIgnore } from '../database/insert-ignore';
import { StaffRoleEntity } from '../../features/tenancy/staff-role.entity';
import { AlertEntity } from './alert.entity';
import type { OutboxEntity } from './outbox.entity';
import { OutboxService } from './outbox.service';

/** Template kind of the message that tells a school admin about a delivery alert. */
export const DELIVERY_ALERT_TEMPLATE = 'delivery.alert';
/** Template kind of the in-app note that the late message has now been delivered. */
export const DELIVERY_RESOLVED_TEMPLATE = 'delivery.resolved';

/** Where the admin sees delivery alerts in the app (工作台 → 消息送达). */
const ALERTS_PAGE = 'subpackages/staff/delivery/index';

export type DeliveryAlertKind =
  | 'delivery.undelivered' | 'delivery.failed' | 'delivery.dead' // about one message
  | 'delivery.contact_unreachable' // the designated contact gets no tip alerts in WeChat (contact-reach-alerts.ts)
  | 'delivery.robot_removed'; // a WeCom group robot answered 93000 (platform/robots)

/** An alert about the school rather than about one message. */
export interface SchoolAlert {
  schoolId: string;
  kind: DeliveryAlertKind;
  /** Unique while the alert exists (a second raise with the same key does nothing). */
  dedupeKey: string;
  title: string;
  body: string;
  subjectType: string | null;
  subjectId: string | null;
  details?: Record<string, unknown>;
}

/**
 * Raises delivery alerts and resolves them. An alert is written once per dedupe key; when it is new, every admin of
 * the school gets a message about it (WeChat + in-app inbox) in the same transaction, so the problem reaches a person,
 * not only a page. When the problem goes away (a late message delivered after all, the designated contact reachable
 * again) the alert is resolved and the admins get an in-app note. Messages about alerts never raise alerts themselves.
 */
@Injectable()
export class DeliveryAlertRaiser {
  constructor(private readonly clock: Clock, private readonly outbox: OutboxService) {}

  /** Whether a row may raise alerts (the admins' own alert messages may not, or one failure would feed on itself). */
  static alertable(row: Pick<OutboxEntity, 'template' | 'schoolId'>): boolean {
    return !!row.schoolId && row.template !== DELIVERY_ALERT_TEMPLATE && row.template !== DELIVERY_RESOLVED_TEMPLATE;
  }

  /** An alert about one outbox row (late, undeliverable, dead), once per (kind, row). */
  async raise(m: EntityManager, row: OutboxEntity, kind: DeliveryAlertKind, problem: string, schoolId = row.schoolId): Promise<void> {
    if (!schoolId || !DeliveryAlertRaiser.alertable(row)) return;
    await this.raiseAbout(m, {
      schoolId, kind, dedupeKey: `${kind}:${row.id}`,
      title: kind === 'delivery.undelivered' ? '消息迟迟未能送达' : '消息未能送达',
      body: `「${row.title}」${problem}。站内消息中仍可查看。`,
      subjectType: 'outbox', subjectId: row.id,
      details: { template: row.template, channel: row.channel, attempts: row.attempts },
    });
  }

  /** Writes the alert unless its dedupe key exists; a new alert is messaged to every admin. True when it was new. */
  async raiseAbout(m: EntityManager, alert: SchoolAlert): Promise<boolean> {
    const id = randomUUID();
    await insertOrIgnore(m, AlertEntity, {
      id, schoolId: alert.schoolId, kind: alert.kind, title: alert.title, body: alert.body, subjectType: alert.subjectType,
      subjectId: alert.subjectId, dedupeKey: alert.dedupeKey, details: (alert.details ?? null) as any,
      createdAt: this.clock.now(), resolvedAt: null,
    });
    const stored = await m.findOne(AlertEntity, { where: { dedupeKey: alert.dedupeKey }, select: { id: true } });
    if (stored?.id !== id) return false; // raised before, and its admins were told then
    for (const adminId of await this.adminIds(m, alert.schoolId)) {
      await this.outbox.enqueue(m, {
        dedupeKey: `${DELIVERY_ALERT_TEMPLATE}:${id}|to:${adminId}`, channel: 'wechat_subscribe', schoolId: alert.schoolId, recipientUserId: adminId,
        template: DELIVERY_ALERT_TEMPLATE, title: alert.title, body: alert.body, page: ALERTS_PAGE, fallback: { kind: 'inbox_only' },
      });
    }
    return true;
  }

  /**
   * Resolves one open alert and tells the school's admins in the app (no WeChat message: the problem is gone, it
   * need not use up a subscription). `closedKey` replaces its dedupe key, so the same cause can raise a new alert later.
   */
  async resolveForSchool(m: EntityManager, alert: AlertEntity, note: { title: string; body: string }, closedKey = alert.dedupeKey): Promise<boolean> {
    const res = await m.createQueryBuilder().update(AlertEntity).set({ resolvedAt: this.clock.now(), dedupeKey: closedKey })
      .where('id = :id AND resolved_at IS NULL', { id: alert.id }).execute();
    if (res.affected !== 1) return false;
    for (const adminId of await this.adminIds(m, alert.schoolId)) {
      await this.outbox.enqueue(m, {
        dedupeKey: `${DELIVERY_RESOLVED_TEMPLATE}:${alert.id}|to:${adminId}`, channel: 'inbox_only', schoolId: alert.schoolId, recipientUserId: adminId,
        template: DELIVERY_RESOLVED_TEMPLATE, title: note.title, body: note.body, page: ALERTS_PAGE,
      });
    }
    return true;
  }

  /** The rows were delivered after all: their open "late" alerts are resolved. */
  async resolveDelivered(m: EntityManager, rows: Pick<OutboxEntity, 'id' | 'title'>[]): Promise<number> {
    if (rows.length === 0) return 0;
    const open = await m.find(AlertEntity, {
      where: { subjectType: 'outbox', subjectId: In(rows.map((r) => r.id)), kind: 'delivery.undelivered', resolvedAt: IsNull() },
    });
    const titles = new Map(rows.map((r) => [r.id, r.title]));
    let resolved = 0;
    for (const alert of open) {
      const note = { title: '迟到的消息已送达', body: `「${titles.get(alert.subjectId ?? '') ?? ''}」现已送达，此前的提醒已解除。` };
      if (await this.resolveForSchool(m, alert, note)) resolved++;
    }
    return resolved;
  }

  private async adminIds(m: EntityManager, schoolId: string): Promise<string[]> {
    const rows = await m.find(StaffRoleEntity, { where: { schoolId, role: SchoolRole.ADMIN }, order: { createdAt: 'ASC' } });
    return [...new Set(rows.map((r) => r.userId))];
  }
}
