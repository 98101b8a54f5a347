import { Column, Entity } from 'typeorm';
import { UuidEntity } from '../../platform/database/base.entity';

/** A guardian as listed on the school's roster. The phone is kept only as a keyed hash, never in clear. */
@Entity('roster_guardians')
export class RosterGuardianEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 36, name: 'student_id' })
  studentId!: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  name!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  relation!: string | null;

  @Column({ type: 'varchar', length: 64, name: 'phone_hash' })
  phoneHash!: string;
}
