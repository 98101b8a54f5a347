import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The receipts of one published notice, counted (NoticeTallies, in the background): how many guardians it reached,
 * read it and did what it asks. The dashboards sum these instead of counting millions of receipts per request.
 * Counts only: no guardian, no day.
 */
@Entity('notice_tallies')
export class NoticeTallyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'notice_id' })
  noticeId!: string;

  @Column({ type: 'int' })
  recipients!: number;

  @Column({ type: 'int', name: 'read_count' })
  readCount!: number;

  @Column({ type: 'int', name: 'acknowledged_count' })
  acknowledgedCount!: number;

  @Column({ type: 'datetime', name: 'counted_at' })
  countedAt!: Date;
}
