import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * Triage against misuse: `tip_triage` (how a case was closed by triage: 恶意/虚假, 玩笑, 重复 with the case it was merged
 * into, 非欺凌-其他求助 with where it was referred, encrypted) and `tip_floods` (a school's floods of tips, and until
 * when its submission limit is tightened). Existing data keeps its meaning: a finding of `false_report` is read as
 * the 恶意/虚假举报 outcome, and nothing is rewritten.
 */
export class TipTriage1764603000000 implements MigrationInterface {
  name = 'TipTriage1764603000000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({
      name: 'tip_triage',
      columns: [
        c.id('tip_id'), c.ref('school_id'), c.string('outcome', 16), c.ref('merged_into_id', true), c.text('referred_to_enc', true),
        c.text('statement', true), c.ref('by_user_id'), c.datetime('at'),
      ],
      ...tableEngineOptions(qr),
    }));
    await qr.createIndex('tip_triage', new TableIndex({ name: 'ix_tip_triage_school', columnNames: ['school_id', 'outcome'] }));
    await qr.createIndex('tip_triage', new TableIndex({ name: 'ix_tip_triage_merged', columnNames: ['merged_into_id'] }));
    await qr.createTable(new Table({
      name: 'tip_floods',
      columns: [c.id(), c.ref('school_id'), c.datetime('started_at'), c.datetime('last_tip_at'), c.datetime('tightened_until')],
      ...tableEngineOptions(qr),
    }));
    await qr.createIndex('tip_floods', new TableIndex({ name: 'ix_tip_floods_school', columnNames: ['school_id', 'tightened_until'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('tip_floods');
    await qr.dropTable('tip_triage');
  }
}
