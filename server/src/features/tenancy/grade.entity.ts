import { Column, Entity } from 'typeorm';
import { UuidEntity } from '../../platform/database/base.entity';

@Entity('grades')
export class GradeEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 50 })
  name!: string;

  @Column({ type: 'int', default: 0 })
  sort!: number;
}
