import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * State that used to live in each process's memory, moved to the database so any number of HTTP servers and
 * workers on one database behave as one: failed-attempt counters (wrong invite and staff codes, wrong child
 * names), the periodic jobs' schedule and lease (each runs once per interval across the fleet), the content
 * check's transient-failure counts per pending tip, and the access token's refresh lease (one WeChat call per
 * refresh, made with no transaction open).
 */
export class FleetState1764601200000 implements MigrationInterface {
  name = 'FleetState1764601200000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({
      name: 'attempt_counters',
      columns: [{ name: 'bucket', type: 'varchar', length: '128', isPrimary: true }, c.int('count'), c.datetime('expires_at')],
      indices: [new TableIndex({ name: 'ix_attempt_counters_expires', columnNames: ['expires_at'] })],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'periodic_jobs',
      columns: [
        { name: 'name', type: 'varchar', length: '64', isPrimary: true },
        c.datetime('next_due_at'), c.string('locked_by', 64, true), c.datetime('locked_until', true),
        c.datetime('last_started_at', true), c.datetime('last_finished_at', true), c.int('runs', false, 0),
      ],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'tip_content_check_failures',
      columns: [c.id('tip_id'), c.int('failures', false, 0)],
      ...tableEngineOptions(qr),
    }));
    await qr.addColumns('wechat_access_tokens', [
      new TableColumn(c.string('refresh_by', 64, true)),
      new TableColumn(c.datetime('refresh_until', true)),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('wechat_access_tokens', 'refresh_until');
    await qr.dropColumn('wechat_access_tokens', 'refresh_by');
    await qr.dropTable('tip_content_check_failures');
    await qr.dropTable('periodic_jobs');
    await qr.dropTable('attempt_counters');
  }
}
