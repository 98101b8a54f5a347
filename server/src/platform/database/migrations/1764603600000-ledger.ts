import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * The anti-bullying work ledger (features/ledger): a district's changes to the duties catalogue, the activities a
 * school records with their photos and PDFs, the reminders sent (once per school, duty and semester: unique), and
 * the inspection exports the worker makes (kept in the row until they expire).
 */
export class Ledger1764603600000 implements MigrationInterface {
  name = 'Ledger1764603600000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({
      name: 'ledger_duties',
      columns: [
        c.id(), c.ref('district_id'), c.string('duty_key', 48), c.string('name', 40), c.string('frequency', 16), c.string('applies_to', 60),
        c.string('evidence', 200), c.bool('retired'), c.datetime('created_at'), c.datetime('updated_at'), c.ref('updated_by'),
      ],
      indices: [new TableIndex({ name: 'ux_ledger_duties_key', columnNames: ['district_id', 'duty_key'], isUnique: true })],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'ledger_activities',
      columns: [
        c.id(), c.ref('school_id'), c.string('duty_key', 48), c.string('held_on', 10), c.datetime('held_at'), c.string('leader', 40),
        c.string('audience', 8), c.json('class_ids'), c.ref('teacher_user_id', true), c.int('attendance'), c.text('description'),
        c.ref('created_by'), c.datetime('created_at'), c.datetime('updated_at', true),
      ],
      indices: [new TableIndex({ name: 'ix_ledger_activities_school', columnNames: ['school_id', 'held_at'] })],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'ledger_files',
      columns: [
        c.id(), c.ref('activity_id'), c.ref('school_id'), c.string('kind', 8), c.string('name', 40), c.string('mime', 32), c.int('bytes'),
        c.blob('data'), c.ref('created_by'), c.datetime('created_at'),
      ],
      indices: [new TableIndex({ name: 'ix_ledger_files_activity', columnNames: ['activity_id', 'created_at'] })],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'ledger_reminders',
      columns: [c.id(), c.ref('school_id'), c.string('duty_key', 48), c.string('semester_key', 8), c.datetime('sent_at')],
      indices: [new TableIndex({ name: 'ux_ledger_reminders_once', columnNames: ['school_id', 'duty_key', 'semester_key'], isUnique: true })],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'ledger_exports',
      columns: [
        c.id(), c.ref('school_id'), c.string('semester_key', 8), c.string('status', 8), c.int('progress', false, 0), c.ref('requested_by'),
        c.datetime('created_at'), c.datetime('finished_at', true), c.datetime('expires_at'), c.blob('xlsx', true), c.blob('pdf', true),
      ],
      indices: [
        new TableIndex({ name: 'ix_ledger_exports_school', columnNames: ['school_id', 'created_at'] }),
        new TableIndex({ name: 'ix_ledger_exports_status', columnNames: ['status', 'created_at'] }),
        new TableIndex({ name: 'ix_ledger_exports_expires', columnNames: ['expires_at'] }),
      ],
      ...tableEngineOptions(qr),
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['ledger_exports', 'ledger_reminders', 'ledger_files', 'ledger_activities', 'ledger_duties']) await qr.dropTable(t);
  }
}
