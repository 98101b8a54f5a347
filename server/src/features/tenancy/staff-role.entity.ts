import { Column, Entity } from 'typeorm';
import { UuidEntity } from '../../platform/database/base.entity';
import type { StaffRole } from '@anxin/shared';

/** A staff role held by a user in one school (or, for district officers, one district). */
@Entity('staff_roles')
export class StaffRoleEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'user_id' })
  userId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id', nullable: true })
  schoolId!: string | null;

  @Column({ type: 'varchar', length: 36, name: 'district_id', nullable: true })
  districtId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  role!: StaffRole;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;
}
