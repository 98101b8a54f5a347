import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/** Staff invitations: one-time codes (stored hashed) that grant a staff role at a school. */
export class StaffInvites1764420000000 implements MigrationInterface {
  name = 'StaffInvites1764420000000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({
      name: 'staff_invites',
      columns: [
        c.id(), c.string('code_hash', 64), c.ref('school_id'), c.string('role', 32), c.json('class_ids'), c.ref('created_by'),
        c.datetime('created_at'), c.datetime('expires_at'), c.ref('redeemed_by', true), c.datetime('redeemed_at', true),
      ],
      indices: [
        new TableIndex({ name: 'uq_staff_invites_code', columnNames: ['code_hash'], isUnique: true }),
        new TableIndex({ name: 'ix_staff_invites_school', columnNames: ['school_id'] }),
      ],
      ...tableEngineOptions(qr),
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('staff_invites');
  }
}
