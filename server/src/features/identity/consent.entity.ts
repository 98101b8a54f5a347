import { Column, Entity } from 'typeorm';
import { utcDayTransformer } from '../../platform/common/clock/utc-day';
import { UuidEntity } from '../../platform/database/base.entity';

/** A consent given by a user: the privacy guide, or a guardian's consent to process a child's data (PIPL art. 31). */
@Entity('consents')
export class ConsentEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'user_id' })
  userId!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: 'privacy_guide' | 'child_data';

  @Column({ type: 'varchar', length: 32 })
  version!: string;

  @Column({ type: 'varchar', length: 36, name: 'student_id', nullable: true })
  studentId!: string | null;

  /** When it was given, to the UTC day (reads back as 00:00 UTC): consent is given as the app opens, next to a tip. */
  @Column({ type: 'date', name: 'given_on', utc: true, transformer: utcDayTransformer })
  createdAt!: Date;
}
