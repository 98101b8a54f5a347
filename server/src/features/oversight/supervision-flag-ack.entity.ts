import { Column, Entity } from 'typeorm';
import type { SupervisionRule } from '@anxin/shared';
import { UuidEntity } from '../../platform/database/base.entity';

/**
 * A district officer's acknowledgement of a supervision flag (one per flag key: rule, school, semester), with their
 * note and how many cases stood behind the flag then: more cases later make it need attention again.
 */
@Entity('supervision_flag_acks')
export class SupervisionFlagAckEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'district_id' })
  districtId!: string;

  @Column({ type: 'varchar', length: 100, name: 'flag_key' })
  flagKey!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 32 })
  rule!: SupervisionRule;

  @Column({ type: 'varchar', length: 8, name: 'semester_key' })
  semesterKey!: string;

  @Column({ type: 'int', name: 'count_at_ack' })
  countAtAck!: number;

  @Column({ type: 'text' })
  note!: string;

  @Column({ type: 'varchar', length: 36, name: 'acked_by' })
  ackedBy!: string;

  @Column({ type: 'datetime', name: 'acked_at' })
  ackedAt!: Date;
}
