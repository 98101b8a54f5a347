import { Column, Entity } from 'typeorm';
import type { UtcDay } from '../../platform/common/clock/utc-day';
import { UuidEntity } from '../../platform/database/base.entity';

/**
 * A WeChat group a school's card was opened from. WeChat gives only the opengid (one id per group and
 * mini-program, the same for every member), kept as given; a teacher names the group once for everyone.
 */
@Entity('share_groups')
export class ShareGroupEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 128, name: 'opengid' })
  opengid!: string;

  @Column({ type: 'varchar', length: 30, name: 'name', nullable: true })
  name!: string | null;

  @Column({ type: 'date', name: 'first_seen_on', utc: true })
  firstSeenOn!: UtcDay;
}
