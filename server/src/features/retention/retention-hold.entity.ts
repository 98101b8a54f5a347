import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A legal hold on a case (法律保全): while the row exists nothing of the case is erased. Lifting deletes it. */
@Entity('retention_holds')
export class RetentionHoldEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'tip_id' })
  tipId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  /** The reason, an envelope under the school's data key (it may name people); the audit entry holds only its hash. */
  @Column({ type: 'text', name: 'reason_enc' })
  reasonEnc!: string;

  @Column({ type: 'varchar', length: 36, name: 'set_by_user_id' })
  setByUserId!: string;

  @Column({ type: 'datetime', name: 'set_at' })
  setAt!: Date;
}
