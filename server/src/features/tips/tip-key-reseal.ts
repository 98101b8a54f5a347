import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { inTransaction } from '../../platform/database/transaction';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { resealTip } from './tip-content-seal';
import { TipEntity } from './tip.entity';

export const TIP_RESEAL_JOB = 'tips.reseal-own-keys';
const RESEAL_EVERY_MS = 5 * 60_000;
/** Tips per transaction: each is opened and sealed again whole, photos included. */
const BATCH = 20;

/**
 * The upgrade step to per-tip keys: a tip filed before tips had their own keys (no `tip_keys` row, or one made
 * later for a new note or reply, `all_sealed` false) has every ciphertext opened and sealed again under its own key,
 * one tip per transaction, by the worker every few minutes until none is left. New tips are filed under their own
 * key and never need it.
 */
@Injectable()
export class TipKeyReseal implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly crypto: CryptoService,
    private readonly jobs: PeriodicJobs,
  ) {}

  onModuleInit(): void {
    this.jobs.register(TIP_RESEAL_JOB, RESEAL_EVERY_MS, async () => {
      while ((await this.runBatch(BATCH)) === BATCH) { /* until a batch finds fewer */ }
    });
  }

  /** Tips whose content is not yet all under their own key. */
  async pendingIds(limit: number): Promise<string[]> {
    const rows = await this.ds.createQueryBuilder(TipEntity, 't').select('t.id', 'id')
      .leftJoin('tip_keys', 'k', 'k.tip_id = t.id')
      .where('(k.id IS NULL OR k.all_sealed = :no)', { no: false })
      .orderBy('t.submitted_at', 'ASC').limit(limit).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** Re-seals up to `limit` tips, one transaction each; answers how many it took on. */
  async runBatch(limit: number): Promise<number> {
    const ids = await this.pendingIds(limit);
    for (const id of ids) {
      await inTransaction(this.ds, async (m) => {
        const tip = await m.findOne(TipEntity, { where: { id } });
        if (tip) await resealTip(m, this.crypto, tip);
      });
    }
    return ids.length;
  }
}
