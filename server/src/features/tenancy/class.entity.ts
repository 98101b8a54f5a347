import { Column, Entity } from 'typeorm';
import { UuidEntity } from '../../platform/database/base.entity';

@Entity('classes')
export class ClassEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 36, name: 'grade_id' })
  gradeId!: string;

  @Column({ type: 'varchar', length: 50 })
  name!: string;
}
