import { Column, Entity } from 'typeorm';
import { UuidEntity } from '../../platform/database/base.entity';

/** Which classes a teacher heads (班主任) or teaches: their class-scoped rights cover only these. */
@Entity('teacher_classes')
export class TeacherClassEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'user_id' })
  userId!: string;

  @Column({ type: 'varchar', length: 36, name: 'class_id' })
  classId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'boolean', name: 'is_head', default: false })
  isHead!: boolean;
}
