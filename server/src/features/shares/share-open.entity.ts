import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UtcDay } from '../../platform/common/clock/utc-day';

/**
 * One counted opening of a share card: which share, from which group (null: not from a group) and the UTC day.
 * The key is a keyed hash of (share, group, user, day), so the same user opening the same card from the same
 * place twice in a day counts once; the row holds no user id, openid, time of day or device.
 */
@Entity('share_opens')
export class ShareOpenEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'dedupe_key' })
  dedupeKey!: string;

  @Column({ type: 'varchar', length: 36, name: 'share_id' })
  shareId!: string;

  @Column({ type: 'varchar', length: 36, name: 'group_id', nullable: true })
  groupId!: string | null;

  @Column({ type: 'date', name: 'opened_on', utc: true })
  openedOn!: UtcDay;
}
