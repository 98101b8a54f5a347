import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * Anonymous bullying surveys: the survey, its one-time codes (keyed HMACs only) and the answers. An answer row has no
 * time column and a random integer key: on SQLite that key is the rowid, so the file's order is random too.
 */
export class Surveys1764603300000 implements MigrationInterface {
  name = 'Surveys1764603300000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    const sqlite = qr.connection.driver.options.type === 'better-sqlite3';
    await qr.createTable(new Table({
      name: 'surveys', ...tableEngineOptions(qr),
      columns: [
        c.id(), c.ref('school_id'), c.string('title', 40), c.string('semester_key', 6), c.json('class_ids'), c.json('custom_questions'),
        c.int('spare_codes'), c.datetime('opens_at'), c.datetime('closes_at'), c.datetime('closed_at', true), c.int('talk_requests', false, 0),
        c.ref('created_by'), c.datetime('created_at'),
      ],
      indices: [new TableIndex({ name: 'ix_surveys_school', columnNames: ['school_id', 'semester_key'] }), new TableIndex({ name: 'ix_surveys_closes', columnNames: ['closes_at'] })],
    }));
    await qr.createTable(new Table({
      name: 'survey_codes', ...tableEngineOptions(qr),
      columns: [{ name: 'code_hmac', type: 'varchar', length: '64', isPrimary: true }, c.ref('survey_id'), c.ref('class_id'), c.bool('used')],
      indices: [new TableIndex({ name: 'ix_survey_codes_class', columnNames: ['survey_id', 'class_id', 'used'] })],
    }));
    await qr.createTable(new Table({
      name: 'survey_answers', ...tableEngineOptions(qr),
      columns: [
        // INTEGER PRIMARY KEY on SQLite is the rowid itself: a random key leaves no insertion order behind.
        { name: 'id', type: sqlite ? 'integer' : 'bigint', isPrimary: true },
        c.ref('survey_id'), c.ref('class_id'), c.string('version', 5), c.json('answers'), c.text('texts', true),
      ],
      indices: [new TableIndex({ name: 'ix_survey_answers_survey', columnNames: ['survey_id', 'class_id'] })],
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('survey_answers');
    await qr.dropTable('survey_codes');
    await qr.dropTable('surveys');
  }
}
