import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * Onboarding a deployment: one-time invites (stored hashed) for a district's officers and a school's first
 * administrator; a school's 学段, address and 学校标识码 (unique within its district); and the set-up marks the
 * checklist reads that no other table keeps (when the tip-box poster was last downloaded, and for which contact).
 */
export class Onboarding1764601500000 implements MigrationInterface {
  name = 'Onboarding1764601500000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({
      name: 'onboarding_invites',
      columns: [
        c.id(), c.string('code_hash', 64), c.string('kind', 32), c.ref('district_id'), c.ref('school_id', true), c.ref('created_by', true),
        c.datetime('created_at'), c.datetime('expires_at'), c.ref('redeemed_by', true), c.datetime('redeemed_at', true),
      ],
      indices: [
        new TableIndex({ name: 'ux_onboarding_invites_code', columnNames: ['code_hash'], isUnique: true }),
        new TableIndex({ name: 'ix_onboarding_invites_district', columnNames: ['district_id'] }),
        new TableIndex({ name: 'ix_onboarding_invites_school', columnNames: ['school_id'] }),
      ],
      ...tableEngineOptions(qr),
    }));
    await qr.addColumns('schools', [
      new TableColumn(c.string('stage', 16, true)),
      new TableColumn(c.string('address', 200, true)),
      new TableColumn(c.string('national_code', 10, true)),
    ]);
    // NULLs never collide in a unique index (SQLite, MariaDB, MySQL): schools without a code are not limited.
    await qr.createIndex('schools', new TableIndex({ name: 'ux_schools_district_national_code', columnNames: ['district_id', 'national_code'], isUnique: true }));
    await qr.createTable(new Table({
      name: 'school_setup_marks',
      columns: [c.id('school_id'), c.datetime('poster_downloaded_at', true), c.string('poster_contact', 100, true)],
      ...tableEngineOptions(qr),
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('school_setup_marks');
    await qr.dropIndex('schools', 'ux_schools_district_national_code');
    await qr.dropColumn('schools', 'national_code');
    await qr.dropColumn('schools', 'address');
    await qr.dropColumn('schools', 'stage');
    await qr.dropTable('onboarding_invites');
  }
}
