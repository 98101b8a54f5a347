import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One record's leaf for one Shanghai day: the hash of the record's rows as a feature left them that day (the last
 * change of the day wins), waiting for the day's batch (`batch_id` null) or sealed in it. One row per kind, record and
 * day: the key, not an insertion counter, so nothing here orders the changes of a day. No time and no person: the
 * day is the one the record already keeps (a receipt's days), and the record id is the only reference.
 */
@Entity('audit_seal_leaves')
export class SealLeafEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind!: string;

  @PrimaryColumn({ type: 'varchar', length: 36, name: 'record_id' })
  recordId!: string;

  @PrimaryColumn({ type: 'date', utc: true })
  day!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 64, name: 'leaf_hash' })
  leafHash!: string;

  @Column({ type: 'varchar', length: 36, name: 'batch_id', nullable: true })
  batchId!: string | null;
}
