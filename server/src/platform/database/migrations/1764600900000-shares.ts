import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * Share cards in WeChat groups: shares (one per subject), the groups cards were opened from (named by a
 * teacher), and the counted openings (a keyed hash per user, share, group and day; no user id). Session keys
 * stored before this were plain text: they are cleared, and the next WeChat login stores a sealed one.
 */
export class Shares1764600900000 implements MigrationInterface {
  name = 'Shares1764600900000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({
      name: 'shares',
      columns: [c.id(), c.ref('school_id'), c.string('subject_kind', 16), c.ref('subject_id'), { name: 'created_on', type: 'date', isNullable: false }],
      indices: [
        new TableIndex({ name: 'ux_shares_subject', columnNames: ['subject_kind', 'subject_id'], isUnique: true }),
        new TableIndex({ name: 'ix_shares_school', columnNames: ['school_id'] }),
      ],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'share_groups',
      columns: [c.id(), c.ref('school_id'), c.string('opengid', 128), c.string('name', 30, true), { name: 'first_seen_on', type: 'date', isNullable: false }],
      indices: [new TableIndex({ name: 'ux_share_groups_school_opengid', columnNames: ['school_id', 'opengid'], isUnique: true })],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'share_opens',
      columns: [
        { name: 'dedupe_key', type: 'varchar', length: '64', isPrimary: true }, c.ref('share_id'), c.ref('group_id', true),
        { name: 'opened_on', type: 'date', isNullable: false },
      ],
      indices: [new TableIndex({ name: 'ix_share_opens_share_group', columnNames: ['share_id', 'group_id'] })],
      ...tableEngineOptions(qr),
    }));
    await qr.query("UPDATE users SET wx_session_key = NULL WHERE wx_session_key IS NOT NULL AND wx_session_key NOT LIKE 'wsk1.%'");
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('share_opens');
    await qr.dropTable('share_groups');
    await qr.dropTable('shares');
  }
}
