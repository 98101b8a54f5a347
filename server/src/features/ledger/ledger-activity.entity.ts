import { Column, Entity } from 'typeorm';
import type { LedgerAudience } from '@anxin/shared';
import { jsonTransformer, UuidEntity } from '../../platform/database/base.entity';

/**
 * An activity a school recorded for a duty of its ledger: the day it happened (`held_on`, Shanghai; `held_at` is
 * 00:00 Shanghai of that day, for the windows), who led it, who it was for, how many came, and a short description.
 * `created_at` is the real time it was recorded (the ledger and the PDF show it); an edit sets `updated_at`.
 */
@Entity('ledger_activities')
export class LedgerActivityEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 48, name: 'duty_key' })
  dutyKey!: string;

  @Column({ type: 'varchar', length: 10, name: 'held_on' })
  heldOn!: string;

  @Column({ type: 'datetime', name: 'held_at' })
  heldAt!: Date;

  @Column({ type: 'varchar', length: 40 })
  leader!: string;

  @Column({ type: 'varchar', length: 8 })
  audience!: LedgerAudience;

  @Column({ type: 'text', name: 'class_ids', transformer: jsonTransformer })
  classIds!: string[];

  @Column({ type: 'varchar', length: 36, name: 'teacher_user_id', nullable: true })
  teacherUserId!: string | null;

  @Column({ type: 'int' })
  attendance!: number;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 36, name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', name: 'updated_at', nullable: true })
  updatedAt!: Date | null;
}
