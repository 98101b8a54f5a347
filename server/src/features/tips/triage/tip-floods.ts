import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, MoreThan } from 'typeorm';
import {
  floodGroupTitle, TIP_FLOOD_THRESHOLD, TIP_FLOOD_TIGHTEN_HOURS, TIP_FLOOD_WINDOW_MINUTES, TIPS_PER_HOUR_IN_FLOOD,
} from '@anxin/shared';
import { AuditService } from '../../../platform/audit/audit.service';
import { Clock } from '../../../platform/common/clock/clock';
import { OutboxService } from '../../../platform/outbox/outbox.service';
import { SchoolEntity } from '../../tenancy/school.entity';
import { TipEntity } from '../tip.entity';
import { REAL_TIPS_SQL } from '../tip-figures';
import { TipRoutingService } from '../tip-routing.service';
import { activeFlood } from './active-flood';
import { TipFloodEntity } from './tip-flood.entity';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Tip floods (a prank wave after launch, a class told to "report" someone): more than TIP_FLOOD_THRESHOLD tips to one
 * school within TIP_FLOOD_WINDOW_MINUTES. Checked in the transaction of each new tip. A flood
 * - is one `tip_floods` row per school and wave: the first tip of the hour, the latest, and until when the school's
 *   submission limit is tightened (TIP_FLOOD_TIGHTEN_HOURS after the latest tip that kept the hour over the
 *   threshold). It knows the school and its tips' times, never anything about a reporter;
 * - tightens the submission limit of that school only (`submitLimit`): the counters stay TipRateLimiter's (HMAC of
 *   the subject under the day key, no time finer than the window); only the number they are compared with changes;
 * - tells the school's admins once, through the outbox (dedupe key per flood and admin), in the same transaction.
 */
@Injectable()
export class TipFloods {
  constructor(
    private readonly outbox: OutboxService,
    private readonly routing: TipRoutingService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The hourly submission limit for this school now: `usual`, or TIPS_PER_HOUR_IN_FLOOD while a flood lasts. */
  async submitLimit(m: EntityManager, schoolId: string, usual: number): Promise<number> {
    return (await this.active(m, schoolId, this.clock.now())) ? Math.min(usual, TIPS_PER_HOUR_IN_FLOOD) : usual;
  }

  /** Called in the transaction that files a (real) tip, after its row is written. */
  async onTipFiled(m: EntityManager, school: SchoolEntity, tip: TipEntity): Promise<void> {
    if (tip.isTest) return;
    const now = tip.submittedAt;
    const since = new Date(now.getTime() - TIP_FLOOD_WINDOW_MINUTES * MINUTE);
    const hour = m.getRepository(TipEntity).createQueryBuilder('t')
      .where('t.school_id = :schoolId AND t.submitted_at > :since', { schoolId: school.id, since }).andWhere(REAL_TIPS_SQL);
    const count = await hour.getCount();
    if (count <= TIP_FLOOD_THRESHOLD) return;
    // The school's row, locked on MariaDB: two tips crossing the threshold at once make one flood (SQLite runs one
    // transaction at a time).
    if (m.connection.options.type !== 'better-sqlite3') {
      await m.findOne(SchoolEntity, { where: { id: school.id }, lock: { mode: 'pessimistic_write' } });
    }
    const tightenedUntil = new Date(now.getTime() + TIP_FLOOD_TIGHTEN_HOURS * HOUR);
    const active = await this.active(m, school.id, now);
    if (active) {
      await m.update(TipFloodEntity, { id: active.id }, { lastTipAt: now, tightenedUntil });
      return;
    }
    const first = await hour.select(['t.id', 't.submittedAt']).orderBy('t.submitted_at', 'ASC').getOne();
    const id = randomUUID();
    const startedAt = first ? new Date(first.submittedAt) : now;
    await m.insert(TipFloodEntity, { id, schoolId: school.id, startedAt, lastTipAt: now, tightenedUntil });
    const admins = await this.routing.roleUserIds(m, school.id, 'admin');
    const to = admins.length ? admins : await this.routing.principalIds(m, school.id);
    for (const userId of to) {
      await this.outbox.enqueue(m, {
        dedupeKey: `tip.flood:${id}:${userId}`, channel: 'inbox_only', schoolId: school.id, recipientUserId: userId, template: 'tip.flood',
        title: '倾诉信箱短时间内收到大量举报',
        body: `${floodGroupTitle(count)}，超过了每小时 ${TIP_FLOOD_THRESHOLD} 条。欺凌防治负责人可以在收件箱里批量处理这一组举报；`
          + `接下来 ${TIP_FLOOD_TIGHTEN_HOURS} 小时内，本校每人每小时只能提交 ${TIPS_PER_HOUR_IN_FLOOD} 条举报（其他学校不受影响）。如果这是恶作剧或有人组织刷举报，请提醒学生信箱的用途。`,
        fallback: { kind: 'inbox_only' },
      });
    }
    await this.audit.append(m, {
      schoolId: school.id, actorUserId: null, actorRole: 'system', action: 'tip.flood_detected', targetType: 'school', targetId: school.id,
      details: { floodId: id, tipsInHour: count, threshold: TIP_FLOOD_THRESHOLD },
    });
  }

  /** The school's flood whose tightened limit still runs at `at`, if any. */
  async active(m: EntityManager, schoolId: string, at: Date): Promise<TipFloodEntity | null> {
    return activeFlood(m, schoolId, at);
  }

  /** The school's floods of the last `days` days, newest first. */
  async recent(m: EntityManager, schoolId: string, days = 14): Promise<TipFloodEntity[]> {
    const since = new Date(this.clock.now().getTime() - days * 24 * HOUR);
    return m.find(TipFloodEntity, { where: { schoolId, lastTipAt: MoreThan(since) }, order: { startedAt: 'DESC' } });
  }

  /** The tips of a flood: the school's real tips filed from its first to its latest tip. */
  async tipsOf(m: EntityManager, flood: TipFloodEntity): Promise<TipEntity[]> {
    return m.getRepository(TipEntity).createQueryBuilder('t')
      .where('t.school_id = :schoolId AND t.submitted_at >= :from AND t.submitted_at <= :until', { schoolId: flood.schoolId, from: flood.startedAt, until: flood.lastTipAt })
      .andWhere(REAL_TIPS_SQL).orderBy('t.submitted_at', 'ASC').getMany();
  }
}
