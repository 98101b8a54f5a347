import { Column, Entity } from 'typeorm';
import { UuidEntity } from '../../platform/database/base.entity';

/**
 * A photo (re-encoded as JPEG without EXIF, platform/images) or a PDF (known by its first bytes) of an activity. The
 * name is the server's (`照片1.jpg`, `材料1.pdf`); the uploader's file name is never kept.
 */
@Entity('ledger_files')
export class LedgerFileEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'activity_id' })
  activityId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 8 })
  kind!: 'photo' | 'pdf';

  @Column({ type: 'varchar', length: 40 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  mime!: string;

  @Column({ type: 'int' })
  bytes!: number;

  @Column({ type: 'blob', select: false })
  data!: Buffer;

  @Column({ type: 'varchar', length: 36, name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;
}
