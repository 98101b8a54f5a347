import { Column, Entity } from 'typeorm';
import type { SchoolYear, ShanghaiDay } from '@anxin/shared';
import { UuidEntity, jsonTransformer } from '../../platform/database/base.entity';

/**
 * A school's anti-bullying pledge for one school year (unique per school and year), opened by the principal or a school
 * admin. Its text lives in pledge_versions (`current_version` is the one guardians sign). The audience is resolved
 * when read: the classes of the chosen grades (by school year, 一年级 = 1), or every class; guardians are those with
 * an approved binding to a child there. It is open until the end of its deadline day (Asia/Shanghai).
 */
@Entity('pledges')
export class PledgeEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 9, name: 'school_year' })
  schoolYear!: SchoolYear;

  /** The last day to sign (Asia/Shanghai): a day the school chose, not a time of anyone's action. */
  @Column({ type: 'date', utc: true })
  deadline!: ShanghaiDay;

  /** Grade numbers (school years, 1–12); empty: the whole school. */
  @Column({ type: 'text', transformer: jsonTransformer })
  grades!: number[];

  /** The child signs too from this grade on; 0: no student part. */
  @Column({ type: 'int', name: 'student_from_grade' })
  studentFromGrade!: number;

  @Column({ type: 'boolean', name: 'require_all_guardians', default: false })
  requireAllGuardians!: boolean;

  @Column({ type: 'int', name: 'current_version' })
  currentVersion!: number;

  @Column({ type: 'varchar', length: 36, name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  /** When the automatic reminder before the deadline was claimed (null before): claimed by one conditional UPDATE. */
  @Column({ type: 'datetime', name: 'auto_reminded_at', nullable: true })
  autoRemindedAt!: Date | null;
}
