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
const ALERTS_PAGE = 'subpackages/staff/index/index';

export type DeliveryAlertKind = 'delivery.undelivered' | 'delivery.failed' | 'delivery.dead';

/**
 * Raises delivery alerts and resolves them. An alert is written once per (kind, outbox row); when it is new,
 * every admin of the school gets a message about it (WeChat + in-app inbox) in the same transaction, so the
 * problem reaches a person, not only a page. When a late message is delivered after all, its alert is
 * resolved and the admins get an in-app note. Messages about alerts never raise alerts themselves.
 */
@Injectable()
export class DeliveryAlertRaiser {
  constructor(private readonly clock: Clock, private readonly outbox: OutboxService) {}

  /** Whether a row may raise alerts (the admins' own alert messages may not, or one failure would feed on itself). */
  static alertable(row: Pick<OutboxEntity, 'template' | 'schoolId'>): boolean {
    return !!row.schoolId && row.template !== DELIVERY_ALERT_TEMPLATE && row.template !== DELIVERY_RESOLVED_TEMPLATE;
  }

  async raise(m: EntityManager, row: OutboxEntity, kind: DeliveryAlertKind, problem: string, schoolId = row.schoolId): Promise<void> {
    if (!schoolId || !DeliveryAlertRaiser.alertable(row)) return;
    const id = randomUUID();
    const dedupeKey = `${kind}:${row.id}`;
    const title = kind === 'delivery.undelivered' ? '消息迟迟未能送达' : '消息未能送达';
    const body = `「${row.title}」${problem}。站内消息中仍可查看。`;
    await insertOrIgnore(m, AlertEntity, {
      id, schoolId, kind, title, body, subjectType: 'outbox', subjectId: row.id, dedupeKey,
      details: { template: row.template, channel: row.channel, attempts: row.attempts } as any,
      createdAt: this.clock.now(), resolvedAt: null,
    });
    const stored = await m.findOne(AlertEntity, { where: { dedupeKey }, select: { id: true } });
    if (stored?.id !== id) return; // raised before, and its admins were told then
    for (const adminId of await this.adminIds(m, schoolId)) {
      await this.outbox.enqueue(m, {
        dedupeKey: `${DELIVERY_ALERT_TEMPLATE}:${id}|to:${adminId}`, channel: 'wechat_subscribe', schoolId, recipientUserId: adminId,
        template: DELIVERY_ALERT_TEMPLATE, title, body, page: ALERTS_PAGE, fallback: { kind: 'inbox_only' },
      });
    }
  }

  /**
   * The rows `rowIds` were delivered: their open "late" alerts are resolved, and the admins of each school get
   * an in-app note (no WeChat message: the problem is gone, it need not use up a subscription).
   */
  async resolveDelivered(m: EntityManager, rows: Pick<OutboxEntity, 'id' | 'title'>[]): Promise<number> {
    if (rows.length === 0) return 0;
    const open = await m.find(AlertEntity, {
      where: { subjectType: 'outbox', subjectId: In(rows.map((r) => r.id)), kind: 'delivery.undelivered', resolvedAt: IsNull() },
    });
    if (open.length === 0) return 0;
    const now = this.clock.now();
    await m.createQueryBuilder().update(AlertEntity).set({ resolvedAt: now })
      .where('id IN (:...ids) AND resolved_at IS NULL', { ids: open.map((a) => a.id) }).execute();
    const titles = new Map(rows.map((r) => [r.id, r.title]));
    for (const alert of open) {
      for (const adminId of await this.adminIds(m, alert.schoolId)) {
        await this.outbox.enqueue(m, {
          dedupeKey: `${DELIVERY_RESOLVED_TEMPLATE}:${alert.id}|to:${adminId}`, channel: 'inbox_only', schoolId: alert.schoolId, recipientUserId: adminId,
          template: DELIVERY_RESOLVED_TEMPLATE, title: '迟到的消息已送达', body: `「${titles.get(alert.subjectId ?? '') ?? ''}」现已送达，此前的提醒已解除。`,
          page: ALERTS_PAGE,
        });
      }
    }
    return open.length;
  }

  private async adminIds(m: EntityManager, schoolId: string): Promise<string[]> {
    const rows = await m.find(StaffRoleEntity, { where: { schoolId, role: SchoolRole.ADMIN }, order: { createdAt: 'ASC' } });
    return [...new Set(rows.map((r) => r.userId))];
  }
}
