import { Column, Entity } from 'typeorm';
import type { LedgerExportStatus } from '@anxin/shared';
import { UuidEntity } from '../../platform/database/base.entity';

/**
 * An inspection export of a school's semester (the PDF and the xlsx index), asked for by its staff, made by the
 * worker (`status`, `progress` 0–100) and kept in the row until `expiresAt`, as semester reports are.
 */
@Entity('ledger_exports')
export class LedgerExportEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 8, name: 'semester_key' })
  semesterKey!: string;

  @Column({ type: 'varchar', length: 8 })
  status!: LedgerExportStatus;

  @Column({ type: 'int', default: 0 })
  progress!: number;

  @Column({ type: 'varchar', length: 36, name: 'requested_by' })
  requestedBy!: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'datetime', name: 'expires_at' })
  expiresAt!: Date;

  @Column({ type: 'blob', nullable: true, select: false })
  xlsx!: Buffer | null;

  @Column({ type: 'blob', nullable: true, select: false })
  pdf!: Buffer | null;
}
