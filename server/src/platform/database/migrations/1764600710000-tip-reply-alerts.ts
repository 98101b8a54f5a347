import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * 学校回复时提醒我: a reporter's opt-in, one row per tip, holding only the tip id and the account to alert, sealed
 * under the delivery-only key. No time at all: the row must not date the reporter's visit.
 */
export class TipReplyAlerts1764600710000 implements MigrationInterface {
  name = 'TipReplyAlerts1764600710000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({
      name: 'tip_reply_alerts',
      columns: [{ ...c.ref('tip_id'), isPrimary: true }, c.text('recipient_enc')],
      ...tableEngineOptions(qr),
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('tip_reply_alerts');
  }
}
