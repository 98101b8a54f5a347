import { Column, Entity, Index } from 'typeorm';
import { UuidEntity } from '../../platform/database/base.entity';

@Entity('classes')
@Index(['gradeId', 'name'], { unique: true })
export class ClassEntity extends UuidEntity {
  @Index()
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 36, name: 'grade_id' })
  gradeId!: string;

  @Column({ type: 'varchar', length: 50 })
  name!: string;
}
