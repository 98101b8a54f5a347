import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A district's retention rules (no row: the defaults, RETENTION_BOUNDS in shared/src/api/retention.ts). */
@Entity('retention_rules')
export class RetentionRulesEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'district_id' })
  districtId!: string;

  @Column({ type: 'int', name: 'tip_content_years' })
  tipContentYears!: number;

  @Column({ type: 'int', name: 'unanswered_thread_years' })
  unansweredThreadYears!: number;

  @Column({ type: 'int', name: 'receipt_years' })
  receiptYears!: number;

  @Column({ type: 'int', name: 'log_days' })
  logDays!: number;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt!: Date;

  @Column({ type: 'varchar', length: 36, name: 'updated_by_user_id' })
  updatedByUserId!: string;
}
