import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MESSAGE_KIND_LABELS, Permission, type DeliveryCount, type DeliveryKindStats, type DeliveryReason, type DeliveryVia } from '@anxin/shared';
import type { AuthContext } from '../common/auth/auth-context';
import { Clock } from '../common/clock/clock';
import { isoRequired } from '../database/dates';
import { AccessService } from '../../features/tenancy/access.service';
import { outcomeOf } from './delivery-outcome';
import type { DeliveryStatsDto } from './delivery-alerts.dto';
import { OutboxEntity, type OutboxStatus } from './outbox.entity';
import type { OutboxChannel } from './outbox.types';

const DAY_MS = 86_400_000;
const KIND_ORDER = Object.keys(MESSAGE_KIND_LABELS);

/**
 * How the school's messages of the last `days` days reached people, per message kind: by WeChat, a WeCom group robot,
 * only the in-app inbox, not at all, or still pending, and why (one GROUP BY over the school's outbox rows).
 */
@Injectable()
export class DeliveryStatsService {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly access: AccessService, private readonly clock: Clock) {}

  async stats(auth: AuthContext, schoolId: string, days = 30): Promise<DeliveryStatsDto> {
    await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    const since = new Date(this.clock.now().getTime() - days * DAY_MS);
    const groups: { template: string; status: OutboxStatus; channel: OutboxChannel; via: string | null; reason: string | null; n: string | number }[] = await this.ds
      .getRepository(OutboxEntity).createQueryBuilder('o')
      .select('o.template', 'template').addSelect('o.status', 'status').addSelect('o.channel', 'channel')
      .addSelect('o.deliveredVia', 'via').addSelect('o.deliveryReason', 'reason').addSelect('COUNT(*)', 'n')
      .where('o.schoolId = :schoolId AND o.createdAt >= :since', { schoolId, since })
      .groupBy('o.template').addGroupBy('o.status').addGroupBy('o.channel').addGroupBy('o.deliveredVia').addGroupBy('o.deliveryReason')
      .getRawMany();
    const kinds = new Map<string, Map<string, DeliveryCount>>();
    for (const g of groups) {
      const outcome = outcomeOf({ status: g.status, channel: g.channel, deliveredVia: g.via as never, deliveryReason: g.reason as DeliveryReason | null });
      const counts = kinds.get(g.template) ?? new Map<string, DeliveryCount>();
      kinds.set(g.template, counts);
      const key = `${outcome.via}|${outcome.reason ?? ''}`;
      const c = counts.get(key) ?? { via: outcome.via, reason: outcome.reason, count: 0 };
      c.count += Number(g.n);
      counts.set(key, c);
    }
    const out: DeliveryKindStats[] = [...kinds].map(([kind, counts]) => {
      const list = [...counts.values()].sort((a, b) => b.count - a.count);
      const sum = (via: DeliveryVia) => list.filter((c) => c.via === via).reduce((n, c) => n + c.count, 0);
      return {
        kind, total: list.reduce((n, c) => n + c.count, 0), wechat: sum('wechat'), wecomRobot: sum('wecom_robot'),
        inboxOnly: sum('inbox_only'), undelivered: sum('undelivered'), pending: sum('pending'), counts: list,
      };
    });
    const rank = (k: string) => (KIND_ORDER.includes(k) ? KIND_ORDER.indexOf(k) : KIND_ORDER.length);
    out.sort((a, b) => rank(a.kind) - rank(b.kind) || a.kind.localeCompare(b.kind));
    return { schoolId, days, since: isoRequired(since), kinds: out };
  }
}
