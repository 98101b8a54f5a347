import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TipProgressStep } from '@anxin/shared';

/**
 * The internal progress of a case (约谈学生, 调取监控, …), one row per change, the latest being the current step.
 * Staff only: the reporter's thread shows the public status. The free text is encrypted like the case.
 */
@Entity('tip_progress')
export class TipProgressEntity {
  /** Assigned in code before insert: the id is part of the detail's encryption context. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36, name: 'tip_id' })
  tipId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 40 })
  step!: TipProgressStep;

  @Column({ type: 'text', name: 'detail_enc', nullable: true })
  detailEnc!: string | null;

  @Column({ type: 'varchar', length: 36, name: 'by_user_id' })
  byUserId!: string;

  @Column({ type: 'datetime', name: 'set_at' })
  setAt!: Date;
}
