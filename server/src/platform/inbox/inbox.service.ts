import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { DeliveryOutcome } from '@anxin/shared';
import type { AuthContext } from '../common/auth/auth-context';
import { Clock } from '../common/clock/clock';
import { AppException } from '../common/errors/app.exception';
import { iso, isoRequired } from '../database/dates';
import { inTransaction } from '../database/transaction';
import { outcomeOf } from '../outbox/delivery-outcome';
import { OutboxEntity } from '../outbox/outbox.entity';
import { InboxItemEntity } from './inbox-item.entity';
import { InboxItemDto, InboxPageDto, InboxQueryDto, UnreadCountDto } from './inbox.dto';

/** The caller's own in-app messages. Items are written by OutboxService.enqueue; here they are read and marked read. */
@Injectable()
export class InboxService {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly clock: Clock) {}

  async list(auth: AuthContext, q: InboxQueryDto): Promise<InboxPageDto> {
    const base = () => {
      const qb = this.ds.getRepository(InboxItemEntity).createQueryBuilder('i').where('i.userId = :userId', { userId: auth.userId });
      if (q.unreadOnly) qb.andWhere('i.readAt IS NULL');
      return qb;
    };
    const total = await base().getCount();
    const page = base();
    if (q.before) page.andWhere('i.createdAt < :before', { before: new Date(q.before) });
    const rows = await page.orderBy('i.createdAt', 'DESC').addOrderBy('i.id', 'DESC').limit(q.limit ?? 20).getMany();
    const outcomes = await this.outcomes(rows);
    return { items: rows.map((i) => mapInboxItem(i, outcomes.get(i.outboxId ?? '') ?? INBOX_ONLY)), total };
  }

  /** How each item's message went out (its outbox row's outcome). */
  private async outcomes(items: InboxItemEntity[]): Promise<Map<string, DeliveryOutcome>> {
    const ids = [...new Set(items.map((i) => i.outboxId).filter((x): x is string => !!x))];
    if (ids.length === 0) return new Map();
    const rows = await this.ds.getRepository(OutboxEntity).find({
      where: { id: In(ids) }, select: { id: true, status: true, channel: true, deliveredVia: true, deliveryReason: true },
    });
    return new Map(rows.map((r) => [r.id, outcomeOf(r)]));
  }

  async unreadCount(auth: AuthContext): Promise<UnreadCountDto> {
    const count = await this.ds.getRepository(InboxItemEntity).createQueryBuilder('i')
      .where('i.userId = :userId AND i.readAt IS NULL', { userId: auth.userId }).getCount();
    return { count };
  }

  /** Another user's item does not exist for the caller (404). Marking twice keeps the first read day. */
  async markRead(auth: AuthContext, id: string): Promise<void> {
    await inTransaction(this.ds, async (m) => {
      const item = await m.findOne(InboxItemEntity, { where: { id, userId: auth.userId } });
      if (!item) throw AppException.notFound('消息');
      if (!item.readAt) await m.update(InboxItemEntity, { id }, { readAt: this.clock.now() });
    });
  }

  async markAllRead(auth: AuthContext): Promise<void> {
    await inTransaction(this.ds, (m) => m.createQueryBuilder().update(InboxItemEntity).set({ readAt: this.clock.now() })
      .where('user_id = :userId AND read_on IS NULL', { userId: auth.userId }).execute());
  }
}

/** An item whose message has no outbox row was written to the inbox alone. */
const INBOX_ONLY: DeliveryOutcome = { via: 'inbox_only', reason: 'inbox_channel' };

export function mapInboxItem(i: InboxItemEntity, delivery: DeliveryOutcome): InboxItemDto {
  return {
    id: i.id, template: i.template, title: i.title, body: i.body, page: i.page, createdAt: isoRequired(i.createdAt), readAt: iso(i.readAt),
    delivery: { via: delivery.via, reason: delivery.reason },
  };
}
