import { Column, Entity } from 'typeorm';
import { UuidEntity } from '../../platform/database/base.entity';

@Entity('students')
export class StudentEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 36, name: 'class_id' })
  classId!: string;

  @Column({ type: 'varchar', length: 50 })
  name!: string;

  /** 学籍号 / 全国学籍号, stored as text. Null when a school's roster has none: then (class, name) identifies the row. */
  @Column({ type: 'varchar', length: 40, name: 'student_no', nullable: true })
  studentNo!: string | null;

  @Column({ type: 'varchar', length: 1, nullable: true })
  gender!: 'M' | 'F' | null;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt!: Date;
}
