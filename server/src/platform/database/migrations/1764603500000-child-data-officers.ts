import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * Each school's person responsible for children's personal information (features/privacy): name and phone, one row
 * per school (the key is the school id, so no other index).
 */
export class ChildDataOfficers1764603500000 implements MigrationInterface {
  name = 'ChildDataOfficers1764603500000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({
      name: 'child_data_officers',
      columns: [c.id('school_id'), c.string('name', 50), c.string('phone', 27), c.datetime('updated_at')],
      ...tableEngineOptions(qr),
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('child_data_officers');
  }
}
