import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { Clock } from '../../common/clock/clock';
import { LOGGER } from '../../common/logging/logger';
import { inTransaction } from '../../database/transaction';
import { PeriodicJobs } from '../../worker/periodic-jobs';
import { AuditService } from '../audit.service';
import { MerkleBuilder } from './merkle';
import { SealBatchEntity } from './seal-batch.entity';
import { SealLeafEntity } from './seal-leaf.entity';
import { leavesInOrder } from './seal-leaves';
import { dayValue, SEAL_ACTION, sealableBefore } from './seal-rules';

export const SEAL_JOB = 'audit.seal';
/** How often a worker looks for days to seal (a day is sealed within this long of SEAL_GRACE_MS after it ends). */
const SEAL_EVERY_MS = 10 * 60_000;
/** (school, day) groups looked at per run, and the time after which a run starts no new batch. */
const GROUPS_PER_RUN = 200;
const RUN_BUDGET_MS = 60_000;

export interface SealedBatch {
  batchId: string;
  schoolId: string;
  day: string;
  root: string;
  leaves: number;
  seq: number;
}

/**
 * The worker's sealing (a periodic job: once per interval across all workers). Per school and ended day it seals
 * every leaf still waiting, in one transaction: the leaves are claimed for a new batch with one UPDATE (a second
 * worker's UPDATE then claims none), read back in kind and record order a chunk at a time into the Merkle tree, and
 * the root, the leaf count and the kinds go into one audit entry (`audit.receipts_sealed`, actor `system`, naming no
 * person) with the batch row beside it. A leaf that arrives for a day already sealed (a transaction that straddled
 * the sealing) makes a second, small batch of that day.
 */
@Injectable()
export class SealJob implements OnModuleInit {
  /** A run stopped with groups left: the next one is due at once (a hint for this process's schedule only). */
  private more = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly jobs: PeriodicJobs,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    this.jobs.register(SEAL_JOB, (finished) => new Date(finished.getTime() + (this.more ? 1_000 : SEAL_EVERY_MS)), async () => {
      this.more = (await this.sealDue()).more;
    });
  }

  /** Seals the ended days' waiting leaves, school by school and day by day, within the run's budget. */
  async sealDue(budgetMs = RUN_BUDGET_MS): Promise<{ sealed: SealedBatch[]; more: boolean }> {
    const started = Date.now();
    const groups: { schoolId: string; day: unknown }[] = await this.ds.createQueryBuilder()
      .select('l.school_id', 'schoolId').addSelect('l.day', 'day').from(SealLeafEntity, 'l')
      .where('l.batch_id IS NULL AND l.day < :before', { before: sealableBefore(this.clock.now()) })
      .groupBy('l.school_id').addGroupBy('l.day').orderBy('l.school_id', 'ASC').addOrderBy('l.day', 'ASC')
      .limit(GROUPS_PER_RUN + 1).getRawMany();
    const sealed: SealedBatch[] = [];
    let looked = 0;
    for (const g of groups.slice(0, GROUPS_PER_RUN)) {
      if (looked > 0 && Date.now() - started >= budgetMs) break;
      looked++;
      try {
        const batch = await this.sealSchoolDay(g.schoolId, dayValue(g.day));
        if (batch) sealed.push(batch);
      } catch (e) {
        this.log.error({ err: e, schoolId: g.schoolId }, 'sealing a day batch failed');
      }
    }
    return { sealed, more: groups.length > looked };
  }

  /** Seals every leaf of `schoolId` waiting for `day`; null when there is none (another worker sealed them). */
  async sealSchoolDay(schoolId: string, day: string): Promise<SealedBatch | null> {
    return inTransaction(this.ds, async (m) => {
      const batchId = randomUUID();
      const claimed = await m.createQueryBuilder().update(SealLeafEntity).set({ batchId })
        .where('batch_id IS NULL AND school_id = :schoolId AND day = :day', { schoolId, day }).execute();
      if (!claimed.affected) return null;
      const tree = new MerkleBuilder();
      const kinds: Record<string, number> = {};
      for await (const chunk of leavesInOrder(m, { batchId, schoolId, day })) {
        for (const leaf of chunk) {
          tree.add(leaf.leafHash);
          kinds[leaf.kind] = (kinds[leaf.kind] ?? 0) + 1;
        }
      }
      const { root, size, chunkRoots } = tree.finish();
      if (size !== claimed.affected) throw new Error(`seal batch of ${schoolId} ${day}: claimed ${claimed.affected} leaves, read ${size}`);
      const entry = await this.audit.append(m, {
        schoolId, actorUserId: null, actorRole: 'system', action: SEAL_ACTION, targetType: 'seal_batch', targetId: batchId,
        details: { day, root, leaves: size, kinds },
      });
      await m.insert(SealBatchEntity, { id: batchId, schoolId, day, root, leafCount: size, kinds, chunkRoots: chunkRoots.join(''), auditSeq: entry.seq });
      return { batchId, schoolId, day, root, leaves: size, seq: entry.seq };
    });
  }
}
