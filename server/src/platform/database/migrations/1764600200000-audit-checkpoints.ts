import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/** Daily signed audit checkpoints: one row per school and day, so several workers sign each day once. */
export class AuditCheckpoints1764600200000 implements MigrationInterface {
  name = 'AuditCheckpoints1764600200000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({
      name: 'audit_checkpoints',
      columns: [
        c.id(), c.ref('school_id'), c.string('day', 10), c.int('seq'), c.string('head_hash', 64), c.datetime('signed_at'),
        c.string('key_id', 16, true), c.string('signature', 100, true), c.bool('ok'), c.string('problem', 500, true),
        c.ref('claim_token'), c.datetime('file_written_at', true),
      ],
      indices: [
        new TableIndex({ name: 'uq_audit_checkpoints_school_day', columnNames: ['school_id', 'day'], isUnique: true }),
        new TableIndex({ name: 'ix_audit_checkpoints_file', columnNames: ['file_written_at'] }),
      ],
      ...tableEngineOptions(qr),
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('audit_checkpoints');
  }
}
