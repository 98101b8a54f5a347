import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/** Tip box: school data keys, tips, their thread, attachments, onward reports, idempotency, rate counters. */
export class Tips1764500000000 implements MigrationInterface {
  name = 'Tips1764500000000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    const engine = tableEngineOptions(qr);
    const create = (name: string, cols: ReturnType<typeof c.id>[], indices: TableIndex[] = []) =>
      qr.createTable(new Table({ name, columns: cols, indices, ...engine }));

    await create('school_keys', [
      c.id(), c.ref('school_id'), c.string('wrapped_key', 200), c.string('master_key_id', 32), c.datetime('created_at'),
      c.datetime('rewrapped_at', true),
    ], [new TableIndex({ name: 'uq_school_keys_school', columnNames: ['school_id'], isUnique: true })]);

    await create('tips', [
      c.id(), c.ref('school_id'), c.string('status', 16), c.string('category', 16), c.string('source', 16),
      c.string('reporter_role', 16), c.string('place', 32, true), c.bool('in_danger'), c.bool('ongoing'), c.bool('content_flag'),
      c.string('content_check', 16),
      c.text('description_enc'), c.text('when_enc', true), c.text('place_detail_enc', true), c.text('people_enc', true),
      c.text('named_enc', true), c.text('measures_enc', true), c.text('outcome_enc', true),
      c.ref('filed_by_user_id', true), c.string('receipt_index', 64), c.string('receipt_hash', 200),
      c.string('severity', 16, true), c.json('labels', true), c.ref('assignee_user_id', true),
      c.string('escalation_level', 16), c.datetime('escalated_principal_at', true), c.datetime('escalated_district_at', true),
      c.datetime('submitted_at'), c.datetime('ack_due_at'), c.datetime('acknowledged_at', true), c.ref('acknowledged_by', true),
      c.datetime('investigation_due_at', true), c.datetime('overdue_at', true), c.string('decision', 16, true), c.datetime('decided_at', true),
      c.datetime('closed_at', true), c.int('version', false, 1),
    ], [
      new TableIndex({ name: 'ix_tips_school_status', columnNames: ['school_id', 'status'] }),
      new TableIndex({ name: 'ix_tips_content_check', columnNames: ['content_check'] }),
      new TableIndex({ name: 'uq_tips_school_receipt', columnNames: ['school_id', 'receipt_index'], isUnique: true }),
    ]);

    await create('tip_messages', [
      c.id(), c.ref('tip_id'), c.ref('school_id'), c.string('author_kind', 16), c.ref('author_user_id', true),
      c.text('body_enc'), c.datetime('created_at'),
    ], [new TableIndex({ name: 'ix_tip_messages_tip', columnNames: ['tip_id', 'created_at'] })]);

    await create('tip_attachments', [
      c.id(), c.ref('school_id'), c.ref('tip_id', true), c.ref('key_id'), c.string('mime', 32), c.int('original_size'),
      c.int('staff_size'), c.int('width', true), c.int('height', true), c.datetime('created_at'),
    ], [new TableIndex({ name: 'ix_tip_attachments_tip', columnNames: ['tip_id'] })]);

    await create('tip_attachment_chunks', [
      { name: 'attachment_id', type: 'varchar', length: '36', isPrimary: true },
      { name: 'copy', type: 'varchar', length: '16', isPrimary: true },
      { name: 'seq', type: 'int', isPrimary: true },
      c.blob('data'),
    ]);

    await create('tip_reports', [
      c.id(), c.ref('tip_id'), c.ref('school_id'), c.datetime('reported_at'), c.string('recipient', 100), c.text('content_enc'),
      c.ref('by_user_id'), c.datetime('created_at'),
    ], [new TableIndex({ name: 'ix_tip_reports_tip', columnNames: ['tip_id'] })]);

    await create('tip_submissions', [
      c.id(), c.ref('school_id'), c.string('key_hash', 64), c.ref('tip_id'), c.text('receipt_enc', true), c.datetime('receipt_expires_at'),
    ], [
      new TableIndex({ name: 'uq_tip_submissions_key', columnNames: ['school_id', 'key_hash'], isUnique: true }),
      new TableIndex({ name: 'ix_tip_submissions_expiry', columnNames: ['receipt_expires_at'] }),
    ]);

    await create('tip_followup_tokens', [
      { name: 'token_hash', type: 'varchar', length: '64', isPrimary: true }, c.ref('tip_id'), c.datetime('expires_at'),
    ], [new TableIndex({ name: 'ix_tip_followup_tokens_expiry', columnNames: ['expires_at'] })]);

    await create('tip_rate_counters', [
      { name: 'bucket', type: 'varchar', length: '120', isPrimary: true }, c.int('count'), c.datetime('expires_at'),
    ], [new TableIndex({ name: 'ix_tip_rate_counters_expiry', columnNames: ['expires_at'] })]);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['tip_rate_counters', 'tip_followup_tokens', 'tip_submissions', 'tip_reports', 'tip_attachment_chunks',
      'tip_attachments', 'tip_messages', 'tips', 'school_keys']) {
      await qr.dropTable(t);
    }
  }
}
