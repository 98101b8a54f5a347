import { MigrationInterface, QueryRunner, Table, TableIndex, type TableColumnOptions } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * Records sealed into each school's audit chain in day batches (platform/audit/seal): one leaf per record and
 * Shanghai day (kind, record, day as the key; a DATE, no time, no person), and one row per sealed batch with its root
 * and chunk roots. One index serves the sealing job (the leaves still waiting, per school and day, in kind and record
 * order) and the reading of a batch's leaves in that order; the key serves a record's leaves.
 */
export class AuditSeals1764601800000 implements MigrationInterface {
  name = 'AuditSeals1764601800000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    const day = (name: string): TableColumnOptions => ({ name, type: 'date', isNullable: false });
    await qr.createTable(new Table({
      name: 'audit_seal_leaves',
      columns: [
        { ...c.string('kind', 32), isPrimary: true }, { ...c.ref('record_id'), isPrimary: true }, { ...day('day'), isPrimary: true },
        c.ref('school_id'), c.string('leaf_hash', 64), c.ref('batch_id', true),
      ],
      indices: [new TableIndex({ name: 'ix_audit_seal_leaves_batch', columnNames: ['batch_id', 'school_id', 'day', 'kind', 'record_id'] })],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'audit_seal_batches',
      columns: [c.id(), c.ref('school_id'), day('day'), c.string('root', 64), c.int('leaf_count'), c.json('kinds'), c.text('chunk_roots'), c.int('audit_seq')],
      ...tableEngineOptions(qr),
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('audit_seal_batches');
    await qr.dropTable('audit_seal_leaves');
  }
}
