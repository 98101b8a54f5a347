import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A closed case opened again: when, by whom and why. The reason is staff text about the case, encrypted like it. */
@Entity('tip_reopenings')
export class TipReopeningEntity {
  /** Assigned in code before insert: the id is part of the reason's encryption context. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36, name: 'tip_id' })
  tipId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'text', name: 'reason_enc' })
  reasonEnc!: string;

  @Column({ type: 'varchar', length: 36, name: 'by_user_id' })
  byUserId!: string;

  @Column({ type: 'datetime', name: 'reopened_at' })
  reopenedAt!: Date;
}
