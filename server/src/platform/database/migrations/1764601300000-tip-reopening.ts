import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * A closed case can be opened again (tip_reopenings: when, by whom, the reason encrypted; tips.reopened_at and
 * reopen_count), and the school can tell the reporter an outcome of its choosing (tips.reporter_outcome_enc).
 */
export class TipReopening1764601300000 implements MigrationInterface {
  name = 'TipReopening1764601300000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.addColumns('tips', [
      new TableColumn(c.text('reporter_outcome_enc', true)),
      new TableColumn(c.datetime('reopened_at', true)),
      new TableColumn(c.int('reopen_count', false, 0)),
    ]);
    await qr.createTable(new Table({
      name: 'tip_reopenings',
      columns: [c.id(), c.ref('tip_id'), c.ref('school_id'), c.text('reason_enc'), c.ref('by_user_id'), c.datetime('reopened_at')],
      ...tableEngineOptions(qr),
    }));
    await qr.createIndex('tip_reopenings', new TableIndex({ name: 'ix_tip_reopenings_tip', columnNames: ['tip_id'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('tip_reopenings');
    await qr.dropColumn('tips', 'reopen_count');
    await qr.dropColumn('tips', 'reopened_at');
    await qr.dropColumn('tips', 'reporter_outcome_enc');
  }
}
