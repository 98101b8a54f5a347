import { Column, Entity, PrimaryColumn } from 'typeorm';
import { jsonTransformer } from '../../database/base.entity';

/**
 * A school's day batch: the root over its leaves (ordered by kind and record id), how many there are, and the root
 * of each chunk of SEAL_CHUNK leaves, so a proof reads one chunk instead of the whole batch. The audit entry
 * (`audit.receipts_sealed`, seq `audit_seq`) holds the root; the verifier trusts that entry, never this row.
 */
@Entity('audit_seal_batches')
export class SealBatchEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'date', utc: true })
  day!: string;

  @Column({ type: 'varchar', length: 64 })
  root!: string;

  @Column({ type: 'int', name: 'leaf_count' })
  leafCount!: number;

  /** Leaves per kind, e.g. `{ "notice.receipt": 812 }`. */
  @Column({ type: 'text', transformer: jsonTransformer })
  kinds!: Record<string, number>;

  /** The chunk roots, 64 hex digits each, one after another. */
  @Column({ type: 'text', name: 'chunk_roots' })
  chunkRoots!: string;

  @Column({ type: 'int', name: 'audit_seq' })
  auditSeq!: number;
}
