import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A round of messages the worker sends about a pledge, in batches of guardians (by id, from `cursor`): `v<n>`
 * announces version n (version 1 to every guardian of the audience; a later one to those who signed an older
 * version), `auto` is the reminder PLEDGE_AUTO_REMIND_DAYS_BEFORE days before the deadline. The primary key makes
 * each round happen once, whichever worker or request starts it.
 */
@Entity('pledge_sends')
export class PledgeSendEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'pledge_id' })
  pledgeId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  round!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  /** The version current when the round started. */
  @Column({ type: 'int', name: 'version_number' })
  versionNumber!: number;

  /** The last guardian id handled ('' before the first batch). */
  @Column({ type: 'varchar', length: 36, name: 'guardian_cursor', default: '' })
  cursor!: string;

  @Column({ type: 'int', default: 0 })
  sent!: number;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', name: 'done_at', nullable: true })
  doneAt!: Date | null;
}
