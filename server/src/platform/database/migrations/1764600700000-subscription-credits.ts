import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * Subscription consent: per user and template, the one-time credits left and the long-term flag (days only, like
 * every record that names a user); and the pushes from WeChat already handled (a keyed hash, so retries are no-ops).
 */
export class SubscriptionCredits1764600700000 implements MigrationInterface {
  name = 'SubscriptionCredits1764600700000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({
      name: 'subscription_credits',
      columns: [
        c.id(), c.ref('user_id'), c.string('template_id', 64), c.int('one_time_credits', false, 0), c.bool('long_term'),
        c.string('last_status', 8, true), { name: 'updated_on', type: 'date', isNullable: false },
      ],
      indices: [new TableIndex({ name: 'ux_subscription_credits_user_template', columnNames: ['user_id', 'template_id'], isUnique: true })],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'wechat_push_receipts',
      columns: [{ name: 'dedupe_key', type: 'varchar', length: '64', isPrimary: true }, { name: 'received_on', type: 'date', isNullable: false }],
      indices: [new TableIndex({ name: 'ix_wechat_push_receipts_day', columnNames: ['received_on'] })],
      ...tableEngineOptions(qr),
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('wechat_push_receipts');
    await qr.dropTable('subscription_credits');
  }
}
