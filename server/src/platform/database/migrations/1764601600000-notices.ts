import { MigrationInterface, QueryRunner, Table, TableIndex, type TableColumnOptions } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * Letters home, notices and warnings: the notices, the classes each reaches, one receipt per guardian (with the
 * children it names; the days, not the times, the guardian read, confirmed, signed and answered), signatures
 * (encrypted, with no time of their own), and when each class was last reminded. Two indexes on bindings serve
 * the fan-out: a school's approved guardians in id order, and bindings approved since a time (late joiners).
 */
export class Notices1764601600000 implements MigrationInterface {
  name = 'Notices1764601600000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    const day = (name: string): TableColumnOptions => ({ name, type: 'date', isNullable: true });
    await qr.createTable(new Table({
      name: 'notices',
      columns: [
        c.id(), c.ref('school_id'), c.string('kind', 16), c.string('title', 100), c.json('body'), c.string('confirm_mode', 16),
        c.json('question', true), c.datetime('confirm_deadline', true), c.string('audience_scope', 16), c.json('audience_ids'),
        c.string('status', 16), c.int('version', false, 1), c.string('content_hash', 64), c.string('content_check', 16, true),
        c.int('content_check_label', true), c.ref('created_by'), c.datetime('created_at'), c.datetime('updated_at'),
        c.datetime('scheduled_at', true), c.ref('published_by', true), c.datetime('published_at', true), c.datetime('closed_at', true),
        c.datetime('recalled_at', true), c.ref('recalled_by', true), c.string('recall_reason', 255, true),
        c.int('fanout_total', true), { ...c.string('fanout_cursor', 36), default: "''" }, c.datetime('fanout_done_at', true),
        c.datetime('joins_scanned_until', true),
      ],
      indices: [
        new TableIndex({ name: 'ix_notices_school_created', columnNames: ['school_id', 'created_at'] }),
        new TableIndex({ name: 'ix_notices_status_fanout', columnNames: ['status', 'fanout_done_at'] }),
      ],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'notice_classes',
      columns: [{ ...c.ref('notice_id'), isPrimary: true }, { ...c.ref('class_id'), isPrimary: true }, c.ref('school_id')],
      indices: [new TableIndex({ name: 'ix_notice_classes_class', columnNames: ['class_id'] })],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'notice_receipts',
      columns: [
        c.id(), c.ref('notice_id'), c.ref('school_id'), c.ref('guardian_user_id'), c.string('content_hash', 64), c.string('message_key', 191),
        // What the guardian does is kept to the day (Asia/Shanghai), never the time of day: DATE columns.
        c.datetime('created_at'), day('read_on'), day('confirmed_on'), day('signed_on'), day('answered_on'),
        c.string('answer_choices', 64, true), c.text('answer_text_enc', true), day('acknowledged_on'),
      ],
      indices: [
        new TableIndex({ name: 'ux_notice_receipts_notice_guardian', columnNames: ['notice_id', 'guardian_user_id'], isUnique: true }),
        new TableIndex({ name: 'ix_notice_receipts_guardian_created', columnNames: ['guardian_user_id', 'created_at'] }),
      ],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'notice_receipt_students',
      columns: [
        { ...c.ref('receipt_id'), isPrimary: true }, { ...c.ref('student_id'), isPrimary: true }, c.ref('notice_id'), c.ref('class_id'),
        c.string('relation', 20),
      ],
      indices: [new TableIndex({ name: 'ix_notice_receipt_students_notice_class', columnNames: ['notice_id', 'class_id'] })],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'notice_signatures',
      columns: [
        { ...c.ref('receipt_id'), isPrimary: true }, c.ref('notice_id'), c.ref('school_id'), c.ref('key_id'), c.blob('data'),
        c.string('sha256', 64), c.int('width'), c.int('height'), c.int('size'),
      ],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'notice_reminders',
      columns: [{ ...c.ref('notice_id'), isPrimary: true }, { ...c.ref('class_id'), isPrimary: true }, c.datetime('last_sent_at'), c.int('sent_count', false, 0)],
      ...tableEngineOptions(qr),
    }));
    await qr.createIndex('bindings', new TableIndex({ name: 'ix_bindings_school_status_guardian', columnNames: ['school_id', 'status', 'guardian_user_id'] }));
    await qr.createIndex('bindings', new TableIndex({ name: 'ix_bindings_status_decided', columnNames: ['status', 'decided_at'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('bindings', 'ix_bindings_status_decided');
    await qr.dropIndex('bindings', 'ix_bindings_school_status_guardian');
    for (const table of ['notice_reminders', 'notice_signatures', 'notice_receipt_students', 'notice_receipts', 'notice_classes', 'notices']) {
      await qr.dropTable(table);
    }
  }
}
