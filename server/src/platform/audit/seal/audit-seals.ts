import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import type { PipelinedWrite } from '../../database/pipelined-commit';
import { addSealLeaves, madeLeafWrites, type SealLeafInput } from './seal-leaves';
import { sealStatus, type SealStatus } from './seal-proofs';
import { sealDayOf } from './seal-rules';

/**
 * What a feature calls to seal its records into the school's audit chain (see docs/IDENTITY-AND-TENANCY.md, "Sealed
 * records"). Register the kind once (`SealKinds.register`, with the function that recomputes leaves), then:
 * - `add(m, leaf)` / `addMany(m, leaves)` in the SAME transaction that changes the records, with the hash the kind's
 *   `leaves` gives for the rows as that transaction leaves them (`addMade` for records that transaction made).
 *   Nothing is written to the chain then: the leaf waits for the batch of its day (Asia/Shanghai), which the worker
 *   seals after the day is over, one audit entry per school and day naming no person.
 * - `status(m, schoolId, kind, recordId)` for a proof route: the newest sealed leaf with its Merkle path and audit
 *   entry, and a newer leaf waiting for its batch (with the earliest time it is sealed).
 */
@Injectable()
export class AuditSeals {
  constructor(private readonly clock: Clock) {}

  add(m: EntityManager, leaf: SealLeafInput): Promise<void> {
    return this.addMany(m, [leaf]);
  }

  addMany(m: EntityManager, leaves: SealLeafInput[]): Promise<void> {
    return leaves.length ? addSealLeaves(m, sealDayOf(this.clock.now()), leaves) : Promise.resolve();
  }

  /** Leaves of records the calling transaction has just made (new ids): no lookup of leaves they cannot have yet. */
  addMade(m: EntityManager, leaves: SealLeafInput[]): Promise<void> {
    return leaves.length ? addSealLeaves(m, sealDayOf(this.clock.now()), leaves, true) : Promise.resolve();
  }

  /** `addMade` as writes for a pipelined commit (`madeLeafWrites`), their day taken now. */
  madeWrites(leaves: SealLeafInput[]): PipelinedWrite[] {
    return madeLeafWrites(sealDayOf(this.clock.now()), leaves);
  }

  status(m: EntityManager, schoolId: string, kind: string, recordId: string): Promise<SealStatus> {
    return sealStatus(m, schoolId, kind, recordId);
  }
}
