import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { NoticeKind } from '@anxin/shared';
import { Clock } from '../../platform/common/clock/clock';
import { inTransaction } from '../../platform/database/transaction';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { NoticeReceiptEntity } from '../notices/notice-receipt.entity';
import { NoticeEntity } from '../notices/notice.entity';
import type { Window } from '../tips/tip-figures';
import { NoticeTallyEntity } from './notice-tally.entity';

export const NOTICE_TALLIES_JOB = 'oversight.notice-tallies';
const EVERY_MS = 60_000;
const DAY_MS = 86_400_000;
/** Notices published this recently are counted again on every run (most reading happens in the first days). */
export const TALLY_RECENT_DAYS = 14;
/** Older ones are counted again once their count is this old, a batch per run, oldest count first. */
const TALLY_STALE_MS = DAY_MS;
const STALE_PER_RUN = 200;
/** How far back a notice is still counted (a school year and a bit). */
const TALLY_HORIZON_DAYS = 400;
const CHUNK = 200;
/** Notices whose receipts count: published (or published and since closed), not recalled, not replaced by a correction. */
const COUNTED_STATUSES = ['published', 'closed'];

/** A school's notices published in a window, summed from their tallies. */
export interface NoticeSums {
  published: number;
  recipients: number;
  read: number;
  acknowledged: number;
  /** The oldest count among them (null before the first count of any). */
  countedAt: Date | null;
}

export const emptyNoticeSums = (): NoticeSums => ({ published: 0, recipients: 0, read: 0, acknowledged: 0, countedAt: null });

/**
 * The receipt tallies of published notices (`notice_tallies`): a periodic job of the worker counts the receipts of
 * each notice of the last two weeks on every run and of older ones once a day, from an index of the receipts alone
 * (`ix_notice_receipts_notice_read_ack`); the dashboards sum the tallies (`sums`). So a dashboard's letter figures
 * may be up to a minute behind for recent notices (a day for older ones) and say when they were counted.
 */
@Injectable()
export class NoticeTallies implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: PeriodicJobs,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register(NOTICE_TALLIES_JOB, EVERY_MS, async () => {
      await this.refresh();
    });
  }

  /** Counts again the notices due a count; returns how many were counted. */
  async refresh(): Promise<number> {
    const now = this.clock.now();
    const notices = this.ds.getRepository(NoticeEntity);
    const recent = await notices.createQueryBuilder('n').select('n.id', 'id')
      .where('n.status IN (:...statuses) AND n.published_at >= :since', { statuses: COUNTED_STATUSES, since: new Date(now.getTime() - TALLY_RECENT_DAYS * DAY_MS) })
      .getRawMany<{ id: string }>();
    const stale = await notices.createQueryBuilder('n').select('n.id', 'id').leftJoin(NoticeTallyEntity, 'c', 'c.notice_id = n.id')
      .where('n.status IN (:...statuses) AND n.published_at >= :horizon AND n.published_at < :since', {
        statuses: COUNTED_STATUSES, horizon: new Date(now.getTime() - TALLY_HORIZON_DAYS * DAY_MS), since: new Date(now.getTime() - TALLY_RECENT_DAYS * DAY_MS),
      })
      .andWhere('(c.notice_id IS NULL OR c.counted_at < :staleBefore)', { staleBefore: new Date(now.getTime() - TALLY_STALE_MS) })
      .orderBy('CASE WHEN c.notice_id IS NULL THEN 0 ELSE 1 END', 'ASC').addOrderBy('c.counted_at', 'ASC').limit(STALE_PER_RUN)
      .getRawMany<{ id: string }>();
    const ids = [...new Set([...recent, ...stale].map((r) => r.id))];
    for (let i = 0; i < ids.length; i += CHUNK) await this.count(ids.slice(i, i + CHUNK), now);
    return ids.length;
  }

  /** Counts these notices' receipts now (a test, or a notice just published, need not wait for the job). */
  async count(noticeIds: string[], now = this.clock.now()): Promise<void> {
    if (!noticeIds.length) return;
    const rows = await this.ds.getRepository(NoticeReceiptEntity).createQueryBuilder('r')
      .select('r.notice_id', 'noticeId').addSelect('COUNT(*)', 'recipients').addSelect('COUNT(r.read_on)', 'readCount')
      .addSelect('COUNT(r.acknowledged_on)', 'acknowledgedCount')
      .where('r.notice_id IN (:...noticeIds)', { noticeIds }).groupBy('r.notice_id')
      .getRawMany<{ noticeId: string; recipients: string | number; readCount: string | number; acknowledgedCount: string | number }>();
    const byId = new Map(rows.map((r) => [r.noticeId, r]));
    const tallies = noticeIds.map((noticeId) => {
      const r = byId.get(noticeId);
      return { noticeId, recipients: Number(r?.recipients ?? 0), readCount: Number(r?.readCount ?? 0), acknowledgedCount: Number(r?.acknowledgedCount ?? 0), countedAt: now };
    });
    await inTransaction(this.ds, async (m) => {
      await m.delete(NoticeTallyEntity, { noticeId: In(noticeIds) });
      await m.insert(NoticeTallyEntity, tallies);
    });
  }

  /**
   * Per school, the notices of `kinds` published in `window` that count (published or closed, not corrected since),
   * with their tallies summed. A notice not yet counted adds to `published` only.
   */
  async sums(m: EntityManager, schoolIds: readonly string[], window: Window, kinds: readonly NoticeKind[]): Promise<Map<string, NoticeSums>> {
    const out = new Map<string, NoticeSums>(schoolIds.map((id) => [id, emptyNoticeSums()]));
    for (let i = 0; i < schoolIds.length; i += 500) {
      const ids = schoolIds.slice(i, i + 500);
      const rows = await m.getRepository(NoticeEntity).createQueryBuilder('n').leftJoin(NoticeTallyEntity, 'c', 'c.notice_id = n.id')
        .select('n.school_id', 'schoolId').addSelect('COUNT(*)', 'published').addSelect('SUM(c.recipients)', 'recipients')
        .addSelect('SUM(c.read_count)', 'readCount').addSelect('SUM(c.acknowledged_count)', 'acknowledgedCount').addSelect('MIN(c.counted_at)', 'countedAt')
        .where('n.school_id IN (:...ids) AND n.published_at >= :from AND n.published_at < :until', { ids, from: window.from, until: window.until })
        .andWhere('n.status IN (:...statuses) AND n.kind IN (:...kinds) AND n.corrected_by IS NULL', { statuses: COUNTED_STATUSES, kinds: [...kinds] })
        .groupBy('n.school_id')
        .getRawMany<{ schoolId: string; published: string | number; recipients: string | number | null; readCount: string | number | null; acknowledgedCount: string | number | null; countedAt: string | Date | null }>();
      for (const r of rows) {
        out.set(r.schoolId, {
          published: Number(r.published), recipients: Number(r.recipients ?? 0), read: Number(r.readCount ?? 0), acknowledged: Number(r.acknowledgedCount ?? 0),
          countedAt: r.countedAt ? asUtcDate(r.countedAt) : null,
        });
      }
    }
    return out;
  }
}

/** A datetime read raw (MIN() bypasses the entity's hydration): SQLite gives `YYYY-MM-DD HH:MM:SS.SSS` in UTC. */
function asUtcDate(v: string | Date): Date {
  if (v instanceof Date) return v;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`);
}
