import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * One row per running delivery worker: its last heartbeat (so the rows a killed worker had claimed are taken
 * over as soon as its beat stops, not when their lease runs out) and how its recent WeChat calls went (so
 * every instance's /api/health agrees on whether delivery is failing).
 */
export class WorkerHeartbeats1764600400000 implements MigrationInterface {
  name = 'WorkerHeartbeats1764600400000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({
      name: 'worker_heartbeats',
      columns: [
        { name: 'worker_id', type: 'varchar', length: '64', isPrimary: true },
        c.datetime('started_at'), c.datetime('beat_at'), c.int('failure_streak', false, 0),
        c.datetime('last_success_at', true), c.datetime('last_failure_at', true), c.string('last_error', 500, true),
      ],
      indices: [new TableIndex({ name: 'ix_worker_heartbeats_beat', columnNames: ['beat_at'] })],
      ...tableEngineOptions(qr),
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('worker_heartbeats');
  }
}
