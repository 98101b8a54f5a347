import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The fan-out walks a school's approved bindings in guardian order and needs each one's class (to keep the notice's
 * classes), child and relation. The index on (school_id, status, guardian_user_id) gave the order but sent every
 * entry to the table row for the rest: at 100,000 guardians each batch read thousands of rows scattered over the
 * table. This one holds those columns too, so a batch reads one stretch of the index and nothing else. It replaces
 * the old one, whose queries (a school's approved guardians) it serves as well.
 */
export class NoticeFanoutIndex1764601900000 implements MigrationInterface {
  name = 'NoticeFanoutIndex1764601900000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex('bindings', new TableIndex({
      name: 'ix_bindings_fanout', columnNames: ['school_id', 'status', 'guardian_user_id', 'class_id', 'student_id', 'relation'],
    }));
    await qr.dropIndex('bindings', 'ix_bindings_school_status_guardian');
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.createIndex('bindings', new TableIndex({ name: 'ix_bindings_school_status_guardian', columnNames: ['school_id', 'status', 'guardian_user_id'] }));
    await qr.dropIndex('bindings', 'ix_bindings_fanout');
  }
}
