import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Transient failures (WeChat busy, time-outs) of the content check of a tip still pending, counted in the database so
 * whichever worker checks next knows how many there were. Holds no time; deleted when the tip gets its result.
 */
@Entity('tip_content_check_failures')
export class TipContentCheckFailureEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'tip_id' })
  tipId!: string;

  @Column({ type: 'int', default: 0 })
  failures!: number;
}
