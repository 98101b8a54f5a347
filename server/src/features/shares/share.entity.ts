import { Column, Entity } from 'typeorm';
import type { ShareSubjectKind } from '@anxin/shared';
import type { UtcDay } from '../../platform/common/clock/utc-day';
import { UuidEntity } from '../../platform/database/base.entity';

/**
 * One share card subject (the school's tip box, a class invite…): its random id goes into the card's path. One
 * row per subject, whoever shares it, so a school sees one set of figures per card; who shared is not kept.
 */
@Entity('shares')
export class ShareEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 16, name: 'subject_kind' })
  subjectKind!: ShareSubjectKind;

  @Column({ type: 'varchar', length: 36, name: 'subject_id' })
  subjectId!: string;

  @Column({ type: 'date', name: 'created_on', utc: true })
  createdOn!: UtcDay;
}
