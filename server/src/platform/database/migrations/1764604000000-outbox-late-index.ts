import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The check for messages still undelivered after the alert threshold (`LateAlerts`) asked for open rows whose
 * `COALESCE(due_at, created_at)` had passed, which no index can answer: it walked every pending row, locking each
 * on MariaDB. Letters published after 21:00 wait for the morning as pending rows, so at 100,000 guardians that walk
 * took about three seconds every 30 s all night, holding the locks the sender needs (deadlocks with it). Every row
 * now has `due_at` (the rows from before the column existed get their `created_at`), and this index holds what the
 * check filters on, so it reads only the rows that are late and not yet alerted.
 */
export class OutboxLateIndex1764604000000 implements MigrationInterface {
  name = 'OutboxLateIndex1764604000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.query('UPDATE outbox SET due_at = created_at WHERE due_at IS NULL');
    await qr.createIndex('outbox', new TableIndex({ name: 'ix_outbox_late', columnNames: ['status', 'alerted_at', 'due_at'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('outbox', 'ix_outbox_late');
  }
}
