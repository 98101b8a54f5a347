import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * Staff-only parts of a case: internal notes (tip_notes, append-only, body encrypted), the internal progress step
 * (tip_progress, one row per change, free text encrypted) and the confirmed redaction masks (tip_redactions, one
 * row per tip, the span list encrypted).
 */
export class TipNotes1764603100000 implements MigrationInterface {
  name = 'TipNotes1764603100000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({
      name: 'tip_notes',
      columns: [c.id(), c.ref('tip_id'), c.ref('school_id'), c.ref('author_user_id'), c.text('body_enc'), c.datetime('created_at')],
      ...tableEngineOptions(qr),
    }));
    await qr.createIndex('tip_notes', new TableIndex({ name: 'ix_tip_notes_tip', columnNames: ['tip_id', 'created_at'] }));
    await qr.createTable(new Table({
      name: 'tip_progress',
      columns: [c.id(), c.ref('tip_id'), c.ref('school_id'), c.string('step', 40), c.text('detail_enc', true), c.ref('by_user_id'), c.datetime('set_at')],
      ...tableEngineOptions(qr),
    }));
    await qr.createIndex('tip_progress', new TableIndex({ name: 'ix_tip_progress_tip', columnNames: ['tip_id', 'set_at'] }));
    await qr.createTable(new Table({
      name: 'tip_redactions',
      columns: [c.id('tip_id'), c.ref('school_id'), c.text('masks_enc'), c.int('mask_count'), c.ref('saved_by_user_id'), c.datetime('saved_at')],
      ...tableEngineOptions(qr),
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('tip_redactions');
    await qr.dropTable('tip_progress');
    await qr.dropTable('tip_notes');
  }
}
