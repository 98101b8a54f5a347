import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * Retention and crypto-shredding (docs/PRIVACY.md): each tip's own data key (tip_keys, wrapped by the school's key),
 * each district's retention rules (retention_rules; no row = the defaults), legal holds on a case (retention_holds,
 * the reason encrypted under the school's key), the record that a case's content was erased (tip_erasures: when and
 * what, no content) and how far each school's old signature images are erased (retention_receipt_sweeps).
 */
export class Retention1764603400000 implements MigrationInterface {
  name = 'Retention1764603400000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({
      name: 'tip_keys',
      columns: [c.id(), c.ref('tip_id'), c.ref('school_id'), c.ref('school_key_id'), c.string('wrapped_key', 200), c.bool('all_sealed'), c.datetime('created_at')],
      ...tableEngineOptions(qr),
    }));
    await qr.createIndex('tip_keys', new TableIndex({ name: 'uq_tip_keys_tip', columnNames: ['tip_id'], isUnique: true }));
    await qr.createTable(new Table({
      name: 'retention_rules',
      columns: [
        c.id('district_id'), c.int('tip_content_years'), c.int('unanswered_thread_years'), c.int('receipt_years'), c.int('log_days'),
        c.datetime('updated_at'), c.ref('updated_by_user_id'),
      ],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'retention_holds',
      columns: [c.id('tip_id'), c.ref('school_id'), c.text('reason_enc'), c.ref('set_by_user_id'), c.datetime('set_at')],
      ...tableEngineOptions(qr),
    }));
    await qr.createIndex('retention_holds', new TableIndex({ name: 'ix_retention_holds_school', columnNames: ['school_id'] }));
    await qr.createTable(new Table({
      name: 'retention_receipt_sweeps',
      columns: [c.id('school_id'), c.int('erased_through_year'), c.datetime('swept_at')],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'tip_erasures',
      columns: [{ ...c.ref('tip_id'), isPrimary: true }, { ...c.string('kind', 32), isPrimary: true }, c.ref('school_id'), c.datetime('erased_at')],
      ...tableEngineOptions(qr),
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('tip_erasures');
    await qr.dropTable('retention_receipt_sweeps');
    await qr.dropTable('retention_holds');
    await qr.dropTable('retention_rules');
    await qr.dropTable('tip_keys');
  }
}
