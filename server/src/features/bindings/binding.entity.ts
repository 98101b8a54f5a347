import { Column, Entity } from 'typeorm';
import { UuidEntity } from '../../platform/database/base.entity';
import type { BindingStatus, Relation } from '@anxin/shared';

/** A guardian's link to a student, pending until the class teacher approves (or the roster phone matched). */
@Entity('bindings')
export class BindingEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'guardian_user_id' })
  guardianUserId!: string;

  @Column({ type: 'varchar', length: 36, name: 'student_id' })
  studentId!: string;

  @Column({ type: 'varchar', length: 36, name: 'class_id' })
  classId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 20 })
  relation!: Relation;

  @Column({ type: 'varchar', length: 16 })
  status!: BindingStatus;

  @Column({ type: 'boolean', name: 'auto_approved', default: false })
  autoApproved!: boolean;

  @Column({ type: 'varchar', length: 36, name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'datetime', name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'varchar', length: 200, name: 'reject_reason', nullable: true })
  rejectReason!: string | null;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;
}
