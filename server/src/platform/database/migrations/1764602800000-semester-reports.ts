import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * Semester reports (features/reports): a school's or a district's semester as an xlsx and a PDF, asked for by a
 * principal or an officer and made by the worker. The files are kept in the row (counts only) until the report
 * expires. Indexes: the reports of a school or a district, newest first; the worker's queue; the expired ones.
 */
export class SemesterReports1764602800000 implements MigrationInterface {
  name = 'SemesterReports1764602800000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({
      name: 'semester_reports',
      columns: [
        c.id(), c.string('scope', 8), c.ref('scope_id'), c.string('semester_key', 8), c.bool('exact'), c.string('status', 8), c.int('progress', false, 0),
        c.ref('requested_by'), c.datetime('created_at'), c.datetime('finished_at', true), c.datetime('expires_at'),
        c.blob('xlsx', true), c.blob('pdf', true),
      ],
      indices: [
        new TableIndex({ name: 'ix_semester_reports_scope', columnNames: ['scope_id', 'created_at'] }),
        new TableIndex({ name: 'ix_semester_reports_status', columnNames: ['status', 'created_at'] }),
        new TableIndex({ name: 'ix_semester_reports_expires', columnNames: ['expires_at'] }),
      ],
      ...tableEngineOptions(qr),
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('semester_reports');
  }
}
