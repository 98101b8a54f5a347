import { MigrationInterface, QueryRunner, Table, TableIndex, type TableColumnOptions } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * The annual anti-bullying pledge: one pledge per school and school year, its versions (each frozen when published),
 * the signatures (one per child, version and signer slot; the Shanghai day signed, never a time), their images
 * (encrypted, in their own table), when each class was last reminded, and the message rounds the worker sends in
 * batches (a version's announcement, the automatic reminder before the deadline).
 */
export class Pledges1764602200000 implements MigrationInterface {
  name = 'Pledges1764602200000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    const day = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'date', isNullable: nullable });
    await qr.createTable(new Table({
      name: 'pledges',
      columns: [
        c.id(), c.ref('school_id'), c.string('school_year', 9), day('deadline'), c.json('grades'), c.int('student_from_grade'),
        c.bool('require_all_guardians'), c.int('current_version'), c.ref('created_by'), c.datetime('created_at'),
        // When the worker claimed the automatic reminder before the deadline (one conditional UPDATE: once per pledge).
        c.datetime('auto_reminded_at', true),
      ],
      indices: [new TableIndex({ name: 'ux_pledges_school_year', columnNames: ['school_id', 'school_year'], isUnique: true })],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'pledge_versions',
      columns: [
        { ...c.ref('pledge_id'), isPrimary: true }, { name: 'number', type: 'int', isPrimary: true }, c.ref('school_id'), c.json('text'),
        c.string('text_hash', 64), c.string('change_note', 255, true), c.ref('published_by'), c.datetime('published_at'),
      ],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'pledge_signatures',
      columns: [
        c.id(), c.ref('pledge_id'), c.ref('school_id'), c.ref('student_id'), c.ref('class_id'), c.ref('guardian_user_id'),
        c.string('relation', 20), c.int('version_number'), c.string('text_hash', 64),
        // '' when one guardian signs for the child; the guardian's id when every guardian must sign.
        { ...c.string('slot', 36), default: "''" },
        c.bool('has_student_part'), c.string('client_key', 64),
        // The day (Asia/Shanghai) it was signed: never the time of day.
        day('signed_on'),
      ],
      indices: [
        new TableIndex({ name: 'ux_pledge_signatures_slot', columnNames: ['pledge_id', 'student_id', 'version_number', 'slot'], isUnique: true }),
        new TableIndex({ name: 'ux_pledge_signatures_client_key', columnNames: ['pledge_id', 'guardian_user_id', 'client_key'], isUnique: true }),
        new TableIndex({ name: 'ix_pledge_signatures_pledge_class', columnNames: ['pledge_id', 'class_id'] }),
      ],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'pledge_signature_images',
      columns: [
        { ...c.ref('signature_id'), isPrimary: true }, { ...c.string('part', 16), isPrimary: true }, c.ref('school_id'), c.ref('key_id'),
        c.blob('data'), c.string('sha256', 64), c.int('width'), c.int('height'), c.int('size'),
      ],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'pledge_reminders',
      columns: [{ ...c.ref('pledge_id'), isPrimary: true }, { ...c.ref('class_id'), isPrimary: true }, c.datetime('last_sent_at'), c.int('sent_count', false, 0)],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'pledge_sends',
      columns: [
        { ...c.ref('pledge_id'), isPrimary: true }, { ...c.string('round', 16), isPrimary: true }, c.ref('school_id'), c.int('version_number'),
        { ...c.string('guardian_cursor', 36), default: "''" }, c.int('sent', false, 0), c.datetime('created_at'), c.datetime('done_at', true),
      ],
      indices: [new TableIndex({ name: 'ix_pledge_sends_done', columnNames: ['done_at'] })],
      ...tableEngineOptions(qr),
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const table of ['pledge_sends', 'pledge_reminders', 'pledge_signature_images', 'pledge_signatures', 'pledge_versions', 'pledges']) {
      await qr.dropTable(table);
    }
  }
}
