import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far a school's notice and pledge signature images have been erased: every school year up to and including this one. */
@Entity('retention_receipt_sweeps')
export class RetentionReceiptSweepEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  /** The first calendar year of the last school year erased (2026 for 2026-2027). */
  @Column({ type: 'int', name: 'erased_through_year' })
  erasedThroughYear!: number;

  @Column({ type: 'datetime', name: 'swept_at' })
  sweptAt!: Date;
}
