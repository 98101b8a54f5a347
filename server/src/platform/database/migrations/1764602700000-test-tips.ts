import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { columns } from '../portable-columns';

/**
 * A test tip (测试举报): one the school sends itself from its set-up checklist to see the tip box work end to end.
 * `is_test` marks it, so every count, dashboard, flag and ledger leaves it out. The indexes the dashboards count through
 * take the column last, so that they still hold everything those queries read (otherwise each count reads the table).
 */
const COUNTED: Record<string, string[]> = {
  ix_tips_school_window: ['school_id', 'submitted_at', 'status', 'escalation_level', 'decision', 'acknowledged_at', 'ack_due_at', 'investigation_due_at', 'decided_at', 'overdue_at', 'category'],
  ix_tips_escalation: ['escalation_level', 'school_id', 'submitted_at', 'status', 'category', 'acknowledged_at', 'investigation_due_at', 'decided_at', 'overdue_at', 'decision'],
  ix_tips_open: ['status', 'school_id', 'ack_due_at', 'investigation_due_at', 'overdue_at'],
  ix_tips_decision: ['decision', 'school_id', 'submitted_at'],
};

export class TestTips1764602700000 implements MigrationInterface {
  name = 'TestTips1764602700000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('tips', new TableColumn(columns(qr).bool('is_test')));
    for (const [name, cols] of Object.entries(COUNTED)) {
      await qr.dropIndex('tips', name);
      await qr.createIndex('tips', new TableIndex({ name, columnNames: [...cols, 'is_test'] }));
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const [name, cols] of Object.entries(COUNTED)) {
      await qr.dropIndex('tips', name);
      await qr.createIndex('tips', new TableIndex({ name, columnNames: cols }));
    }
    await qr.dropColumn('tips', 'is_test');
  }
}
