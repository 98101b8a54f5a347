import { Column, Entity } from 'typeorm';
import { UuidEntity } from '../database/base.entity';

/**
 * The worker's record of one school's daily checkpoint. The unique (school, day) key makes the daily signing
 * happen once however many workers run; the signed line itself lives outside the database, in the school's
 * checkpoint file. A day whose verification failed is recorded unsigned (`ok` false) with the problem found.
 */
@Entity('audit_checkpoints')
export class AuditCheckpointEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  /** Calendar day in Asia/Shanghai, YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10 })
  day!: string;

  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'varchar', length: 64, name: 'head_hash' })
  headHash!: string;

  @Column({ type: 'datetime', name: 'signed_at' })
  signedAt!: Date;

  @Column({ type: 'varchar', length: 16, name: 'key_id', nullable: true })
  keyId!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  signature!: string | null;

  @Column({ type: 'boolean' })
  ok!: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  problem!: string | null;

  /** Which worker's attempt won the (school, day) row. */
  @Column({ type: 'varchar', length: 36, name: 'claim_token' })
  claimToken!: string;

  /** When the signed line reached the checkpoint file; null until then (a crash in between is caught up later). */
  @Column({ type: 'datetime', name: 'file_written_at', nullable: true })
  fileWrittenAt!: Date | null;
}
