import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * Surveys, second round: the content check of an answer's free text (its state and the count of transient failures on
 * the answer row; still no time, no user, no code), the findings a school marks on a survey with its measures, and the
 * parent questionnaire: whether a survey asks guardians, the keyed HMACs of who has answered for which child (as code
 * rows are), and the guardians' answers (survey and answers only, a random key: nothing ties a row to a guardian).
 */
export class SurveysRoundTwo1764603700000 implements MigrationInterface {
  name = 'SurveysRoundTwo1764603700000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    const sqlite = qr.connection.driver.options.type === 'better-sqlite3';
    await qr.addColumns('survey_answers', [new TableColumn(c.string('texts_check', 8, true)), new TableColumn(c.int('texts_check_failures', false, 0))]);
    await qr.createIndex('survey_answers', new TableIndex({ name: 'ix_survey_answers_check', columnNames: ['texts_check'] }));
    await qr.createTable(new Table({
      name: 'survey_findings', ...tableEngineOptions(qr),
      columns: [
        c.id(), c.ref('school_id'), c.ref('survey_id'), c.string('grade_name', 20, true), c.int('place', true), c.string('kind', 10, true),
        c.string('text', 60), c.text('measures'), c.string('due_on', 10), c.ref('created_by'), c.datetime('created_at'),
      ],
      indices: [new TableIndex({ name: 'ix_survey_findings_survey', columnNames: ['survey_id', 'created_at'] })],
    }));
    await qr.addColumn('surveys', new TableColumn(c.bool('parents')));
    await qr.createTable(new Table({
      name: 'survey_parent_tokens', ...tableEngineOptions(qr),
      columns: [{ name: 'token_hmac', type: 'varchar', length: '64', isPrimary: true }, c.ref('survey_id')],
    }));
    await qr.createTable(new Table({
      name: 'survey_parent_answers', ...tableEngineOptions(qr),
      columns: [{ name: 'id', type: sqlite ? 'integer' : 'bigint', isPrimary: true }, c.ref('survey_id'), c.json('answers')],
      indices: [new TableIndex({ name: 'ix_survey_parent_answers_survey', columnNames: ['survey_id'] })],
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('survey_parent_answers');
    await qr.dropTable('survey_parent_tokens');
    await qr.dropColumn('surveys', 'parents');
    await qr.dropTable('survey_findings');
    await qr.dropIndex('survey_answers', 'ix_survey_answers_check');
    await qr.dropColumn('survey_answers', 'texts_check_failures');
    await qr.dropColumn('survey_answers', 'texts_check');
  }
}
