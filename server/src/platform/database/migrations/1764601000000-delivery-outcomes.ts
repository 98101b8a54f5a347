import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { columns } from '../portable-columns';

/**
 * How each outbox message reached its recipient: `delivered_via` (wechat, wecom_robot, inbox_only, undelivered; null
 * while open) and `delivery_reason`, and `credit`, the subscription consent a WeChat send holds (one_time, long_term)
 * from its reservation until it is sent or refunded. An index on (school_id, created_at) serves the school's counts.
 * Rows written before are given the outcome their status implies; which consent a past WeChat send used is unknown
 * (reason null). `due_at` is when the message first fell due (the enqueue time, or a later time the sender chose, e.g.
 * the end of a school's quiet hours); lateness is counted from it, never from a retry's next attempt. Rows written
 * before have none and count from their creation.
 */
export class DeliveryOutcomes1764601000000 implements MigrationInterface {
  name = 'DeliveryOutcomes1764601000000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.addColumns('outbox', [
      new TableColumn(c.string('credit', 16, true)),
      new TableColumn(c.string('delivered_via', 16, true)),
      new TableColumn(c.string('delivery_reason', 24, true)),
      new TableColumn(c.datetime('due_at', true)),
    ]);
    await qr.createIndex('outbox', new TableIndex({ name: 'ix_outbox_school_created', columnNames: ['school_id', 'created_at'] }));
    const set = (via: string, reason: string | null, where: string) => qr.query(
      `UPDATE outbox SET delivered_via = '${via}', delivery_reason = ${reason === null ? 'NULL' : `'${reason}'`} WHERE ${where}`,
    );
    await set('inbox_only', 'inbox_channel', `channel = 'inbox_only'`);
    await set('wechat', null, `channel = 'wechat_subscribe' AND status = 'sent'`);
    await set('wecom_robot', null, `channel = 'wecom_robot' AND status = 'sent'`);
    await set('inbox_only', 'wechat_refused', `channel = 'wechat_subscribe' AND status = 'failed' AND last_error LIKE '43101%'`);
    await set('inbox_only', 'send_error', `channel = 'wechat_subscribe' AND status = 'failed' AND delivered_via IS NULL`);
    await set('inbox_only', 'retries_exhausted', `channel = 'wechat_subscribe' AND status = 'dead'`);
    await set('undelivered', 'send_error', `channel = 'wecom_robot' AND status = 'failed'`);
    await set('undelivered', 'retries_exhausted', `channel = 'wecom_robot' AND status = 'dead'`);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('outbox', 'ix_outbox_school_created');
    await qr.dropColumns('outbox', ['due_at', 'delivery_reason', 'delivered_via', 'credit']);
  }
}
