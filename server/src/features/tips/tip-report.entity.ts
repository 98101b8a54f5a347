import { Column, Entity } from 'typeorm';
import { UuidEntity } from '../../platform/database/base.entity';

/** 续报: an onward report of a case to the education department, with when, to whom and what. */
@Entity('tip_reports')
export class TipReportEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'tip_id' })
  tipId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'datetime', name: 'reported_at' })
  reportedAt!: Date;

  @Column({ type: 'varchar', length: 100 })
  recipient!: string;

  @Column({ type: 'text', name: 'content_enc' })
  contentEnc!: string;

  @Column({ type: 'varchar', length: 36, name: 'by_user_id' })
  byUserId!: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;
}
