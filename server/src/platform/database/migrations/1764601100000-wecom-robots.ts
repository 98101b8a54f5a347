import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * WeCom group robots: the schools' robot registrations (webhook key encrypted under the school's data key), the
 * sends of the last minute per robot (the rate limit every worker shares), and the per-school robot settings.
 * Outbox rows now name the robot registration (`robot_id`) instead of carrying the webhook key in plain text: the
 * `robot_key` column is dropped, and robot rows still waiting with a plain key are marked failed (no feature
 * enqueued any; a key must not outlive its column).
 */
export class WecomRobots1764601100000 implements MigrationInterface {
  name = 'WecomRobots1764601100000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({
      name: 'wecom_robots',
      columns: [
        c.id(), c.ref('school_id'), c.string('scope', 8), c.ref('scope_id', true), c.string('name', 30),
        c.string('key_ciphertext', 400), c.string('key_digest', 64), c.string('key_hint', 4), c.string('status', 16),
        c.string('last_result', 16, true), c.datetime('last_result_at', true), c.string('last_error', 200, true),
        c.datetime('rate_blocked_until', true), c.string('last_test_key', 191, true), c.datetime('last_test_at', true),
        c.datetime('created_at'), c.datetime('updated_at'),
      ],
      indices: [
        new TableIndex({ name: 'ix_wecom_robots_school_scope', columnNames: ['school_id', 'scope', 'scope_id'] }),
        new TableIndex({ name: 'ux_wecom_robots_school_key', columnNames: ['school_id', 'key_digest'], isUnique: true }),
      ],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'wecom_robot_sends',
      columns: [c.id(), c.ref('robot_id'), c.datetime('sent_at')],
      indices: [new TableIndex({ name: 'ix_wecom_robot_sends_robot_sent', columnNames: ['robot_id', 'sent_at'] })],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'wecom_robot_settings',
      columns: [{ ...c.ref('school_id'), isPrimary: true }, c.bool('notices_to_robots'), c.datetime('updated_at')],
      ...tableEngineOptions(qr),
    }));
    await qr.query(
      "UPDATE outbox SET status = 'failed', last_error = 'robot key without a registration', locked_by = NULL, locked_until = NULL " +
      "WHERE channel = 'wecom_robot' AND status IN ('pending', 'sending')",
    );
    await qr.addColumn('outbox', new TableColumn(c.ref('robot_id', true)));
    await qr.dropColumn('outbox', 'robot_key');
  }

  async down(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.addColumn('outbox', new TableColumn(c.string('robot_key', 128, true)));
    await qr.dropColumn('outbox', 'robot_id');
    await qr.dropTable('wecom_robot_settings');
    await qr.dropTable('wecom_robot_sends');
    await qr.dropTable('wecom_robots');
  }
}
