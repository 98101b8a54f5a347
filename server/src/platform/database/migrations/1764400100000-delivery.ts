import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/** Delivery spine: outbox, alerts, in-app inbox, scheduled actions, and the shared WeChat access token. */
export class Delivery1764400100000 implements MigrationInterface {
  name = 'Delivery1764400100000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    const engine = tableEngineOptions(qr);
    const create = (name: string, cols: ReturnType<typeof c.id>[], indices: TableIndex[] = []) =>
      qr.createTable(new Table({ name, columns: cols, indices, ...engine }));

    await create('outbox', [
      c.id(), c.string('dedupe_key', 191), c.string('channel', 24), c.ref('school_id', true), c.ref('recipient_user_id', true),
      c.string('robot_key', 128, true), c.string('template', 64), c.string('title', 200), c.text('body'), c.string('page', 255, true),
      c.json('data', true), c.json('fallback', true), c.string('status', 16), c.int('attempts', false, 0), c.datetime('next_attempt_at'),
      c.string('last_error', 500, true), c.string('locked_by', 64, true), c.datetime('locked_until', true), c.datetime('sent_at', true),
      c.datetime('alerted_at', true), c.datetime('created_at'),
    ], [
      new TableIndex({ name: 'uq_outbox_dedupe', columnNames: ['dedupe_key'], isUnique: true }),
      // Matches the claim: WHERE status = ? AND next_attempt_at <= ? ORDER BY next_attempt_at.
      new TableIndex({ name: 'ix_outbox_claim', columnNames: ['status', 'next_attempt_at'] }),
      new TableIndex({ name: 'ix_outbox_status_created', columnNames: ['status', 'created_at'] }),
    ]);

    await create('alerts', [
      c.id(), c.ref('school_id'), c.string('kind', 40), c.string('title', 200), c.text('body'), c.string('subject_type', 32, true),
      c.ref('subject_id', true), c.string('dedupe_key', 191), c.json('details', true), c.datetime('created_at'), c.datetime('resolved_at', true),
    ], [
      new TableIndex({ name: 'uq_alerts_dedupe', columnNames: ['dedupe_key'], isUnique: true }),
      new TableIndex({ name: 'ix_alerts_school_created', columnNames: ['school_id', 'created_at'] }),
    ]);

    await create('inbox_items', [
      c.id(), c.ref('user_id'), c.ref('school_id', true), c.ref('outbox_id', true), c.string('dedupe_key', 191), c.string('template', 64),
      c.string('title', 200), c.text('body'), c.string('page', 255, true), c.datetime('created_at'), c.datetime('read_at', true),
    ], [
      new TableIndex({ name: 'uq_inbox_items_user_dedupe', columnNames: ['user_id', 'dedupe_key'], isUnique: true }),
      new TableIndex({ name: 'ix_inbox_items_user_created', columnNames: ['user_id', 'created_at'] }),
    ]);

    await create('scheduled_actions', [
      c.id(), c.string('action', 64), c.string('subject_type', 32), c.string('subject_id', 64), c.ref('school_id', true),
      c.datetime('due_at'), c.datetime('next_attempt_at'), c.json('payload', true), c.string('dedupe_key', 191), c.string('status', 16),
      c.datetime('fired_at', true), c.int('attempts', false, 0), c.string('last_error', 500, true), c.datetime('created_at'),
    ], [
      new TableIndex({ name: 'uq_scheduled_actions_dedupe', columnNames: ['dedupe_key'], isUnique: true }),
      new TableIndex({ name: 'ix_scheduled_actions_claim', columnNames: ['status', 'next_attempt_at'] }),
      new TableIndex({ name: 'ix_scheduled_actions_subject', columnNames: ['subject_type', 'subject_id'] }),
    ]);

    await create('wechat_access_tokens', [
      { name: 'appid', type: 'varchar', length: '64', isPrimary: true }, c.string('access_token', 512, true),
      c.datetime('expires_at', true), c.datetime('updated_at'), c.int('version', false, 0),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['wechat_access_tokens', 'scheduled_actions', 'inbox_items', 'alerts', 'outbox']) await qr.dropTable(t);
  }
}
