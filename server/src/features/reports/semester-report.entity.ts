import { Column, Entity } from 'typeorm';
import type { SemesterReportScope, SemesterReportStatus } from '@anxin/shared';
import { UuidEntity } from '../../platform/database/base.entity';

/**
 * A semester report asked for by a school's or a district's staff (`scope` and `scopeId`), made by the worker
 * (`status`, `progress` 0–100) and kept with its two files until `expiresAt`. `exact`: its counts are exact (asked
 * by a school's case handler) or small counts are '<3'. The files hold counts only.
 */
@Entity('semester_reports')
export class SemesterReportEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 8 })
  scope!: SemesterReportScope;

  @Column({ type: 'varchar', length: 36, name: 'scope_id' })
  scopeId!: string;

  @Column({ type: 'varchar', length: 8, name: 'semester_key' })
  semesterKey!: string;

  @Column({ type: 'boolean' })
  exact!: boolean;

  @Column({ type: 'varchar', length: 8 })
  status!: SemesterReportStatus;

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
