import { Column, Entity } from 'typeorm';
import type { SubscriptionStatus } from '@anxin/shared';
import { utcDayTransformer } from '../common/clock/utc-day';
import { UuidEntity } from '../database/base.entity';

/** What one user allowed for one subscribe-message template: one-time credits left, or long-term consent. */
@Entity('subscription_credits')
export class SubscriptionCreditEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'user_id' })
  userId!: string;

  @Column({ type: 'varchar', length: 64, name: 'template_id' })
  templateId!: string;

  @Column({ type: 'int', name: 'one_time_credits', default: 0 })
  oneTimeCredits!: number;

  @Column({ type: 'boolean', name: 'long_term', default: false })
  longTerm!: boolean;

  @Column({ type: 'varchar', length: 8, name: 'last_status', nullable: true })
  lastStatus!: SubscriptionStatus | null;

  /** The day of the last change only: a time of day next to a tip's would tell who was active when. */
  @Column({ type: 'date', name: 'updated_on', utc: true, transformer: utcDayTransformer })
  updatedOn!: Date;
}
